import type { CallState } from '../call-state.js';
import { BulkheadRejectedError } from '../errors/bulkhead-rejected-error.js';
import { ConnectorConfigError } from '../errors/connector-config-error.js';
import type { EventHub } from '../events.js';
import type { CallContext, Middleware } from '../model.js';

/** Concurrency limit per key with a bounded queue. */
export interface BulkheadOptions {
  /** Calls running at once per key. */
  maxConcurrent: number;
  /** Calls waiting for a slot. Default 0 (reject at once when full). */
  maxQueue?: number;
  /** Longest wait in the queue before rejection. Default: until the call's deadline. */
  maxQueueWaitMs?: number;
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

interface Compartment {
  active: number;
  queue: Waiter[];
}

/**
 * Bulkhead per connector: a slot is held only while the rest of the chain runs. Queued callers that abort (or pass
 * their deadline) leave the queue at once, so they never hold a place that live callers need. Rejections are their
 * own error and sit outside the breaker, so they never open a circuit.
 */
export function bulkheadMiddleware(options: BulkheadOptions, events: EventHub): Middleware {
  if (!Number.isInteger(options.maxConcurrent) || options.maxConcurrent < 1) {
    throw new ConnectorConfigError('bulkhead.maxConcurrent', `must be a positive integer, got ${String(options.maxConcurrent)}`);
  }
  const maxQueue = options.maxQueue ?? 0;
  const compartments = new Map<string, Compartment>();

  const release = (key: string, compartment: Compartment): void => {
    const waiter = compartment.queue.shift();
    if (waiter !== undefined) {
      waiter.resolve();
      return;
    }
    compartment.active -= 1;
    // Idle compartments stay (re-creating one per sequential call would allocate on the hot path); the map is
    // pruned of idle entries only when it grows past its bound.
    if (compartment.active === 0 && compartments.size > 1000) compartments.delete(key);
  };

  const run = <T>(key: string, compartment: Compartment, ctx: CallContext, next: (ctx: CallContext) => Promise<T>): Promise<T> =>
    next(ctx).then(
      (value) => {
        release(key, compartment);
        return value;
      },
      (error: unknown) => {
        release(key, compartment);
        throw error;
      },
    );

  const reject = (ctx: CallContext, reason: string): Promise<never> => {
    const request = ctx.request;
    if (events.wants('bulkhead.rejected')) events.emit('bulkhead.rejected', { connector: request.connector, operation: request.operation, reason });
    return Promise.reject(new BulkheadRejectedError(`bulkhead ${reason} for ${request.connector}/${request.operation}`, { connector: request.connector, operation: request.operation }));
  };

  return {
    name: 'bulkhead',
    handle<T>(ctx: CallContext, next: (ctx: CallContext) => Promise<T>): Promise<T> {
      const key = ctx.request.connector;
      let compartment = compartments.get(key);
      if (compartment === undefined) compartments.set(key, (compartment = { active: 0, queue: [] }));
      if (compartment.active < options.maxConcurrent) {
        compartment.active += 1;
        return run(key, compartment, ctx, next);
      }
      if (compartment.queue.length >= maxQueue) return reject(ctx, 'full');
      (ctx as CallState).waited = true;
      const signal = (ctx as CallState).callSignal();
      const held = compartment;
      return new Promise<void>((resolve, rejectWait) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const leave = (): boolean => {
          const index = held.queue.indexOf(waiter);
          if (index < 0) return false;
          held.queue.splice(index, 1);
          return true;
        };
        const onAbort = (): void => {
          if (leave()) {
            if (timer !== undefined) clearTimeout(timer);
            rejectWait(signal.reason);
          }
        };
        const waiter: Waiter = {
          resolve: () => {
            if (timer !== undefined) clearTimeout(timer);
            signal.removeEventListener('abort', onAbort);
            resolve();
          },
          reject: rejectWait,
        };
        held.queue.push(waiter);
        signal.addEventListener('abort', onAbort, { once: true });
        if (options.maxQueueWaitMs !== undefined) {
          timer = setTimeout(() => {
            if (leave()) {
              signal.removeEventListener('abort', onAbort);
              reject(ctx, 'queue wait exceeded').catch(rejectWait);
            }
          }, options.maxQueueWaitMs);
          timer.unref();
        }
      }).then(() => run(key, held, ctx, next));
    },
  };
}
