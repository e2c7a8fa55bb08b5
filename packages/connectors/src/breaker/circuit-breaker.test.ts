import { ManualClock } from '@agent33/observability';
import { describe, expect, it } from 'vitest';
import { CircuitOpenError } from '../errors/circuit-open-error.js';
import { ConnectorConfigError } from '../errors/connector-config-error.js';
import { ConsecutiveBreaker } from './circuit-breaker.js';
import type { CircuitEvent } from './types.js';

describe('ConsecutiveBreaker admin and windows', () => {
  it('isolates (ref-counted), disables, resets, and reports transitions once per real change', () => {
    const breaker = new ConsecutiveBreaker('svc:a', {}, new ManualClock(0));
    const events: CircuitEvent[] = [];
    breaker.onStateChange((event) => events.push(event));
    const first = breaker.isolate();
    const second = breaker.isolate();
    expect(() => breaker.acquire()).toThrow(CircuitOpenError);
    first.dispose();
    expect(breaker.state).toBe('isolated');
    second.dispose();
    expect(breaker.state).toBe('closed');
    breaker.disable();
    for (let index = 0; index < 10; index += 1) breaker.acquire().failure();
    expect(breaker.state).toBe('disabled');
    breaker.reset();
    expect(breaker.state).toBe('closed');
    expect(events.map((event) => `${event.from}>${event.to}`)).toEqual(['closed>isolated', 'isolated>closed', 'closed>disabled', 'disabled>closed']);
  });

  it('opens on a failure rate over a count window with minimum calls', () => {
    const breaker = new ConsecutiveBreaker('svc:w', { window: { kind: 'count', size: 10, failureRate: 0.5, minCalls: 4 } }, new ManualClock(0));
    breaker.acquire().failure();
    breaker.acquire().success();
    breaker.acquire().failure();
    expect(breaker.state).toBe('closed');
    breaker.acquire().failure();
    expect(breaker.state).toBe('open');
  });

  it('round-trips through toJSON / hydrate and validates options', () => {
    const clock = new ManualClock(1000);
    const breaker = new ConsecutiveBreaker('svc:p', { failureThreshold: 1 }, clock);
    breaker.acquire().failure();
    const restored = new ConsecutiveBreaker('svc:p', { failureThreshold: 1 }, clock);
    restored.hydrate(JSON.parse(JSON.stringify(breaker.toJSON())));
    expect(restored.snapshot()).toMatchObject({ state: 'open', totalTrips: 1, openedAt: 1000 });
    expect(() => new ConsecutiveBreaker('x', { failureThreshold: 0 }, clock)).toThrow(ConnectorConfigError);
    expect(() => restored.hydrate(null)).toThrow(ConnectorConfigError);
  });

  it('runs execute() with a classifier deciding what counts', async () => {
    const breaker = new ConsecutiveBreaker('svc:c', { failureThreshold: 1 }, new ManualClock(0));
    await expect(breaker.execute(async () => Promise.reject(new Error('404')), () => 'ignore')).rejects.toThrow('404');
    expect(breaker.state).toBe('closed');
    await expect(breaker.execute(async () => Promise.reject(new Error('500')))).rejects.toThrow('500');
    expect(breaker.state).toBe('open');
  });
});

describe('rate windows', () => {
  it('forgets outcomes older than a time window', () => {
    const clock = new ManualClock(0);
    const breaker = new ConsecutiveBreaker('svc:t', { window: { kind: 'time', durationMs: 1000, failureRate: 0.5, minCalls: 4 } }, clock);
    breaker.acquire().failure();
    breaker.acquire().failure();
    clock.advance(1500);
    breaker.acquire().success();
    breaker.acquire().success();
    breaker.acquire().failure();
    expect(breaker.state).toBe('closed');
    breaker.acquire().failure();
    expect(breaker.state).toBe('open');
  });

  it('trips on the slow-call rate even when every call succeeds', async () => {
    const clock = new ManualClock(0);
    const breaker = new ConsecutiveBreaker('svc:slow', { window: { kind: 'count', size: 4, failureRate: 1, minCalls: 4, slowCallMs: 100, slowCallRate: 0.5 } }, clock);
    const slowCall = () => breaker.execute(async () => clock.advance(150));
    const fastCall = () => breaker.execute(async () => clock.advance(10));
    await fastCall();
    await slowCall();
    await fastCall();
    expect(breaker.state).toBe('closed');
    await slowCall();
    expect(breaker.state).toBe('open');
  });
});
