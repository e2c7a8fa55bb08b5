import { StoreValidationError } from '../errors/store-validation-error.js';

/** Encodes a keyset position (sort time in µs, row seq) as an opaque cursor. */
export function encodeCursor(timeUs: number, seq: number): string {
  return Buffer.from(JSON.stringify([timeUs, seq]), 'utf8').toString('base64url');
}

/** Decodes a cursor made by {@link encodeCursor}; anything else is a validation error. */
export function decodeCursor(cursor: string): { timeUs: number; seq: number } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((x) => Number.isSafeInteger(x))) {
      return { timeUs: value[0] as number, seq: value[1] as number };
    }
  } catch {
    // fall through to the typed error
  }
  throw new StoreValidationError('cursor', 'is not a cursor returned by this store');
}
