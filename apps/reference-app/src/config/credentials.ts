import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors/index.js';
import { SCOPES, type TokenConfig } from './schema.js';

const fileSchema = z.object({
  tokens: z.array(
    z.object({ token: z.string().min(16), scopes: z.array(z.enum(SCOPES)).min(1), subject: z.string().min(1) }),
  ),
});

/** Scopes of the generated operator token: everything except the store's admin routes. */
export const OPERATOR_SCOPES = SCOPES.filter((s) => s !== 'admin');

/** The generated credentials file under the data directory. */
export function credentialsPath(dataDir: string): string {
  return join(dataDir, 'credentials.json');
}

/**
 * The tokens to accept: the configured ones, or (when none are configured) the ones in
 * `<dataDir>/credentials.json`, generated on first run with an operator token and an admin token, mode 0600.
 * Nothing listens without authentication.
 */
export function resolveTokens(
  configured: readonly TokenConfig[],
  dataDir: string,
  random: (n: number) => Buffer = randomBytes,
): { tokens: TokenConfig[]; generated: boolean; path?: string } {
  if (configured.length > 0) return { tokens: [...configured], generated: false };
  const path = credentialsPath(dataDir);
  if (existsSync(path)) {
    const parsed = fileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (!parsed.success) {
      throw new ConfigError(
        parsed.error.issues.map((i) => ({ key: `tokens.${i.path.join('.')}`, source: path, message: i.message })),
      );
    }
    return { tokens: parsed.data.tokens, generated: false, path };
  }
  const tokens: TokenConfig[] = [
    { token: `a33_${random(24).toString('base64url')}`, scopes: [...OPERATOR_SCOPES], subject: 'operator' },
    { token: `a33_admin_${random(24).toString('base64url')}`, scopes: ['admin'], subject: 'admin' },
  ];
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify({ tokens }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return { tokens, generated: true, path };
}
