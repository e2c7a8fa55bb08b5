import { StoreError } from './store-error.js';

/** The database was migrated by a newer version of this package (it holds migration tags this version lacks). */
export class StoreVersionTooNewError extends StoreError {
  readonly code = 'STORE_VERSION_TOO_NEW' as const;
  /** Applied tags this version does not know. */
  readonly unknownTags: string[];

  constructor(message: string, unknownTags: string[]) {
    super(message);
    this.unknownTags = unknownTags;
  }
}
