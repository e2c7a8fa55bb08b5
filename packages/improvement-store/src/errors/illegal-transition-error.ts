import { StoreError } from './store-error.js';

/** An intake status change the intake state machine does not allow. */
export class IllegalTransitionError extends StoreError {
  readonly code = 'STORE_ILLEGAL_TRANSITION' as const;
  readonly from: string;
  readonly to: string;

  constructor(from: string, to: string) {
    super(`Illegal intake transition: ${from} -> ${to}`);
    this.from = from;
    this.to = to;
  }
}
