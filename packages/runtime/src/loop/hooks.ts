import type { RuntimeHooks } from '../ports/index.js';

/**
 * Calls lifecycle hooks so they can only record: each hook runs synchronously up to its first await, its
 * rejection or throw is swallowed and counted, and the run never waits for it (a hanging hook cannot stall a run).
 */
export class HookCaller {
  errors = 0;
  private readonly hooks: RuntimeHooks[];

  constructor(hooks: RuntimeHooks | RuntimeHooks[] | undefined, private readonly onError?: (error: unknown, hook: string) => void) {
    this.hooks = hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks];
  }

  get size(): number {
    return this.hooks.length;
  }

  call<K extends keyof RuntimeHooks>(name: K, arg: Parameters<NonNullable<RuntimeHooks[K]>>[0]): void {
    for (const h of this.hooks) {
      const fn = h[name] as ((a: unknown) => void | Promise<void>) | undefined;
      if (fn === undefined) continue;
      try {
        const r = fn.call(h, arg);
        if (r !== undefined && typeof (r as Promise<void>).then === 'function') {
          (r as Promise<void>).then(undefined, (error: unknown) => this.fail(error, name));
        }
      } catch (error) {
        this.fail(error, name);
      }
    }
  }

  private fail(error: unknown, hook: string): void {
    this.errors += 1;
    try {
      this.onError?.(error, hook);
    } catch {
      // An error reporter that throws must not break the run either.
    }
  }
}

/** Records into a sink without letting its failures or slowness reach the caller. */
export function safeRecord<T>(record: ((s: T) => void | Promise<void>) | undefined, signal: T, onError: (e: unknown) => void): void {
  if (record === undefined) return;
  try {
    const r = record(signal);
    if (r !== undefined && typeof (r as Promise<void>).then === 'function') (r as Promise<void>).then(undefined, onError);
  } catch (error) {
    onError(error);
  }
}
