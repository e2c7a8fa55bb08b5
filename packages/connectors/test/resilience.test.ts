import { ManualClock } from '@agent33/observability';
import { describe, expect, it } from 'vitest';
import {
  BulkheadRejectedError,
  CircuitOpenError,
  ConnectorHttpError,
  ConnectorTimeoutError,
  ConnectorTransportError,
  EgressBlockedError,
  GovernanceDeniedError,
  createBoundary,
  createBreakerRegistry,
  type CallContext,
  type CallReport,
} from '../src/index.js';

const flush = async (): Promise<void> => {
  for (let index = 0; index < 20; index += 1) await Promise.resolve();
};

function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const transient = () => new ConnectorTransportError('upstream down');

describe('breaker registry', () => {
  it('shares one breaker per connector across executors; other connectors are unaffected', async () => {
    const breakers = createBreakerRegistry();
    const a = createBoundary({ breakers, timeoutMs: 0 });
    const b = createBoundary({ breakers, timeoutMs: 0 });
    for (const executor of [a, b, a.forConnector('mcp:github')]) {
      await expect(executor.execute({ connector: 'mcp:github', operation: 'tools/call' }, async () => Promise.reject(transient()))).rejects.toThrow();
    }
    expect(breakers.get('mcp:github')?.state).toBe('open');
    await expect(b.execute({ connector: 'mcp:github', operation: 'tools/call' }, async () => 1)).rejects.toBeInstanceOf(CircuitOpenError);
    await expect(b.execute({ connector: 'mcp:gitlab', operation: 'tools/call' }, async () => 'fine')).resolves.toBe('fine');
  });

  it('stays bounded with 10 000 keys and never evicts an open breaker', () => {
    const registry = createBreakerRegistry({ maxKeys: 1000, defaults: { failureThreshold: 1 } });
    const open = registry.getOrCreate('key-open');
    open.acquire().failure();
    expect(open.state).toBe('open');
    for (let index = 0; index < 10_000; index += 1) registry.getOrCreate(`key-${index}`);
    expect(registry.size).toBeLessThanOrEqual(1000);
    expect(registry.get('key-open')).toBe(open);
  });
});

describe('half-open probes and generations', () => {
  it('admits one probe among 50 concurrent calls; the probe success closes; an aborted probe does not wedge', async () => {
    const clock = new ManualClock(0);
    const boundary = createBoundary({ clock, timeoutMs: 0, breaker: { failureThreshold: 1, recoveryMs: 1000, halfOpenSuccesses: 1 } });
    const request = { connector: 'svc:probe', operation: 'GET' };
    await expect(boundary.execute(request, async () => Promise.reject(transient()))).rejects.toThrow();
    clock.advance(1000);
    const gate = deferred<string>();
    let invoked = 0;
    const calls = Array.from({ length: 50 }, () =>
      boundary.execute(request, () => {
        invoked += 1;
        return gate.promise;
      }).then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
    );
    await flush();
    expect(invoked).toBe(1);
    gate.resolve('probe');
    const outcomes = await Promise.all(calls);
    const rejected = outcomes.filter((outcome) => !outcome.ok);
    expect(rejected).toHaveLength(49);
    expect(rejected.every((outcome) => !outcome.ok && outcome.error instanceof CircuitOpenError && outcome.error.reason === 'half_open_saturated')).toBe(true);
    expect(boundary.breakers.get('svc:probe')?.state).toBe('closed');

    // Aborted probe: the next call probes again.
    await expect(boundary.execute(request, async () => Promise.reject(transient()))).rejects.toThrow();
    clock.advance(2000);
    const controller = new AbortController();
    const stuck = boundary.execute({ ...request, signal: controller.signal }, () => new Promise(() => undefined));
    await flush();
    controller.abort();
    await expect(stuck).rejects.toMatchObject({ code: 'CONNECTOR_ABORTED' });
    await expect(boundary.execute(request, async () => 'probe 2')).resolves.toBe('probe 2');
    expect(boundary.breakers.get('svc:probe')?.state).toBe('closed');
  });

  it('ignores stragglers admitted before the breaker opened', async () => {
    const clock = new ManualClock(0);
    const registry = createBreakerRegistry({ clock, defaults: { failureThreshold: 1, recoveryMs: 10_000 } });
    const breaker = registry.getOrCreate('svc:straggler');
    const straggler = breaker.acquire();
    const late = breaker.acquire();
    breaker.acquire().failure();
    expect(breaker.state).toBe('open');
    const openedAt = breaker.snapshot().openedAt;
    clock.advance(5000);
    straggler.success();
    expect(breaker.state).toBe('open');
    late.failure();
    expect(breaker.snapshot().openedAt).toBe(openedAt);
  });

  it('reproduces the reference straggler behaviour only in compat', async () => {
    const boundary = createBoundary({ preset: 'compat', breaker: {}, timeoutMs: 0 });
    const breaker = boundary.breakers.getOrCreate('svc:compat', { failureThreshold: 1, generations: false });
    const straggler = breaker.acquire();
    breaker.acquire().failure();
    straggler.success();
    expect(breaker.state).toBe('closed');
  });

  it('grows recovery 30, 60, 120, 240, 300 s under agent33-head; half-open needs 2 successes', async () => {
    const clock = new ManualClock(0);
    const boundary = createBoundary({ preset: 'agent33-head', clock, timeoutMs: 0 });
    const breaker = boundary.breakers.getOrCreate('svc:head', { failureThreshold: 1 });
    const recoveries: number[] = [];
    for (let trip = 1; trip <= 5; trip += 1) {
      if (breaker.state === 'closed') breaker.acquire().failure();
      else {
        clock.advance(breaker.snapshot().cooldownRemainingMs);
        breaker.acquire().failure();
      }
      recoveries.push(breaker.snapshot().effectiveRecoveryMs / 1000);
    }
    expect(recoveries).toEqual([30, 60, 120, 240, 300]);
    const before = breaker.snapshot().cooldownRemainingMs;
    clock.advance(1000);
    expect(breaker.snapshot().cooldownRemainingMs).toBe(before - 1000);
    clock.advance(before);
    breaker.acquire().success();
    expect(breaker.state).toBe('half_open');
    breaker.acquire().failure();
    expect(breaker.state).toBe('open');
    clock.advance(breaker.snapshot().cooldownRemainingMs);
    breaker.acquire().success();
    breaker.acquire().success();
    expect(breaker.state).toBe('closed');
  });
});

describe('deadlines, attempt timeouts and caller aborts', () => {
  it('counts deadline expiry and attempt timeouts as breaker failures and report failures', async () => {
    const boundary = createBoundary({ timeoutMs: 20, breaker: { failureThreshold: 2 } });
    let report: CallReport | undefined;
    await expect(
      boundary.execute({ connector: 'svc:slow', operation: 'GET', onReport: (r) => (report = { ...r }) }, () => new Promise((resolve) => setTimeout(resolve, 200))),
    ).rejects.toBeInstanceOf(ConnectorTimeoutError);
    expect(report).toMatchObject({ attempts: 1, failures: 1, successes: 0 });
    expect(boundary.breakers.get('svc:slow')?.snapshot().consecutiveFailures).toBe(1);
    expect(boundary.orphaned).toBe(1);

    const perAttempt = createBoundary({ timeoutMs: 5000, attemptTimeoutMs: 20, retry: { maxAttempts: 2, backoff: 'none' }, breaker: { failureThreshold: 5 } });
    let calls = 0;
    await expect(
      perAttempt.execute({ connector: 'svc:attempt', operation: 'GET', onReport: (r) => (report = { ...r }) }, (ctx) => {
        calls += 1;
        return new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
      }),
    ).rejects.toMatchObject({ code: 'CONNECTOR_TIMEOUT', scope: 'attempt' });
    expect(calls).toBe(2);
    expect(report).toMatchObject({ attempts: 2, failures: 2 });
    expect(perAttempt.breakers.get('svc:attempt')?.snapshot().consecutiveFailures).toBe(2);
    await boundary.close();
    await perAttempt.close();
  });

  it('releases the caller on abort at once, never retries, and leaves the breaker untouched', async () => {
    const clock = new ManualClock(0);
    const boundary = createBoundary({ clock, retry: { maxAttempts: 3, backoff: 'none' }, breaker: { failureThreshold: 1 } });
    const controller = new AbortController();
    let seen: CallContext | undefined;
    let calls = 0;
    const promise = boundary.execute({ connector: 'svc:abort', operation: 'GET', signal: controller.signal }, (ctx) => {
      calls += 1;
      seen = ctx;
      return clock.sleep(60_000).then(() => 'never');
    });
    await flush();
    controller.abort(new Error('user cancelled'));
    await expect(promise).rejects.toMatchObject({ code: 'CONNECTOR_ABORTED' });
    expect(seen?.signal.aborted).toBe(true);
    expect(calls).toBe(1);
    expect(boundary.breakers.get('svc:abort')?.state).toBe('closed');
    expect(boundary.breakers.get('svc:abort')?.snapshot().consecutiveFailures).toBe(0);
    await boundary.close();
  });
});

describe('retry policy', () => {
  it('makes exactly one attempt for governance, egress, circuit-open, bulkhead and abort errors', async () => {
    for (const error of [
      new GovernanceDeniedError('no', 'p'),
      new EgressBlockedError('blocked by SSRF policy', 'http://x', 'host'),
      new CircuitOpenError('open', 0),
      new BulkheadRejectedError('full'),
    ]) {
      const boundary = createBoundary({ retry: { maxAttempts: 5, backoff: 'none' }, breaker: false });
      let calls = 0;
      await expect(boundary.execute({ connector: 'svc:nr', operation: 'GET' }, async () => {
        calls += 1;
        throw error;
      })).rejects.toBe(error);
      expect(calls).toBe(1);
    }
  });

  it('keeps backoff delays within [0, cap] (seeded decorrelated jitter) and honours Retry-After on the fake clock', async () => {
    const clock = new ManualClock(0);
    let seed = 42;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const delays: number[] = [];
    const boundary = createBoundary({ clock, timeoutMs: 0, breaker: false, retry: { maxAttempts: 8, backoff: { initialMs: 100, maxMs: 1000 }, random } });
    boundary.on('retry', (event) => delays.push(event.delayMs));
    const starts: number[] = [];
    const done = boundary.execute({ connector: 'svc:jitter', operation: 'GET' }, async () => {
      starts.push(clock.now());
      throw transient();
    });
    for (let index = 0; index < 200 && starts.length < 8; index += 1) {
      await flush();
      clock.advance(50);
    }
    await expect(done).rejects.toThrow('upstream down');
    expect(delays).toHaveLength(7);
    expect(delays.every((delay) => delay >= 0 && delay <= 1000)).toBe(true);

    const after = createBoundary({ clock, timeoutMs: 0, breaker: false, retry: { maxAttempts: 2, backoff: { initialMs: 10, maxMs: 100 }, honorRetryAfter: { maxMs: 5000 } } });
    const times: number[] = [];
    const call = after.execute({ connector: 'svc:ra', operation: 'GET' }, async () => {
      times.push(clock.now());
      if (times.length === 1) throw new ConnectorHttpError(503, 'busy', { retryAfterMs: 2000 });
      return 'ok';
    });
    for (let index = 0; index < 100 && times.length < 2; index += 1) {
      await flush();
      clock.advance(100);
    }
    await expect(call).resolves.toBe('ok');
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(2000);
  });

  it('starts no attempt past the deadline and retries POST only when opted in', async () => {
    const boundary = createBoundary({ breaker: false, timeoutMs: 1000, retry: { maxAttempts: 3, backoff: 'none', minAttemptMs: 5000 } });
    let calls = 0;
    await expect(boundary.execute({ connector: 'svc:min', operation: 'GET' }, async () => {
      calls += 1;
      throw transient();
    })).rejects.toThrow();
    expect(calls).toBe(1);

    const post = createBoundary({ breaker: false, retry: { maxAttempts: 3, backoff: 'none' } });
    let posts = 0;
    await expect(post.execute({ connector: 'svc:post', operation: 'POST' }, async () => {
      posts += 1;
      throw transient();
    })).rejects.toThrow();
    expect(posts).toBe(1);
    const optIn = createBoundary({ breaker: false, retry: { maxAttempts: 3, backoff: 'none', retryNonIdempotent: true } });
    posts = 0;
    await expect(optIn.execute({ connector: 'svc:post', operation: 'POST' }, async () => {
      posts += 1;
      throw transient();
    })).rejects.toThrow();
    expect(posts).toBe(3);
    await boundary.close();
  });

  it('keeps total attempts within the retry budget against a failing upstream', async () => {
    const clock = new ManualClock(0);
    const boundary = createBoundary({ clock, breaker: false, timeoutMs: 0, retry: { maxAttempts: 3, backoff: 'none', budget: { ratio: 0.2, minPerSecond: 10 } } });
    let attempts = 0;
    const calls = 500;
    for (let index = 0; index < calls; index += 1) {
      await boundary.execute({ connector: 'svc:budget', operation: 'GET' }, async () => {
        attempts += 1;
        throw transient();
      }).catch(() => undefined);
    }
    expect(attempts).toBeLessThanOrEqual(1.2 * calls + 10);
    expect(attempts).toBeGreaterThan(calls);
  });
});

describe('bulkhead', () => {
  it('rejects the 4th concurrent call at once, frees an aborted waiter, and never opens the breaker', async () => {
    const boundary = createBoundary({ timeoutMs: 0, bulkhead: { maxConcurrent: 2, maxQueue: 1 }, breaker: { failureThreshold: 1 } });
    const gate = deferred<string>();
    const request = { connector: 'svc:bulk', operation: 'GET' };
    const running = [boundary.execute(request, () => gate.promise), boundary.execute(request, () => gate.promise)];
    const controller = new AbortController();
    const queued = boundary.execute({ ...request, signal: controller.signal }, async () => 'queued ran');
    await expect(boundary.execute(request, async () => 'fourth')).rejects.toBeInstanceOf(BulkheadRejectedError);
    controller.abort();
    await expect(queued).rejects.toMatchObject({ code: 'CONNECTOR_ABORTED' });
    const replacement = boundary.execute(request, async () => 'replacement ran');
    gate.resolve('done');
    await expect(Promise.all(running)).resolves.toEqual(['done', 'done']);
    await expect(replacement).resolves.toBe('replacement ran');
    expect(boundary.breakers.get('svc:bulk')?.state).toBe('closed');
  });
});

describe('rate limit', () => {
  it('waits for a token within the deadline and rejects when none would arrive in time', async () => {
    const clock = new ManualClock(0);
    const boundary = createBoundary({ clock, timeoutMs: 0, breaker: false, rateLimit: { tokensPerSecond: 1, burst: 1 } });
    const request = { connector: 'svc:rl', operation: 'GET' };
    await expect(boundary.execute(request, async () => 'first')).resolves.toBe('first');
    let second = false;
    const waiting = boundary.execute(request, async () => (second = true));
    await flush();
    expect(second).toBe(false);
    clock.advance(1000);
    await expect(waiting).resolves.toBe(true);
    const hurried = createBoundary({ clock, breaker: false, rateLimit: { tokensPerSecond: 1, burst: 1 } });
    await hurried.execute({ ...request, timeoutMs: 100 }, async () => 1);
    await expect(hurried.execute({ ...request, timeoutMs: 100 }, async () => 2)).rejects.toMatchObject({ code: 'CONNECTOR_RATE_LIMITED' });
    await boundary.close();
    await hurried.close();
  });
});
