import { StoreValidationError } from '../errors/store-validation-error.js';
import type { Iso8601 } from './types.js';

const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|z|[+-]\d{2}:?\d{2})?$/;

/** Microseconds since the epoch for a clock reading in milliseconds (fractional milliseconds kept to the µs). */
export function msToMicros(ms: number): number {
  return Math.round(ms * 1000);
}

/** Formats microseconds since the epoch as ISO-8601 UTC with six fractional digits (Python's µs precision). */
export function microsToIso(micros: number): Iso8601 {
  const ms = Math.floor(micros / 1000);
  const sub = micros - ms * 1000;
  const base = new Date(ms).toISOString(); // 2026-01-02T03:04:05.123Z
  return `${base.slice(0, 23)}${String(sub).padStart(3, '0')}Z`;
}

/**
 * Parses an ISO-8601 timestamp into microseconds since the epoch. A missing offset means UTC (Python's naive
 * datetimes in the reference were UTC); digits beyond microseconds are truncated.
 */
export function isoToMicros(value: string, field = 'timestamp'): number {
  const match = ISO_PATTERN.exec(value);
  if (!match) throw new StoreValidationError(field, `not an ISO-8601 timestamp: ${JSON.stringify(value)}`);
  const [, y, mo, d, h, mi, s, frac, zone] = match;
  const baseMs = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(baseMs)) throw new StoreValidationError(field, `not a valid date: ${JSON.stringify(value)}`);
  const check = new Date(baseMs);
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1) {
    throw new StoreValidationError(field, `not a valid date: ${JSON.stringify(value)}`);
  }
  const micros = Number(((frac ?? '') + '000000').slice(0, 6));
  let offsetMinutes = 0;
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  }
  return (baseMs - offsetMinutes * 60_000) * 1000 + micros;
}
