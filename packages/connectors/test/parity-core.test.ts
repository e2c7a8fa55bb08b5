import { ManualClock } from '@agent33/observability';
import { describe, expect, it } from 'vitest';
import {
  CircuitOpenError,
  ConnectorError,
  ConnectorHttpError,
  ConnectorTimeoutError,
  ConnectorTransportError,
  GovernanceDeniedError,
  POLICY_PACKS,
  UnknownPolicyPackError,
  createBoundary,
  createExecutor,
  getPolicyPack,
  mapConnectorError,
  toBoundaryMetrics,
  type BoundaryEvent,
  type BoundaryPreset,
  type CallReport,
  type Middleware,
} from '../src/index.js';

const PRESETS: BoundaryPreset[] = ['compat', 'default'];

describe('executor (scenario 2)', () => {
  it('runs two middlewares first-before, second-before, handler, second-after, first-after', async () => {
    const events: string[] = [];
    const tracing = (name: string): Middleware => ({
      name,
      async handle(ctx, next) {
        events.push(`${name}-before`);
        const value = await next(ctx);
        events.push(`${name}-after`);
        return value;
      },
    });
    const executor = createExecutor([tracing('first'), tracing('second')]);
    const result = await executor.execute({ connector: 'test:chain', operation: 'run' }, async () => {
      events.push('handler');
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(events).toEqual(['first-before', 'second-before', 'handler', 'second-after', 'first-after']);
    expect(executor.order).toEqual(['first', 'second']);
  });

  it('calls the handler exactly once through an empty chain', async () => {
    let calls = 0;
    const executor = createExecutor([]);
    await expect(executor.execute({ connector: 'test:empty', operation: 'run' }, async () => ++calls)).resolves.toBe(1);
    expect(calls).toBe(1);
  });

  it('rejects malformed requests with a typed error', async () => {
    const executor = createExecutor([]);
    expect(() => executor.execute({ connector: '', operation: 'x' }, async () => 1)).toThrow(ConnectorError);
  });
});

describe.each(PRESETS)('policy packs under the %s preset (scenario 1)', (preset) => {
  it('handles an unknown pack name per preset', async () => {
    const seen: BoundaryEvent[] = [];
    if (preset === 'compat') {
      const boundary = createBoundary({ preset, policyPack: 'no-such-pack', onEvent: (event) => seen.push(event) });
      const description = boundary.describe();
      expect(description.blockedConnectors).toEqual([]);
      expect(description.blockedOperations).toEqual([]);
      expect(seen.filter((event) => event.type === 'governance.unknown_pack')).toEqual([{ type: 'governance.unknown_pack', pack: 'no-such-pack' }]);
      await expect(boundary.execute({ connector: 'tool:web_fetch', operation: 'GET' }, async () => 'went')).resolves.toBe('went');
    } else {
      let error: unknown;
      try {
        createBoundary({ preset, policyPack: 'no-such-pack' });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(UnknownPolicyPackError);
      expect((error as UnknownPolicyPackError).code).toBe('CONNECTOR_UNKNOWN_POLICY_PACK');
      expect((error as Error).message).toContain('no-such-pack');
    }
  });

  it('unions pack lists with explicit lists', () => {
    const boundary = createBoundary({ preset, policyPack: 'strict-web', blockedConnectors: ['llm:openai'], blockedOperations: ['DELETE'] });
    expect(new Set(boundary.describe().blockedConnectors)).toEqual(new Set([...POLICY_PACKS['strict-web']!.blockedConnectors, 'llm:openai']));
    expect(boundary.describe().blockedOperations).toEqual(['DELETE']);
  });
});

describe('pack contents', () => {
  it('has the reference contents for the three original packs', () => {
    expect(getPolicyPack('default').blockedConnectors).toEqual([]);
    expect(getPolicyPack('default').blockedOperations).toEqual([]);
    expect([...getPolicyPack('strict-web').blockedConnectors].sort()).toEqual(['search:searxng', 'tool:reader', 'tool:web_fetch', 'workflow:http_request']);
    expect(getPolicyPack('strict-web').blockedOperations).toEqual([]);
    expect(getPolicyPack('mcp-readonly').blockedConnectors).toEqual([]);
    expect(getPolicyPack('mcp-readonly').blockedOperations).toEqual(['tools/call']);
    expect(getPolicyPack('').name).toBe('default');
    expect(getPolicyPack(undefined).name).toBe('default');
  });
});

describe.each(PRESETS)('breaker with a fake clock under %s (scenario 3)', (preset) => {
  it('goes closed → closed → open → reject → (11 s) half_open → closed', async () => {
    const clock = new ManualClock(1_000);
    const boundary = createBoundary({ preset, clock, timeoutMs: 0, breaker: { failureThreshold: 2, recoveryMs: 10_000, halfOpenSuccesses: 1 } });
    const request = { connector: 'test:breaker', operation: 'GET' };
    let calls = 0;
    const fail = async (): Promise<never> => {
      calls += 1;
      throw new ConnectorTransportError('boom');
    };
    await expect(boundary.execute(request, fail)).rejects.toThrow('boom');
    expect(boundary.breakers.get('test:breaker')?.state).toBe('closed');
    await expect(boundary.execute(request, fail)).rejects.toThrow('boom');
    expect(boundary.breakers.get('test:breaker')?.state).toBe('open');
    await expect(boundary.execute(request, fail)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(calls).toBe(2);
    clock.advance(11_000);
    const states: string[] = [];
    await boundary.execute(request, async () => {
      states.push(boundary.breakers.get('test:breaker')!.state);
      return 'ok';
    });
    expect(states).toEqual(['half_open']);
    expect(boundary.breakers.get('test:breaker')?.state).toBe('closed');
    await boundary.close();
  });
});

describe.each(PRESETS)('timeouts, retry and metrics under %s (scenarios 6–8)', (preset) => {
  it('rejects a 50 ms handler under a 10 ms timeout with the reference message', async () => {
    const boundary = createBoundary({ preset, timeoutMs: 10 });
    const promise = boundary.execute({ connector: 'test:timeout', operation: 'sleep' }, () => new Promise((resolve) => setTimeout(resolve, 50, 'late')));
    await expect(promise).rejects.toBeInstanceOf(ConnectorTimeoutError);
    await expect(promise).rejects.toThrow(/connector call timed out after 0\.01s: test:timeout\/sleep/);
    await boundary.close();
  });

  it('retries once after one transient failure and reports it', async () => {
    const boundary = createBoundary({ preset, retry: { maxAttempts: 2, backoff: 'none' } });
    let calls = 0;
    let report: CallReport | undefined;
    const value = await boundary.execute(
      { connector: 'test:retry', operation: 'GET', onReport: (r) => (report = { ...r }) },
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('transient');
        return 'second';
      },
    );
    expect(value).toBe('second');
    expect(calls).toBe(2);
    expect(report).toMatchObject({ attempts: 2, failures: 1, successes: 1 });
    await boundary.close();
  });

  it('reports calls 1, success 1, latency ≥ 0 after one success', async () => {
    const boundary = createBoundary({ preset });
    let report: CallReport | undefined;
    await boundary.execute({ connector: 'test:metrics', operation: 'GET', onReport: (r) => (report = r) }, async () => 1);
    const metrics = toBoundaryMetrics(report!);
    expect(metrics.calls).toBe(1);
    expect(metrics.success).toBe(1);
    expect(metrics.failure).toBe(0);
    expect(metrics.latency_ms).toBeGreaterThanOrEqual(0);
    await boundary.close();
  });
});

describe('mapConnectorError', () => {
  const c = 'tool:web_fetch';
  const op = 'GET';
  it('keeps the five reference prefixes with the original as cause', () => {
    const cases: Array<[unknown, string, string]> = [
      [new GovernanceDeniedError('connector blocked by policy: tool:web_fetch', 'strict-web', { connector: c, operation: op }), 'Connector governance blocked tool:web_fetch/GET: ', 'CONNECTOR_GOVERNANCE_DENIED'],
      [new ConnectorTimeoutError('total', 10, { connector: c, operation: op }), 'Connector timeout for tool:web_fetch/GET: ', 'CONNECTOR_TIMEOUT'],
      [new DOMException('The operation was aborted due to timeout', 'TimeoutError'), 'Connector timeout for tool:web_fetch/GET: ', 'CONNECTOR_TIMEOUT'],
      [new CircuitOpenError('open', 1000), 'Connector circuit open for tool:web_fetch/GET: Circuit is open', 'CONNECTOR_CIRCUIT_OPEN'],
      [new ConnectorHttpError(503, 'HTTP 503'), 'Connector HTTP error for tool:web_fetch/GET: HTTP 503', 'CONNECTOR_HTTP_ERROR'],
      [Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }), 'Connector HTTP error for tool:web_fetch/GET: fetch failed', 'CONNECTOR_TRANSPORT_ERROR'],
      [new Error('weird'), 'Connector failure for tool:web_fetch/GET: weird', 'CONNECTOR_FAILURE'],
    ];
    for (const [input, prefix, code] of cases) {
      const mapped = mapConnectorError(input, c, op);
      expect(mapped.message.startsWith(prefix), `${mapped.message} starts with ${prefix}`).toBe(true);
      expect(mapped.code).toBe(code);
      expect(mapped.cause).toBe(input);
      expect(ConnectorError.isInstance(mapped)).toBe(true);
    }
  });
});
