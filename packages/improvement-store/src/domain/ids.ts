import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Produces ids for new records; injectable so tests get deterministic ids. */
export interface StoreIdGenerator {
  /** A new id `<prefix>-<ULID>`. */
  next(prefix: string, nowMs: number): string;
}

/** Encodes a ULID: 48-bit millisecond time then 80 random bits, Crockford base32, 26 characters, time-sortable. */
export function encodeUlid(nowMs: number, random: Uint8Array): string {
  let time = Math.max(0, Math.floor(nowMs));
  let timePart = '';
  for (let index = 0; index < 10; index += 1) {
    timePart = CROCKFORD[time % 32] + timePart;
    time = Math.floor(time / 32);
  }
  // 80 random bits, most significant first, five at a time (80 is a multiple of 5, so nothing is left over).
  let randomPart = '';
  let acc = 0;
  let accBits = 0;
  for (let index = 0; index < 10; index += 1) {
    acc = ((acc << 8) | (random[index] ?? 0)) & 0xfff;
    accBits += 8;
    while (accBits >= 5) {
      accBits -= 5;
      randomPart += CROCKFORD[(acc >> accBits) & 31];
    }
  }
  return timePart + randomPart;
}

// Random bytes are drawn in blocks: one crypto call per 256 ids instead of one per id.
let pool = Buffer.alloc(0);
let poolOffset = 0;
function random10(): Uint8Array {
  if (poolOffset + 10 > pool.length) {
    pool = randomBytes(2560);
    poolOffset = 0;
  }
  poolOffset += 10;
  return pool.subarray(poolOffset - 10, poolOffset);
}

/** The default generator: `<prefix>-` + a ULID with 80 bits from `crypto.randomBytes`. */
export const ulidIds: StoreIdGenerator = {
  next: (prefix, nowMs) => `${prefix}-${encodeUlid(nowMs, random10())}`,
};

/** A deterministic generator for tests: `<prefix>-` + a ULID whose random part counts up from 1. */
export function sequentialIds(): StoreIdGenerator {
  let counter = 0;
  return {
    next(prefix, nowMs) {
      counter += 1;
      const random = new Uint8Array(10);
      let value = counter;
      for (let index = 9; index >= 0 && value > 0; index -= 1) {
        random[index] = value % 256;
        value = Math.floor(value / 256);
      }
      return `${prefix}-${encodeUlid(nowMs, random)}`;
    },
  };
}
