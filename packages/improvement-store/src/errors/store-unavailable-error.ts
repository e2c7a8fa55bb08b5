import { StoreError } from './store-error.js';

/** The store cannot serve the call right now: closed, corrupt, recovering, or the operation needs another backend. */
export class StoreUnavailableError extends StoreError {
  readonly code = 'STORE_UNAVAILABLE' as const;
}
