import type { CircuitEvent } from './breaker/types.js';
import type { CallReport, Subscription } from './model.js';

/** Every event a boundary emits, by name. Emitting costs one array-length check when nobody listens. */
export interface BoundaryEventMap {
  'call.end': { connector: string; operation: string; report: CallReport; error?: unknown };
  attempt: { connector: string; operation: string; attempt: number; ok: boolean; latencyMs: number; error?: unknown };
  retry: { connector: string; operation: string; attempt: number; delayMs: number; error: unknown };
  'governance.decision': { connector: string; operation: string; allowed: boolean; reason: string; policyId: string; rule?: string; version: number };
  'governance.unknown_pack': { pack: string };
  timeout: { connector: string; operation: string; scope: 'total' | 'attempt'; timeoutMs: number };
  'breaker.transition': CircuitEvent;
  'breaker.rejected': { connector: string; operation: string; reason: string };
  'bulkhead.rejected': { connector: string; operation: string; reason: string };
  'egress.blocked': { connector: string; operation: string; url: string; rule: string };
  'stream.end': { connector: string; operation: string; ok: boolean; chunks: number; durationMs: number; error?: unknown };
}

/** One event with its name, as delivered to `onEvent`. */
export type BoundaryEvent = { [K in keyof BoundaryEventMap]: { type: K } & BoundaryEventMap[K] }[keyof BoundaryEventMap];

/** A tiny typed event hub; listener errors are swallowed so observers never change call outcomes. */
export class EventHub {
  private readonly listeners = new Map<string, Array<(event: never) => void>>();
  private count = 0;

  constructor(private readonly sink?: (event: BoundaryEvent) => void) {}

  /** True when at least one listener (or the sink) would receive `type`. */
  wants(type: keyof BoundaryEventMap): boolean {
    return this.sink !== undefined || (this.count > 0 && (this.listeners.get(type)?.length ?? 0) > 0);
  }

  on<K extends keyof BoundaryEventMap>(type: K, fn: (event: BoundaryEventMap[K]) => void): Subscription {
    let list = this.listeners.get(type);
    if (list === undefined) this.listeners.set(type, (list = []));
    list.push(fn as (event: never) => void);
    this.count += 1;
    let active = true;
    return {
      dispose: () => {
        if (!active) return;
        active = false;
        const index = list.indexOf(fn as (event: never) => void);
        if (index >= 0) list.splice(index, 1);
        this.count -= 1;
      },
    };
  }

  emit<K extends keyof BoundaryEventMap>(type: K, event: BoundaryEventMap[K]): void {
    if (this.sink !== undefined) {
      try {
        this.sink({ type, ...event } as BoundaryEvent);
      } catch {
        // observers never change outcomes
      }
    }
    const list = this.count > 0 ? this.listeners.get(type) : undefined;
    if (list === undefined || list.length === 0) return;
    for (const fn of [...list]) {
      try {
        (fn as (e: BoundaryEventMap[K]) => void)(event);
      } catch {
        // observers never change outcomes
      }
    }
  }
}
