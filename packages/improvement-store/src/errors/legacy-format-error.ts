import { StoreError } from './store-error.js';

/** A legacy state document, backup envelope or legacy SQLite file failed validation. */
export class LegacyFormatError extends StoreError {
  readonly code = 'STORE_LEGACY_FORMAT' as const;
  /** Path of the source, when it came from a file. */
  readonly path?: string;

  constructor(message: string, path?: string, cause?: unknown) {
    super(message, { cause });
    if (path !== undefined) this.path = path;
  }
}
