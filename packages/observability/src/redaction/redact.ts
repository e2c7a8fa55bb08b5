/** Options of {@link redact}. */
export interface RedactOptions {
  /** Emails, US social security numbers and phone numbers. Default true. */
  pii?: boolean;
  /** API keys, bearer tokens, JWTs, private keys, and values under secret-looking keys. Default true. */
  secrets?: boolean;
  /**
   * `strict` (default) redacts only phone numbers written with separators (`555-123-4567`, `(555) 123-4567`,
   * `+1 555 123 4567`), leaving bare 10-digit ids alone; `loose` is the reference's pattern, which hits any 10-digit
   * number.
   */
  phone?: 'strict' | 'loose';
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const SSN = /\b\d{3}-\d{2}-\d{4}\b/g;
const PHONE_LOOSE = /\b\d{3}[-.]?\d{3}[-.]?\d{4}\b/g;
const PHONE_STRICT = /(?:\+1[-.\s]?)?(?:\(\d{3}\)\s?|\b\d{3}[-.\s])\d{3}[-.\s]\d{4}\b/g;
const SECRET_PATTERNS: readonly RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  /\bBearer\s+[A-Za-z0-9._~+/-]{8,}=*/g,
];
const SECRET_KEY = /(?:pass(?:word|wd)?|secret|token|api[-_]?key|authorization|credential|private[-_]?key)$/i;

/** Redacts one string; the PII order (email, SSN, phone) follows the reference. */
export function redactString(text: string, options: RedactOptions = {}): string {
  let out = text;
  if (options.secrets ?? true) {
    for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, '[SECRET_REDACTED]');
  }
  if (options.pii ?? true) {
    out = out.replace(EMAIL, '[EMAIL_REDACTED]').replace(SSN, '[SSN_REDACTED]');
    out = out.replace((options.phone ?? 'strict') === 'loose' ? PHONE_LOOSE : PHONE_STRICT, '[PHONE_REDACTED]');
  }
  return out;
}

function walk(value: unknown, options: RedactOptions, seen: WeakMap<object, unknown>): unknown {
  if (typeof value === 'string') return redactString(value, options);
  if (typeof value !== 'object' || value === null) return value;
  const cached = seen.get(value);
  if (cached !== undefined) return cached;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(walk(item, options, seen));
    return out;
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  // Only plain records are rewritten; class instances (Dates, Buffers, errors) pass through untouched.
  if (prototype !== Object.prototype && prototype !== null) return value;
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const [key, item] of Object.entries(value)) {
    out[key] = (options.secrets ?? true) && typeof item === 'string' && SECRET_KEY.test(key) ? '[SECRET_REDACTED]' : walk(item, options, seen);
  }
  return out;
}

/**
 * Returns a copy of `value` with PII and secrets replaced by `[EMAIL_REDACTED]`, `[SSN_REDACTED]`,
 * `[PHONE_REDACTED]` and `[SECRET_REDACTED]`, at any depth (strings inside nested objects and arrays too). Plain
 * objects and arrays are copied (the input is never mutated; cycles are preserved); other values pass through.
 * Logger-agnostic: use it in a log formatter and for captured span content.
 */
export function redact<T>(value: T, options: RedactOptions = {}): T {
  return walk(value, options, new WeakMap()) as T;
}
