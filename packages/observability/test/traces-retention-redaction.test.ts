import { describe, expect, it } from 'vitest';
import { InvalidInputError, ManualClock, createIdGenerator, createInMemoryTraceStore, planRetention, redact, redactString, storagePath } from '../src/index.js';

describe('ids and tenant scoping', () => {
  it('100 000 generated failure ids are unique', () => {
    const ids = createIdGenerator({ clock: new ManualClock(Date.UTC(2026, 0, 1)) });
    const seen = new Set<string>();
    for (let index = 0; index < 100_000; index += 1) seen.add(ids.failureId());
    expect(seen.size).toBe(100_000);
  });

  it('a trace started inside a span reuses the OTel trace id', async () => {
    const store = createInMemoryTraceStore({ clock: new ManualClock(Date.UTC(2026, 0, 1)) });
    const trace = await store.start({ otelTraceId: '0af7651916cd43dd8448eb211c80319c', otelSpanId: 'b7ad6b7169203331' });
    expect(trace.traceId).toBe('TRC-20260101-000000-0AF7651916CD43DD8448EB211C80319C');
    expect(trace.otelSpanId).toBe('b7ad6b7169203331');
  });

  it('get with another tenant returns undefined', async () => {
    const store = createInMemoryTraceStore();
    const trace = await store.start({ tenantId: 'tenant-a' });
    expect(await store.get(trace.traceId, 'tenant-b')).toBeUndefined();
    expect(await store.get(trace.traceId, 'tenant-a')).toBe(trace);
    expect(await store.listFailures({ tenant: 'tenant-b' })).toEqual([]);
  });

  it('lists traces with equal timestamps in a stable newest-first order', async () => {
    const store = createInMemoryTraceStore({ clock: new ManualClock(1_000) });
    const started = [];
    for (let index = 0; index < 5; index += 1) started.push((await store.start()).traceId);
    const first = (await store.list({ tenant: '*' })).map((trace) => trace.traceId);
    const second = (await store.list({ tenant: '*' })).map((trace) => trace.traceId);
    expect(first).toEqual([...started].reverse());
    expect(second).toEqual(first);
  });

  it('an invalid status filter is a typed error, not a crash', async () => {
    const store = createInMemoryTraceStore();
    await expect(store.list({ tenant: '*', status: 'exploded' as never })).rejects.toSatisfy(InvalidInputError.isInstance);
  });

  it('keeps at most maxTraces traces', async () => {
    const store = createInMemoryTraceStore({ maxTraces: 3 });
    for (let index = 0; index < 5; index += 1) await store.start({ taskId: `T${index}` });
    expect((await store.list({ tenant: '*' })).map((trace) => trace.taskId)).toEqual(['T4', 'T3', 'T2']);
  });
});

describe('planRetention', () => {
  const day = 86_400_000;
  const now = new Date(Date.UTC(2026, 5, 1));
  const at = (days: number) => new Date(now.getTime() - days * day);

  it('deletes TMP at day 7, moves LOG to warm at day 30 and never touches REV', () => {
    const actions = planRetention(
      [
        { id: 'tmp-6', type: 'TMP', createdAt: at(6), tier: 'hot' },
        { id: 'tmp-7', type: 'TMP', createdAt: at(7), tier: 'hot' },
        { id: 'log-29', type: 'LOG', createdAt: at(29), tier: 'hot' },
        { id: 'log-30', type: 'LOG', createdAt: at(30), tier: 'hot' },
        { id: 'rev-1000', type: 'REV', createdAt: at(1000), tier: 'cold' },
        { id: 'dif-90', type: 'DIF', createdAt: at(90), tier: 'warm' },
      ],
      now,
    );
    expect(actions.map((action) => `${action.id}:${action.action}${action.action === 'move' ? `:${action.from}->${action.to}` : ''}`)).toEqual([
      'tmp-7:delete',
      'log-30:move:hot->warm',
      'dif-90:move:warm->cold',
    ]);
  });

  it('rejects path segments that would leave the artifacts tree', () => {
    expect(() => storagePath('LOG', 2026, 2, 14, { sessionId: '../etc' })).toThrow(InvalidInputError);
    expect(storagePath('TST', 2026, 2, 14, { runId: 'RUN-1' })).toBe('artifacts/sessions/2026/02/14/runs/RUN-1/tst');
  });
});

describe('redact', () => {
  it('redacts nested values and leaves the input untouched', () => {
    const input = { user: { email: 'ada@example.com', notes: ['call 555-123-4567', { ssn: '123-45-6789' }] }, count: 3 };
    const output = redact(input);
    expect(output).toEqual({ user: { email: '[EMAIL_REDACTED]', notes: ['call [PHONE_REDACTED]', { ssn: '[SSN_REDACTED]' }] }, count: 3 });
    expect(input.user.email).toBe('ada@example.com');
  });

  it('strict phone mode leaves 10-digit ids alone; loose mode is the reference pattern', () => {
    expect(redactString('order 5551234567 shipped')).toBe('order 5551234567 shipped');
    expect(redactString('order 5551234567 shipped', { phone: 'loose' })).toBe('order [PHONE_REDACTED] shipped');
    expect(redactString('call (555) 123-4567 now')).toBe('call [PHONE_REDACTED] now');
  });

  it('redacts secrets by pattern and by key', () => {
    const output = redact({ apiKey: 'abc', header: 'Bearer abcdefghijklmnop', text: 'key sk-proj-abcdefghijklmnopqrstu' });
    expect(output).toEqual({ apiKey: '[SECRET_REDACTED]', header: '[SECRET_REDACTED]', text: 'key [SECRET_REDACTED]' });
    expect(redact({ password: 'x' }, { secrets: false })).toEqual({ password: 'x' });
  });

  it('survives cycles', () => {
    const node: Record<string, unknown> = { email: 'a@b.io' };
    node.self = node;
    const output = redact(node) as Record<string, unknown>;
    expect(output.email).toBe('[EMAIL_REDACTED]');
    expect(output.self).toBe(output);
  });
});
