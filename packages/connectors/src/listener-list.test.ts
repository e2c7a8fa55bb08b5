import { describe, expect, it } from 'vitest';
import { subscribe } from './listener-list.js';

describe('subscribe', () => {
  it('adds the listener and removes exactly that registration once', () => {
    const listeners: Array<() => void> = [];
    const shared = (): void => undefined;
    const first = subscribe(listeners, shared);
    subscribe(listeners, shared);
    expect(listeners).toHaveLength(2);
    first.dispose();
    first.dispose();
    expect(listeners).toEqual([shared]);
  });
});
