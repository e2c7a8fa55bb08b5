import { StoreError } from './store-error.js';

/** An option passed to a store factory is invalid; raised at open, before anything is touched. */
export class StoreConfigError extends StoreError {
  readonly code = 'STORE_BAD_CONFIG' as const;
  /** Name of the offending option. */
  readonly option: string;

  constructor(option: string, message: string) {
    super(`Invalid store option ${option}: ${message}`);
    this.option = option;
  }
}
