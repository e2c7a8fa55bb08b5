import type { Subscription } from './model.js';

/**
 * Adds `listener` to `listeners` and returns the subscription that removes it. Disposing twice is a no-op, so a
 * second dispose never removes another registration of the same function.
 */
export function subscribe<T>(listeners: T[], listener: T): Subscription {
  listeners.push(listener);
  let active = true;
  return {
    dispose: () => {
      if (!active) return;
      active = false;
      const index = listeners.indexOf(listener);
      if (index >= 0) listeners.splice(index, 1);
    },
  };
}
