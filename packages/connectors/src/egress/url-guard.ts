import { isIP } from 'node:net';
import { ConnectorConfigError } from '../errors/connector-config-error.js';
import { EgressBlockedError } from '../errors/egress-blocked-error.js';
import { isBlockedAddress } from './ip.js';

/** Egress rules for outbound HTTP. */
export interface EgressPolicy {
  /** Allowed URL schemes (without colon). Default `http`, `https`. */
  schemes?: readonly string[];
  /** Block private / loopback / link-local / reserved destinations. Default true. */
  blockPrivate?: boolean;
  /** Private hosts allowed anyway: `host` or `host:port` (e.g. `localhost:11434` for a local model server). */
  allowPrivateHosts?: readonly string[];
  /** Deny-by-default domain allowlist (exact host or subdomain suffix); undefined = no allowlist check. */
  domainAllowlist?: readonly string[];
  /** Resolve names at connect time and refuse blocked addresses (pinned: the vetted address is the one dialled). */
  resolveDns?: boolean;
  /** Redirects followed (each hop re-validated). Default 0: any 3xx is refused. */
  maxRedirects?: number;
  /** Streaming response-size cap in bytes. Default 5 MiB. */
  maxResponseBytes?: number;
  /** Name resolver used when `resolveDns` is on (tests inject a stub). Default `dns.lookup` with `all: true`. */
  resolver?: (hostname: string) => Promise<ReadonlyArray<{ address: string; family: number }>>;
}

/** Default response cap: 5 MiB, as in the reference. */
export const DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

function hostOf(url: URL): string {
  const host = url.hostname;
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function defaultPort(url: URL): string {
  if (url.port !== '') return url.port;
  return url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '';
}

/** True when `url`'s host (or host:port) is listed in `allowPrivateHosts`. */
export function isPrivateHostAllowed(url: URL, allow: readonly string[] | undefined): boolean {
  if (allow === undefined || allow.length === 0) return false;
  const host = url.hostname.toLowerCase();
  const withPort = `${host}:${defaultPort(url)}`;
  return allow.some((entry) => {
    const normalised = entry.toLowerCase();
    return normalised === host || normalised === withPort;
  });
}

/** True for `localhost`, `localhost.` and any `*.localhost` name. */
export function isLocalhostName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

/**
 * The deny-by-default domain allowlist of the reference's web tools: exact host or a subdomain of a listed domain.
 */
export function checkDomainAllowlist(host: string, allowlist: readonly string[]): { allowed: boolean; reason?: string } {
  if (typeof host !== 'string' || !Array.isArray(allowlist)) throw new ConnectorConfigError('allowlist', 'expected a host string and an array of domains');
  if (allowlist.length === 0) {
    return { allowed: false, reason: 'Domain allowlist not configured — all requests denied by default' };
  }
  const name = host.toLowerCase().replace(/\.$/, '');
  for (const entry of allowlist) {
    const domain = entry.toLowerCase().replace(/^\*?\./, '').replace(/\.$/, '');
    if (name === domain || name.endsWith(`.${domain}`)) return { allowed: true };
  }
  return { allowed: false, reason: `Domain '${name}' is not in the allowlist` };
}

/**
 * Validates a URL before any network work (no DNS): scheme, host, localhost names, IP literals in blocked ranges
 * (after WHATWG normalisation, so `2130706433`, `0x7f000001` and `127.1` are all 127.0.0.1), and the domain
 * allowlist when configured. Throws {@link EgressBlockedError} (message contains "blocked by SSRF policy").
 */
export function validateUrl(input: string | URL, policy: EgressPolicy = {}): URL {
  let url: URL;
  try {
    url = input instanceof URL ? new URL(input.href) : new URL(String(input));
  } catch (error) {
    throw new EgressBlockedError(`URL blocked by SSRF policy: invalid URL ${JSON.stringify(String(input))}`, String(input), 'invalid', { cause: error });
  }
  const schemes = policy.schemes ?? ['http', 'https'];
  const scheme = url.protocol.replace(/:$/, '');
  if (!schemes.includes(scheme)) {
    throw new EgressBlockedError(`URL blocked by SSRF policy: scheme '${scheme}' is not allowed`, url.href, 'scheme');
  }
  const host = hostOf(url);
  if (host === '') throw new EgressBlockedError('URL blocked by SSRF policy: hostname required', url.href, 'host');
  if (policy.blockPrivate ?? true) {
    const privateAllowed = isPrivateHostAllowed(url, policy.allowPrivateHosts);
    if (!privateAllowed && isLocalhostName(host)) {
      throw new EgressBlockedError(`URL blocked by SSRF policy: host '${host}' is local`, url.href, 'private-address');
    }
    if (!privateAllowed && isIP(host) !== 0 && isBlockedAddress(host)) {
      throw new EgressBlockedError(`URL blocked by SSRF policy: address ${host} is in a blocked network`, url.href, 'private-address');
    }
  }
  if (policy.domainAllowlist !== undefined) {
    const verdict = checkDomainAllowlist(host, policy.domainAllowlist);
    if (!verdict.allowed) throw new EgressBlockedError(verdict.reason ?? 'not in the allowlist', url.href, 'allowlist');
  }
  return url;
}
