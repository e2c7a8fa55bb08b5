import { Agent33Error } from '@agent33/observability';
import { createTestTelemetry } from '@agent33/observability/otel-sdk';
import { describe, expect, it } from 'vitest';
import {
  COMPAT_ORDER,
  ConnectorError,
  GovernanceDeniedError,
  createBoundary,
  isConnectorError,
  optionsFromEnv,
  percentile,
  rulePolicy,
  type BoundaryEventMap,
} from '../src/index.js';

describe('governance rules', () => {
  it('mcp-readonly-annotated allows read-only tools only', async () => {
    const boundary = createBoundary({ policyPack: 'mcp-readonly-annotated' });
    await expect(
      boundary.execute({ connector: 'mcp:fs', operation: 'tools/call', metadata: { tool: 'read', annotations: { readOnlyHint: true } } }, async () => 'read'),
    ).resolves.toBe('read');
    await expect(boundary.execute({ connector: 'mcp:fs', operation: 'tools/call', metadata: { tool: 'write' } }, async () => 'write')).rejects.toBeInstanceOf(GovernanceDeniedError);
    await expect(boundary.execute({ connector: 'mcp:fs', operation: 'tools/list' }, async () => 'list')).resolves.toBe('list');
  });

  it('scopes operations to a connector, applies setPolicy to the next call and audits every decision', async () => {
    const decisions: Array<BoundaryEventMap['governance.decision']> = [];
    const boundary = createBoundary({ blockedOperations: ['mcp:github#tools/call'] });
    boundary.on('governance.decision', (event) => decisions.push(event));
    await expect(boundary.execute({ connector: 'mcp:github', operation: 'tools/call' }, async () => 1)).rejects.toThrow('operation blocked by policy: tools/call');
    await expect(boundary.execute({ connector: 'mcp:gitlab', operation: 'tools/call' }, async () => 2)).resolves.toBe(2);
    const version = boundary.setPolicy({ policyPack: 'strict-web', blockedOperations: [] });
    expect(version).toBe(2);
    await expect(boundary.execute({ connector: 'mcp:github', operation: 'tools/call' }, async () => 3)).resolves.toBe(3);
    await expect(boundary.execute({ connector: 'tool:web_fetch', operation: 'GET' }, async () => 4)).rejects.toThrow('connector blocked by policy: tool:web_fetch');
    expect(decisions.map((d) => [d.allowed, d.version])).toEqual([
      [false, 1],
      [true, 1],
      [true, 2],
      [false, 2],
    ]);
    expect(() => boundary.setPolicy({ policyPack: 'stric-web' })).toThrow(/stric-web/);
  });

  it('supports glob rules, tenants and a deny default', async () => {
    const boundary = createBoundary({
      governance: rulePolicy(
        [
          { effect: 'allow', connector: 'llm:*', tenantId: 'acme' },
          { effect: 'deny', connector: 'llm:*', reason: 'tenant not allowed to use models' },
          { effect: 'allow', connector: 'mcp:*', operation: 'tools/*' },
        ],
        'deny',
      ),
    });
    await expect(boundary.execute({ connector: 'llm:openai', operation: 'chat', tenantId: 'acme' }, async () => 'ok')).resolves.toBe('ok');
    await expect(boundary.execute({ connector: 'llm:openai', operation: 'chat', tenantId: 'other' }, async () => 'no')).rejects.toThrow('tenant not allowed');
    await expect(boundary.execute({ connector: 'mcp:x', operation: 'tools/list' }, async () => 'ok')).resolves.toBe('ok');
    await expect(boundary.execute({ connector: 'search:searxng', operation: 'GET' }, async () => 'no')).rejects.toBeInstanceOf(GovernanceDeniedError);
  });

  it('reads the reference settings without touching process.env', () => {
    const options = optionsFromEnv({
      CONNECTOR_BOUNDARY_ENABLED: 'true',
      CONNECTOR_POLICY_PACK: 'strict-web',
      CONNECTOR_GOVERNANCE_BLOCKED_CONNECTORS: ' llm:openai , ,x:y',
      CONNECTOR_CIRCUIT_BREAKER_ENABLED: 'true',
      CONNECTOR_CIRCUIT_FAILURE_THRESHOLD: '5',
      CONNECTOR_CIRCUIT_RECOVERY_SECONDS: '12.5',
    });
    expect(options).toMatchObject({ enabled: true, policyPack: 'strict-web', blockedConnectors: ['llm:openai', 'x:y'], breaker: { failureThreshold: 5, recoveryMs: 12_500 } });
    expect(optionsFromEnv({}).enabled).toBe(false);
    expect(() => optionsFromEnv({ CONNECTOR_BOUNDARY_ENABLED: 'maybe' })).toThrow(ConnectorError);
  });
});

describe('telemetry through the real OTel SDK', () => {
  it('records one client span per logical call, retries as events, denied calls as errors, no payloads', async () => {
    const telemetry = createTestTelemetry();
    const boundary = createBoundary({
      telemetry: { tracer: telemetry.tracer(), meter: telemetry.meter() },
      retry: { maxAttempts: 2, backoff: 'none' },
      blockedConnectors: ['tool:web_fetch'],
    });
    let calls = 0;
    await boundary.execute({ connector: 'mcp:everything', operation: 'tools/call', metadata: { tool: 'echo', annotations: { idempotentHint: true } }, payload: { secret: 's3cr3t' } }, async () => {
      calls += 1;
      if (calls === 1) throw new Error('transient');
      return 'ok';
    });
    await expect(boundary.execute({ connector: 'tool:web_fetch', operation: 'GET', payload: { secret: 's3cr3t' } }, async () => 'never')).rejects.toThrow();
    const spans = telemetry.spans();
    expect(spans.map((span) => span.name)).toEqual(['tools/call mcp:everything', 'GET tool:web_fetch']);
    const [call, denied] = spans;
    expect(call!.attributes).toMatchObject({ 'agent33.connector.id': 'mcp:everything', 'agent33.connector.operation': 'tools/call', 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': 'echo', 'agent33.connector.attempt': 2 });
    expect(call!.events.map((event) => event.name)).toEqual(['attempt', 'retry', 'attempt']);
    expect(denied!.status.code).toBe(2);
    expect(denied!.attributes['error.type']).toBe('CONNECTOR_GOVERNANCE_DENIED');
    expect(JSON.stringify(spans.map((span) => span.attributes))).not.toContain('s3cr3t');
    const points = await telemetry.dataPoints('agent33.connector.call.duration');
    expect(points.length).toBeGreaterThan(0);
    expect((await telemetry.dataPoints('mcp.client.operation.duration')).length).toBe(1);
    // Breaker state changes: an event and the observable gauge (2 = open).
    const transitions: string[] = [];
    const tripping = createBoundary({ telemetry: { tracer: telemetry.tracer(), meter: telemetry.meter() }, breaker: { failureThreshold: 1 } });
    tripping.on('breaker.transition', (event) => transitions.push(`${event.key}:${event.from}>${event.to}`));
    await tripping.execute({ connector: 'svc:gauge', operation: 'GET' }, async () => Promise.reject(new Error('down'))).catch(() => undefined);
    expect(transitions).toEqual(['svc:gauge:closed>open']);
    const gauge = await telemetry.dataPoints<number>('agent33.connector.breaker.state');
    expect(gauge.find((point) => point.attributes['agent33.connector.id'] === 'svc:gauge')?.value).toBe(2);
    await telemetry.shutdown();
  });
});

describe('errors, collector and describe()', () => {
  it('marks every error as a ConnectorError and an Agent33Error, also across package copies', async () => {
    const boundary = createBoundary({ blockedConnectors: ['x:y'] });
    const error = await boundary.execute({ connector: 'x:y', operation: 'op' }, async () => 1).catch((caught: unknown) => caught);
    expect(ConnectorError.isInstance(error)).toBe(true);
    expect(Agent33Error.isInstance(error)).toBe(true);
    expect(isConnectorError(error, 'CONNECTOR_GOVERNANCE_DENIED')).toBe(true);
    expect((error as ConnectorError).code).toMatch(/^CONNECTOR_/);
    // A copy loaded twice shares nothing but the Symbol.for markers.
    const foreign = { [Symbol.for('agent33.connectors.error')]: true, [Symbol.for('agent33.error')]: true, code: 'CONNECTOR_TIMEOUT' };
    expect(ConnectorError.isInstance(foreign)).toBe(true);
    expect(Agent33Error.isInstance(foreign)).toBe(true);
  });

  it('computes p95 by linear interpolation, rounds rates to 4 dp and caps circuit events', async () => {
    const samples = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(samples, 95)).toBeCloseTo(95.05, 10);
    const boundary = createBoundary({ breaker: { failureThreshold: 1, recoveryMs: 0, halfOpenSuccesses: 1 }, timeoutMs: 0, maxTrackedConnectors: 5 });
    for (let index = 0; index < 3; index += 1) {
      await boundary.execute({ connector: 'svc:rate', operation: 'GET' }, async () => (index === 0 ? Promise.reject(new Error('x')) : 'ok')).catch(() => undefined);
    }
    const summary = boundary.metrics.summary('svc:rate');
    expect(summary).toMatchObject({ totalCalls: 3, successes: 2, failures: 1, successRate: 0.6667, errorRate: 0.3333 });
    for (let index = 0; index < 120; index += 1) {
      await boundary.execute({ connector: 'svc:flap', operation: 'GET' }, async () => Promise.reject(new Error('x'))).catch(() => undefined);
    }
    const events = boundary.metrics.circuitEvents('svc:flap');
    expect(events).toHaveLength(100);
    expect(events[0]!.totalTrips).toBeGreaterThan(events[99]!.totalTrips);
    for (let index = 0; index < 20; index += 1) await boundary.execute({ connector: `svc:n${index}`, operation: 'GET' }, async () => 1);
    expect(Object.keys(boundary.metrics.all()).length).toBeLessThanOrEqual(5);
    expect(boundary.metrics.summary('unknown:x').totalCalls).toBe(0);
  });

  it('describes the logical and active order; compat is exactly the reference chain', () => {
    expect(createBoundary({ preset: 'compat' }).describe().logicalOrder).toEqual(['governance', 'timeout', 'retry', 'circuit_breaker', 'metrics']);
    expect(COMPAT_ORDER).toEqual(['governance', 'timeout', 'retry', 'circuit_breaker', 'metrics']);
    expect(createBoundary({ preset: 'compat', retry: 2, breaker: {} }).order).toEqual(['governance', 'timeout', 'retry', 'circuit_breaker', 'metrics']);
    const description = createBoundary({ bulkhead: { maxConcurrent: 10 }, telemetry: false }).describe();
    expect(description.activeOrder).toEqual(['governance', 'egress', 'timeout', 'bulkhead', 'circuit_breaker', 'metrics']);
    expect(description.logicalOrder).toContain('telemetry');
  });
});

describe('input validation at public entry points', () => {
  it('throws typed configuration errors for bad input', async () => {
    const { checkDomainAllowlist, getPolicyPack, toBoundaryMetrics, ConnectorConfigError: ConfigError } = await import('../src/index.js');
    const { mcpTools } = await import('../src/mcp/index.js');
    expect(() => rulePolicy('nope' as never)).toThrow(ConfigError);
    expect(() => rulePolicy([{ effect: 'maybe' } as never])).toThrow(/rules\[0\]\.effect/);
    expect(() => getPolicyPack(42 as never)).toThrow(ConfigError);
    expect(() => checkDomainAllowlist('a.com', 'a.com' as never)).toThrow(ConfigError);
    expect(() => toBoundaryMetrics(undefined as never)).toThrow(ConfigError);
    await expect(mcpTools({} as never)).rejects.toBeInstanceOf(ConfigError);
    expect(() => createBoundary({ preset: 'fast' as never })).toThrow(ConfigError);
    expect(() => createBoundary({ timeoutMs: '10' as never })).toThrow(ConfigError);
    expect(() => createBoundary({ retry: { maxAttempts: Number.NaN } })).toThrow(ConfigError);
    expect(() => createBoundary({ order: ['governance', 'magic'] })).toThrow(/unknown middleware "magic"/);
    expect(() => createBoundary({ bulkhead: { maxConcurrent: 0 } })).toThrow(ConfigError);
    expect(() => createBoundary().forConnector('')).toThrow(ConfigError);
  });
});
