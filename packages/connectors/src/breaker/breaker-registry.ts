import { systemClock, type Clock } from '@agent33/observability';
import { ConnectorConfigError } from '../errors/connector-config-error.js';
import type { ConnectorRequest, Subscription } from '../model.js';
import { ConsecutiveBreaker } from './circuit-breaker.js';
import type { BreakerOptions, BreakerRegistry, CircuitBreaker, CircuitEvent } from './types.js';
import { subscribe } from '../listener-list.js';

/** Options of {@link createBreakerRegistry}. */
export interface BreakerRegistryOptions {
  /** Defaults for breakers the registry creates. */
  defaults?: BreakerOptions;
  /** Most breakers kept; the least recently used closed breaker is evicted first. Default 1000. */
  maxKeys?: number;
  /** Maps a request to its breaker key. Default: the connector id. */
  keyOf?: (request: ConnectorRequest) => string;
  clock?: Clock;
}

class Registry implements BreakerRegistry {
  private readonly breakers = new Map<string, ConsecutiveBreaker>();
  private readonly listeners: Array<(event: CircuitEvent) => void> = [];
  private readonly maxKeys: number;
  private readonly clock: Clock;
  readonly keyOf: (request: ConnectorRequest) => string;

  constructor(private readonly options: BreakerRegistryOptions) {
    this.maxKeys = options.maxKeys ?? 1000;
    if (!Number.isInteger(this.maxKeys) || this.maxKeys < 1) {
      throw new ConnectorConfigError('maxKeys', `must be a positive integer, got ${String(options.maxKeys)}`);
    }
    this.clock = options.clock ?? systemClock;
    this.keyOf = options.keyOf ?? ((request) => request.connector);
  }

  get size(): number {
    return this.breakers.size;
  }

  get(key: string): CircuitBreaker | undefined {
    return this.breakers.get(key);
  }

  getOrCreate(key: string, overrides?: BreakerOptions): CircuitBreaker {
    const existing = this.breakers.get(key);
    if (existing !== undefined) {
      // Refresh recency only now and then would be cheaper; a delete + set keeps exact LRU order.
      if (this.breakers.size >= this.maxKeys) {
        this.breakers.delete(key);
        this.breakers.set(key, existing);
      }
      return existing;
    }
    const breaker = new ConsecutiveBreaker(key, { ...this.options.defaults, ...overrides }, this.clock);
    breaker.onStateChange((event) => {
      for (const listener of [...this.listeners]) listener(event);
    });
    if (this.breakers.size >= this.maxKeys && !this.evictOne()) {
      // Every kept breaker is open or probing: serve an unregistered breaker rather than forget an open one.
      return breaker;
    }
    this.breakers.set(key, breaker);
    return breaker;
  }

  private evictOne(): boolean {
    for (const [key, breaker] of this.breakers) {
      if (breaker.state === 'closed' || breaker.state === 'disabled') {
        this.breakers.delete(key);
        return true;
      }
    }
    return false;
  }

  entries(): IterableIterator<[string, CircuitBreaker]> {
    return this.breakers.entries();
  }

  onStateChange(fn: (event: CircuitEvent) => void): Subscription {
    return subscribe(this.listeners, fn);
  }
}

/** Creates a bounded registry of breakers shared by every executor that uses it. */
export function createBreakerRegistry(options: BreakerRegistryOptions = {}): BreakerRegistry {
  return new Registry(options);
}
