// Port of the reference's phase16 observability scenarios (models, taxonomy, collector, retention, API), with
// timestamps from a manual clock asserted exactly.
import { describe, expect, it } from 'vitest';
import {
  ARTIFACT_TYPES,
  FAILURE_CATEGORY_META,
  ManualClock,
  RETENTION_POLICIES,
  TraceNotFoundError,
  buildFailureRecord,
  createIdGenerator,
  createInMemoryTraceStore,
  escalateAfter,
  failureFromError,
  isPermanent,
  isRetryable,
  storagePath,
} from '../src/index.js';

const T0 = Date.UTC(2026, 1, 14, 9, 30, 15);

function setup() {
  const clock = new ManualClock(T0);
  let counter = 0;
  const ids = createIdGenerator({ clock, randomHex: (bytes) => (counter += 1).toString(16).toUpperCase().padStart(bytes * 2, '0') });
  return { clock, ids, store: createInMemoryTraceStore({ clock, ids }) };
}

describe('models', () => {
  it('a new trace has the defaults', async () => {
    const { store } = setup();
    const trace = await store.start();
    expect(trace.traceId).toBe('TRC-20260214-093015-0000000000000001');
    expect(trace.traceId.startsWith('TRC-')).toBe(true);
    expect(trace.outcome.status).toBe('running');
    expect(trace.durationMs).toBe(0);
    expect(trace.completedAt).toBeNull();
    expect(trace.execution).toEqual([]);
  });

  it('two traces get different ids', async () => {
    const { store } = setup();
    expect((await store.start()).traceId).not.toBe((await store.start()).traceId);
  });

  it('complete sets status, completion time and duration', async () => {
    const { store, clock } = setup();
    const trace = await store.start();
    clock.advance(1_250);
    const done = await store.complete(trace.traceId, 'completed');
    expect(done.outcome.status).toBe('completed');
    expect(done.completedAt).toBe(new Date(T0 + 1_250).toISOString());
    expect(done.durationMs).toBe(1_250);
  });

  it('complete with failure code and message stores both', async () => {
    const { store } = setup();
    const trace = await store.start();
    const done = await store.complete(trace.traceId, 'failed', 'F-EXE-001', 'boom');
    expect(done.outcome).toMatchObject({ status: 'failed', failureCode: 'F-EXE-001', failureMessage: 'boom' });
  });

  it('a step has an id, a start time and no actions', async () => {
    const { store } = setup();
    const trace = await store.start();
    const step = await store.addStep(trace.traceId, 'STEP-1');
    expect(step).toEqual({ stepId: 'STEP-1', startedAt: new Date(T0).toISOString(), completedAt: null, actions: [] });
  });

  it('an action keeps its fields', async () => {
    const { store } = setup();
    const trace = await store.start();
    const action = await store.addAction(trace.traceId, 'S', { actionId: 'A-1', tool: 'shell', input: 'ls', output: 'a b', exitCode: 0, durationMs: 12, status: 'success' });
    expect(action).toEqual({ actionId: 'A-1', tool: 'shell', input: 'ls', output: 'a b', exitCode: 0, durationMs: 12, status: 'success' });
  });
});

describe('taxonomy', () => {
  it('failure defaults: FLR- prefix, UNKNOWN, MEDIUM', () => {
    const clock = new ManualClock(T0);
    const failure = buildFailureRecord('TRC-1', { message: 'x' }, { clock, ids: createIdGenerator({ clock, randomHex: () => 'ABCDEF0123456789' }) });
    expect(failure.failureId).toBe('FLR-20260214-ABCDEF0123456789');
    expect(failure.classification.category).toBe('F-UNK');
    expect(failure.classification.severity).toBe('medium');
    expect(failure.occurredAt).toBe(new Date(T0).toISOString());
  });

  it('failureFromError keeps message, category, severity and a stack; INPUT is not retryable', () => {
    const failure = failureFromError(new Error('bad field'), 'TRC-1', { category: 'F-INP', severity: 'high' });
    expect(failure.message).toBe('bad field');
    expect(failure.classification).toMatchObject({ category: 'F-INP', severity: 'high' });
    expect(failure.stackTrace.length).toBeGreaterThan(0);
    expect(failure.resolution.retryable).toBe(false);
  });

  it.each([
    ['F-EXE', true],
    ['F-INP', false],
    ['F-SEC', false],
    ['F-DEP', true],
  ] as const)('%s retryable = %s', (category, retryable) => {
    expect(isRetryable(category)).toBe(retryable);
  });

  it.each([
    ['F-ENV', 2],
    ['F-EXE', 1],
    ['F-DEP', 3],
    ['F-INP', 0],
  ] as const)('%s escalates after %i', (category, count) => {
    expect(escalateAfter(category)).toBe(count);
  });

  it('every category has a boolean and an integer in its metadata', () => {
    for (const meta of Object.values(FAILURE_CATEGORY_META)) {
      expect(typeof meta.retryable).toBe('boolean');
      expect(Number.isInteger(meta.escalateAfter)).toBe(true);
    }
  });
});

describe('collector (TraceStore)', () => {
  it('starts and gets a trace', async () => {
    const { store } = setup();
    const trace = await store.start({ taskId: 'T1' });
    expect(await store.get(trace.traceId, '*')).toBe(trace);
  });

  it('a missing trace: get is undefined, writes raise TraceNotFoundError', async () => {
    const { store } = setup();
    expect(await store.get('TRC-nope', '*')).toBeUndefined();
    await expect(store.complete('TRC-nope')).rejects.toSatisfy(TraceNotFoundError.isInstance);
  });

  it('lists two traces', async () => {
    const { store } = setup();
    await store.start();
    await store.start();
    expect(await store.list({ tenant: '*' })).toHaveLength(2);
  });

  it('filters by status after one completes', async () => {
    const { store } = setup();
    const first = await store.start();
    await store.start();
    await store.complete(first.traceId);
    expect(await store.list({ tenant: '*', status: 'running' })).toHaveLength(1);
    expect(await store.list({ tenant: '*', status: 'completed' })).toHaveLength(1);
  });

  it('filters by tenant', async () => {
    const { store } = setup();
    await store.start({ tenantId: 'a' });
    await store.start({ tenantId: 'b' });
    const list = await store.list({ tenant: 'a' });
    expect(list.map((trace) => trace.tenantId)).toEqual(['a']);
  });

  it('filters by task: 2 of 3', async () => {
    const { store } = setup();
    await store.start({ taskId: 'T1' });
    await store.start({ taskId: 'T1' });
    await store.start({ taskId: 'T2' });
    expect(await store.list({ tenant: '*', taskId: 'T1' })).toHaveLength(2);
  });

  it('addStep appends a step', async () => {
    const { store } = setup();
    const trace = await store.start();
    await store.addStep(trace.traceId, 'S1');
    expect(trace.execution.map((step) => step.stepId)).toEqual(['S1']);
  });

  it('addAction creates the step when missing', async () => {
    const { store } = setup();
    const trace = await store.start();
    await store.addAction(trace.traceId, 'S9', { tool: 'read' });
    expect(trace.execution).toHaveLength(1);
    expect(trace.execution[0]!.actions[0]!.tool).toBe('read');
  });

  it('two actions on one step: 1 step, 2 actions', async () => {
    const { store } = setup();
    const trace = await store.start();
    await store.addAction(trace.traceId, 'S1', { tool: 'read' });
    await store.addAction(trace.traceId, 'S1', { tool: 'write' });
    expect(trace.execution).toHaveLength(1);
    expect(trace.execution[0]!.actions).toHaveLength(2);
  });

  it('complete closes open steps with the completion time', async () => {
    const { store, clock } = setup();
    const trace = await store.start();
    await store.addStep(trace.traceId, 'S1');
    clock.advance(500);
    await store.complete(trace.traceId);
    expect(trace.execution[0]!.completedAt).toBe(new Date(T0 + 500).toISOString());
  });

  it('completing as failed keeps F-EXE-001', async () => {
    const { store } = setup();
    const trace = await store.start();
    await store.complete(trace.traceId, 'failed', 'F-EXE-001', 'exit 1');
    expect(trace.outcome.failureCode).toBe('F-EXE-001');
  });

  it('recordFailure sets the outcome code to the category (F-SEC)', async () => {
    const { store } = setup();
    const trace = await store.start();
    await store.recordFailure(trace.traceId, { message: 'blocked', category: 'F-SEC', subcode: 'F-SEC-001' });
    expect(trace.outcome.failureCode).toBe('F-SEC');
    expect(trace.outcome.failureSubcode).toBe('F-SEC-001');
  });

  it('listFailures: 2 in total, 1 with a category filter', async () => {
    const { store } = setup();
    const trace = await store.start();
    await store.recordFailure(trace.traceId, { message: 'a', category: 'F-SEC' });
    await store.recordFailure(trace.traceId, { message: 'b', category: 'F-EXE' });
    expect(await store.listFailures({ traceId: trace.traceId })).toHaveLength(2);
    expect(await store.listFailures({ traceId: trace.traceId, category: 'F-EXE' })).toHaveLength(1);
  });
});

describe('retention', () => {
  it('TMP: 7 days, hot', () => {
    expect(RETENTION_POLICIES.TMP).toMatchObject({ retentionDays: 7, initialTier: 'hot' });
  });
  it('LOG: 30 days, hot, hot→warm after 30', () => {
    expect(RETENTION_POLICIES.LOG).toMatchObject({ retentionDays: 30, initialTier: 'hot', moves: [{ from: 'hot', to: 'warm', afterDays: 30 }] });
  });
  it('DIF: 90 days, warm', () => {
    expect(RETENTION_POLICIES.DIF).toMatchObject({ retentionDays: 90, initialTier: 'warm' });
  });
  it('REV: permanent, 0 days, cold', () => {
    expect(RETENTION_POLICIES.REV).toMatchObject({ retentionDays: 0, initialTier: 'cold' });
    expect(isPermanent('REV')).toBe(true);
  });
  it('EVD is permanent', () => {
    expect(isPermanent('EVD')).toBe(true);
  });
  it('SES is not permanent', () => {
    expect(isPermanent('SES')).toBe(false);
  });
  it('every type has a policy', () => {
    expect(ARTIFACT_TYPES).toHaveLength(9);
    for (const type of ARTIFACT_TYPES) expect(RETENTION_POLICIES[type].artifactType).toBe(type);
  });
  it('SES path', () => {
    expect(storagePath('SES', 2026, 2, 14, { sessionId: 'SES-X' })).toBe('artifacts/sessions/2026/02/14/SES-X');
  });
  it('EVD path', () => {
    expect(storagePath('EVD', 2026, 2, 14, { taskId: 'TASK-1' })).toBe('artifacts/evidence/2026/02/TASK-1');
  });
  it('REV path', () => {
    expect(storagePath('REV', 2026, 2, 14, { taskId: 'TASK-1' })).toBe('artifacts/reviews/2026/02/TASK-1');
  });
  it('LOG path', () => {
    expect(storagePath('LOG', 2026, 2, 14, { sessionId: 'SES-X', runId: 'RUN-Y' })).toContain('sessions/2026/02/14/SES-X/runs/RUN-Y/logs');
  });
});

describe('API flows (on the store the REST routes sit on)', () => {
  it('start returns a TRC- id and running', async () => {
    const { store } = setup();
    const trace = await store.start({ tenantId: 't' });
    expect(trace.traceId).toMatch(/^TRC-/);
    expect(trace.outcome.status).toBe('running');
  });
  it('list returns 2', async () => {
    const { store } = setup();
    await store.start({ tenantId: 't' });
    await store.start({ tenantId: 't' });
    expect(await store.list({ tenant: 't' })).toHaveLength(2);
  });
  it('get finds the trace', async () => {
    const { store } = setup();
    const trace = await store.start({ tenantId: 't' });
    expect((await store.get(trace.traceId, 't'))?.traceId).toBe(trace.traceId);
  });
  it('get of a missing trace is undefined (404)', async () => {
    const { store } = setup();
    expect(await store.get('TRC-20260214-000000-0000000000000000', 't')).toBeUndefined();
  });
  it('adds an action', async () => {
    const { store } = setup();
    const trace = await store.start({ tenantId: 't' });
    expect((await store.addAction(trace.traceId, 'S1', { tool: 'shell', status: 'success' })).tool).toBe('shell');
  });
  it('adding an action to a missing trace fails with TraceNotFoundError (404)', async () => {
    const { store } = setup();
    await expect(store.addAction('TRC-missing', 'S1', { tool: 'shell' })).rejects.toSatisfy(TraceNotFoundError.isInstance);
  });
  it('complete returns the duration', async () => {
    const { store, clock } = setup();
    const trace = await store.start({ tenantId: 't' });
    clock.advance(42);
    expect((await store.complete(trace.traceId)).durationMs).toBe(42);
  });
  it('complete as failed', async () => {
    const { store } = setup();
    const trace = await store.start({ tenantId: 't' });
    expect((await store.complete(trace.traceId, 'failed')).outcome.status).toBe('failed');
  });
  it('record failure returns an FLR- id and F-SEC', async () => {
    const { store } = setup();
    const trace = await store.start({ tenantId: 't' });
    const failure = await store.recordFailure(trace.traceId, { message: 'denied', category: 'F-SEC' });
    expect(failure.failureId).toMatch(/^FLR-/);
    expect(failure.classification.category).toBe('F-SEC');
  });
  it('lists 2 failures', async () => {
    const { store } = setup();
    const trace = await store.start({ tenantId: 't' });
    await store.recordFailure(trace.traceId, { message: 'a', category: 'F-SEC' });
    await store.recordFailure(trace.traceId, { message: 'b', category: 'F-DEP' });
    expect(await store.listFailures({ traceId: trace.traceId, tenant: 't' })).toHaveLength(2);
  });
  it('filters failures by category', async () => {
    const { store } = setup();
    const trace = await store.start({ tenantId: 't' });
    await store.recordFailure(trace.traceId, { message: 'a', category: 'F-SEC' });
    await store.recordFailure(trace.traceId, { message: 'b', category: 'F-DEP' });
    expect(await store.listFailures({ traceId: trace.traceId, category: 'F-DEP' })).toHaveLength(1);
  });
  it('full lifecycle: 2 actions and a failure, completed as failed', async () => {
    const { store, clock } = setup();
    const trace = await store.start({ tenantId: 't', taskId: 'T' });
    await store.addAction(trace.traceId, 'S1', { tool: 'read', durationMs: 3 });
    clock.advance(10);
    await store.addAction(trace.traceId, 'S1', { tool: 'write', status: 'failure', exitCode: 1 });
    await store.recordFailure(trace.traceId, { message: 'write failed', category: 'F-EXE', subcode: 'F-EXE-002' });
    clock.advance(5);
    const done = await store.complete(trace.traceId, 'failed');
    expect(done.outcome.status).toBe('failed');
    expect(done.execution).toHaveLength(1);
    expect(done.execution[0]!.actions).toHaveLength(2);
    expect(done.durationMs).toBe(15);
    expect(done.outcome.failureCode).toBe('F-EXE');
  });
});
