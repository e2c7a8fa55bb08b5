import { afterEach, describe, expect, it } from 'vitest';
import { CircuitOpenError, ConnectorError, GovernanceDeniedError, createBoundary } from '../src/index.js';

const handler = async (): Promise<number> => 1;
const failing = async (): Promise<number> => {
  throw new Error('upstream');
};

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('pre-execution rejections', () => {
  const defaultLimit = ConnectorError.rejectionStackTraceLimit;
  afterEach(() => {
    ConnectorError.rejectionStackTraceLimit = defaultLimit;
  });

  it('carry a header-only stack by default and keep code, fields, message and membership', async () => {
    const boundary = createBoundary({ telemetry: false, blockedConnectors: ['svc:denied'] });
    const denied = await rejectionOf(boundary.execute({ connector: 'svc:denied', operation: 'GET' }, handler));
    expect(denied).toBeInstanceOf(GovernanceDeniedError);
    const error = denied as GovernanceDeniedError;
    expect(ConnectorError.isInstance(error)).toBe(true);
    expect(error.code).toBe('CONNECTOR_GOVERNANCE_DENIED');
    expect(error.message).toBe('Connector governance blocked svc:denied/GET: connector blocked by policy: svc:denied');
    expect(error.stack).toBe(`GovernanceDeniedError: ${error.message}`);
    await boundary.close();
  });

  it('give call-site frames back when the limit is raised, and leave Error.stackTraceLimit as it was', async () => {
    const before = Error.stackTraceLimit;
    ConnectorError.rejectionStackTraceLimit = 10;
    const boundary = createBoundary({ telemetry: false, breaker: { failureThreshold: 1, recoveryMs: 60_000 } });
    const request = { connector: 'svc:open', operation: 'GET' } as const;
    await rejectionOf(boundary.execute(request, failing));
    const open = (await rejectionOf(boundary.execute(request, handler))) as CircuitOpenError;
    expect(open.code).toBe('CONNECTOR_CIRCUIT_OPEN');
    expect(open.reason).toBe('open');
    expect(open.connector).toBe('svc:open');
    expect(open.stack?.split('\n').length).toBeGreaterThan(1);
    expect(open.stack).toContain('    at ');
    expect(Error.stackTraceLimit).toBe(before);
    await boundary.close();
  });

  it('never touch the stack of errors raised by the handler', async () => {
    const boundary = createBoundary({ telemetry: false, breaker: { failureThreshold: 100 } });
    const error = (await rejectionOf(boundary.execute({ connector: 'svc:x', operation: 'GET' }, failing))) as Error;
    expect(error.message).toBe('upstream');
    expect(error.stack).toContain('    at ');
    await boundary.close();
  });
});
