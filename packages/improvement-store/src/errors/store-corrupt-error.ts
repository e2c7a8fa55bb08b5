import { StoreError } from './store-error.js';

/** The database file is damaged or is not this package's file; carries what the checks saw. */
export class StoreCorruptError extends StoreError {
  readonly code = 'STORE_CORRUPT' as const;
  /** Path of the database file. */
  readonly path: string;
  /** SQLite result code when the damage surfaced as a driver error (`SQLITE_CORRUPT`, `SQLITE_NOTADB`). */
  readonly sqliteCode?: string;
  /** Where the damaged files were moved, when they were. */
  readonly quarantinePath?: string;
  /** Lines reported by `quick_check` / `integrity_check`. */
  readonly checkOutput?: string[];

  constructor(
    message: string,
    details: { path: string; sqliteCode?: string; quarantinePath?: string; checkOutput?: string[]; cause?: unknown },
  ) {
    super(message, { cause: details.cause });
    this.path = details.path;
    if (details.sqliteCode !== undefined) this.sqliteCode = details.sqliteCode;
    if (details.quarantinePath !== undefined) this.quarantinePath = details.quarantinePath;
    if (details.checkOutput !== undefined) this.checkOutput = details.checkOutput;
  }
}
