import { createHash, timingSafeEqual } from 'node:crypto';
import type { Scope, TokenConfig } from '../config/index.js';

/** Who is calling, as resolved from a bearer token. */
export interface Principal {
  subject: string;
  scopes: readonly Scope[];
  /** The tenant the token acts for (store data is tenant-scoped); `default` when the token names none. */
  tenantId?: string;
}

/** Resolves bearer tokens to principals in constant time per configured token (digests are compared, not strings). */
export class TokenAuthenticator {
  private readonly entries: Array<{ digest: Buffer; principal: Principal }>;

  constructor(tokens: readonly TokenConfig[]) {
    this.entries = tokens.map((t) => ({
      digest: digest(t.token),
      principal: { subject: t.subject, scopes: t.scopes, ...(t.tenantId === undefined ? {} : { tenantId: t.tenantId }) },
    }));
  }

  /** The principal for an `Authorization` header value, or undefined when missing, malformed or unknown. */
  authenticate(header: string | undefined): Principal | undefined {
    if (header === undefined) return undefined;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match === null) return undefined;
    const presented = digest(match[1] as string);
    let found: Principal | undefined;
    // Compare against every entry so timing does not reveal which token matched.
    for (const entry of this.entries) if (timingSafeEqual(entry.digest, presented)) found = entry.principal;
    return found;
  }
}

/** True when the principal holds the scope; `admin` implies every scope. */
export function hasScope(principal: Principal, scope: Scope): boolean {
  return principal.scopes.includes(scope) || principal.scopes.includes('admin');
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
