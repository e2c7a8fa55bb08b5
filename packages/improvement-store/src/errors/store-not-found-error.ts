import { StoreError } from './store-error.js';

/** The addressed record does not exist (in the given tenant scope). */
export class StoreNotFoundError extends StoreError {
  readonly code = 'STORE_NOT_FOUND' as const;
  readonly entity: string;
  readonly id: string;

  constructor(entity: string, id: string) {
    super(`${entity} not found: ${id}`);
    this.entity = entity;
    this.id = id;
  }
}
