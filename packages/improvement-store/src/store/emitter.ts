import type { StoreEvents } from './types.js';

/** A tiny typed event emitter; a throwing listener never breaks the store. */
export class StoreEmitter {
  private readonly listeners = new Map<keyof StoreEvents, Set<(e: never) => void>>();

  on<E extends keyof StoreEvents>(event: E, listener: (e: StoreEvents[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as (e: never) => void);
    return () => set.delete(listener as (e: never) => void);
  }

  emit<E extends keyof StoreEvents>(event: E, payload: StoreEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        (listener as (e: StoreEvents[E]) => void)(payload);
      } catch {
        // Listeners are observers: their failures must not change the store's behaviour.
      }
    }
  }
}
