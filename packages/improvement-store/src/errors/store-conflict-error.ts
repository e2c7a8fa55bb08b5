import { StoreError } from './store-error.js';

/** An optimistic-concurrency check failed: the record changed since the caller read it. */
export class StoreConflictError extends StoreError {
  readonly code = 'STORE_CONFLICT' as const;
}
