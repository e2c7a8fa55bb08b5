import { BaseStore, type BaseStoreOptions } from './base-store.js';
import { MemoryBackend } from './memory-backend.js';
import type { ImprovementStore } from './types.js';

class MemoryStore extends BaseStore {
  readonly kind = 'memory' as const;

  constructor(options: BaseStoreOptions) {
    super(new MemoryBackend(), options);
  }
}

/**
 * An in-process store with the full contract and no native dependency: for tests, demos and hosts that do not need
 * durability. Data is lost when the process ends.
 */
export function createMemoryStore(options: BaseStoreOptions = {}): ImprovementStore {
  return new MemoryStore(options);
}
