import { StoreError } from './store-error.js';

/** An applied migration's recorded sha-256 differs from the migration shipped in this version. */
export class MigrationChecksumError extends StoreError {
  readonly code = 'STORE_MIGRATION_CHECKSUM' as const;
  /** Tag of the migration whose hash differs. */
  readonly tag: string;

  constructor(message: string, tag: string) {
    super(message);
    this.tag = tag;
  }
}
