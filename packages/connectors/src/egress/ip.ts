import { isIP } from 'node:net';

type Range = readonly [base: bigint, prefix: number];

function v4(text: string): bigint {
  return text.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

/** Parses a canonical IPv6 address (with optional embedded IPv4 tail) to a 128-bit integer. */
function v6(text: string): bigint {
  let address = text.toLowerCase();
  const zone = address.indexOf('%');
  if (zone >= 0) address = address.slice(0, zone);
  const tailMatch = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (tailMatch !== null) {
    const tail = v4(tailMatch[1] as string);
    address = `${address.slice(0, tailMatch.index)}${(tail >> 16n).toString(16)}:${(tail & 0xffffn).toString(16)}`;
  }
  const [head = '', rest] = address.split('::') as [string, string | undefined];
  const headParts = head === '' ? [] : head.split(':');
  const tailParts = rest === undefined || rest === '' ? [] : rest.split(':');
  const missing = 8 - headParts.length - tailParts.length;
  const parts = rest === undefined ? headParts : [...headParts, ...Array<string>(missing).fill('0'), ...tailParts];
  return parts.reduce((acc, part) => (acc << 16n) | BigInt(parseInt(part || '0', 16)), 0n);
}

const V4_BLOCKED: readonly Range[] = (
  [
    ['0.0.0.0', 8], // "this network", includes the unspecified address
    ['10.0.0.0', 8],
    ['100.64.0.0', 10], // CGNAT
    ['127.0.0.0', 8],
    ['169.254.0.0', 16], // link-local, cloud metadata
    ['172.16.0.0', 12],
    ['192.0.0.0', 24], // IETF protocol assignments
    ['192.0.2.0', 24], // documentation
    ['192.168.0.0', 16],
    ['198.18.0.0', 15], // benchmarking
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 4], // multicast
    ['240.0.0.0', 4], // reserved + broadcast
  ] as const
).map(([base, prefix]) => [v4(base), prefix] as const);

const V6_BLOCKED: readonly Range[] = (
  [
    ['::', 128], // unspecified
    ['::1', 128], // loopback
    ['fc00::', 7], // unique local
    ['fe80::', 10], // link-local
    ['fec0::', 10], // site-local (deprecated, still routed internally)
    ['ff00::', 8], // multicast
    ['2001:db8::', 32], // documentation
    ['100::', 64], // discard
  ] as const
).map(([base, prefix]) => [v6(base), prefix] as const);

function inRange(value: bigint, bits: number, [base, prefix]: Range): boolean {
  const shift = BigInt(bits - prefix);
  return value >> shift === base >> shift;
}

/** The IPv4 address embedded in an IPv4-mapped (::ffff:0:0/96), IPv4-compatible or NAT64 (64:ff9b::/96) address. */
function embeddedV4(value: bigint): bigint | undefined {
  const high = value >> 32n;
  if (high === 0xffffn || high === 0n) return value & 0xffffffffn;
  if (value >> 32n === 0x64ff9bn << 64n) return value & 0xffffffffn;
  if (value >> 112n === 0x2002n) return (value >> 80n) & 0xffffffffn; // 6to4
  return undefined;
}

/**
 * True when `ip` (a literal IPv4 or IPv6 address) is loopback, private, link-local, CGNAT, multicast, unspecified,
 * reserved or cloud metadata, including IPv4 embedded in mapped / compatible / NAT64 / 6to4 IPv6 forms.
 * Anything that is not an IP literal is reported blocked (fail closed).
 */
export function isBlockedAddress(ip: string): boolean {
  if (typeof ip !== 'string') return true;
  const text = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  const family = isIP(text.split('%')[0] ?? '');
  if (family === 4) {
    const value = v4(text);
    return V4_BLOCKED.some((range) => inRange(value, 32, range));
  }
  if (family === 6) {
    const value = v6(text);
    if (V6_BLOCKED.some((range) => inRange(value, 128, range))) return true;
    const embedded = embeddedV4(value);
    if (embedded !== undefined) return V4_BLOCKED.some((range) => inRange(embedded, 32, range));
    return false;
  }
  return true;
}
