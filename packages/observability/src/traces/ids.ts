import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';

/** Makes trace, failure and action ids. */
export interface IdGenerator {
  traceId(otelTraceId?: string): string;
  failureId(): string;
  actionId(): string;
}

/** Options of {@link createIdGenerator}. */
export interface IdGeneratorOptions {
  clock?: Clock;
  /** Upper-case hex of `bytes` random bytes. Default: `crypto.randomBytes`. */
  randomHex?: (bytes: number) => string;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/**
 * Ids with the reference's human prefixes (`TRC-YYYYMMDD-HHMMSS-…`, `FLR-YYYYMMDD-…`) but 64 random bits instead of
 * 16, so a busy day cannot collide; a trace started inside an OTel span reuses the span's trace id.
 */
export function createIdGenerator(options: IdGeneratorOptions = {}): IdGenerator {
  const clock = options.clock ?? systemClock;
  const randomHex = options.randomHex ?? ((bytes: number) => randomBytes(bytes).toString('hex').toUpperCase());
  const stamp = (withTime: boolean): string => {
    const date = new Date(clock.now());
    const day = `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}`;
    return withTime ? `${day}-${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}` : day;
  };
  return {
    traceId: (otelTraceId) => `TRC-${stamp(true)}-${otelTraceId && /^[0-9a-f]{32}$/i.test(otelTraceId) ? otelTraceId.toUpperCase() : randomHex(8)}`,
    failureId: () => `FLR-${stamp(false)}-${randomHex(8)}`,
    actionId: () => `ACT-${randomHex(8)}`,
  };
}
