import { systemClock, type Clock } from '../clock.js';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import { TraceNotFoundError } from '../errors/trace-not-found-error.js';
import { buildFailureRecord } from './failure-record.js';
import { isFailureCategory } from './failure-taxonomy.js';
import { createIdGenerator, type IdGenerator } from './ids.js';
import type { TenantScope, TraceStore } from './trace-store.js';
import { TRACE_STATUSES, type FailureRecord, type StartTraceInput, type TraceAction, type TraceRecord, type TraceStatus, type TraceStep } from './trace-types.js';

/** Options of {@link createInMemoryTraceStore}. */
export interface InMemoryTraceStoreOptions {
  /** Oldest traces (and their failures) are evicted past this many. Default 10 000. */
  maxTraces?: number;
  /** Oldest failures are evicted past this many. Default 10 000. */
  maxFailures?: number;
  clock?: Clock;
  ids?: IdGenerator;
}

const ACTION_STATUSES = new Set(['success', 'failure', 'timeout', 'skipped']);

function checkStatus(status: unknown, field: string): asserts status is TraceStatus {
  if (!TRACE_STATUSES.includes(status as TraceStatus)) throw new InvalidInputError(field, `must be one of ${TRACE_STATUSES.join(', ')}, got ${String(status)}`);
}

function checkLimit(limit: number | undefined): number {
  const value = limit ?? 100;
  if (!Number.isInteger(value) || value < 0) throw new InvalidInputError('limit', 'must be an integer ≥ 0');
  return value;
}

function visible(tenantId: string, tenant: TenantScope): boolean {
  return tenant === '*' || tenantId === tenant;
}

/**
 * A bounded in-memory trace store. Timestamps come from the injected clock and ids from the injected generator, so
 * tests assert exact values. Writes to a missing trace throw {@link TraceNotFoundError}; invalid filters throw
 * {@link InvalidInputError}.
 */
export function createInMemoryTraceStore(options: InMemoryTraceStoreOptions = {}): TraceStore {
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? createIdGenerator({ clock });
  const maxTraces = options.maxTraces ?? 10_000;
  const maxFailures = options.maxFailures ?? 10_000;
  if (!Number.isInteger(maxTraces) || maxTraces < 1) throw new InvalidInputError('maxTraces', 'must be an integer ≥ 1');
  if (!Number.isInteger(maxFailures) || maxFailures < 1) throw new InvalidInputError('maxFailures', 'must be an integer ≥ 1');

  // Map iteration order is insertion order: the oldest entries come first, which makes eviction and stable ordering cheap.
  const traces = new Map<string, { record: TraceRecord; started: number; seq: number }>();
  const failures = new Map<string, { record: FailureRecord; at: number; seq: number }>();
  let seq = 0;
  const iso = (ms: number): string => new Date(ms).toISOString();

  const mustGet = (traceId: string): TraceRecord => {
    const entry = traces.get(traceId);
    if (!entry) throw new TraceNotFoundError(traceId);
    return entry.record;
  };

  return {
    async start(input: StartTraceInput = {}) {
      const now = clock.now();
      const record: TraceRecord = {
        traceId: ids.traceId(input.otelTraceId),
        sessionId: input.sessionId ?? '',
        runId: input.runId ?? '',
        taskId: input.taskId ?? '',
        tenantId: input.tenantId ?? '',
        startedAt: iso(now),
        completedAt: null,
        durationMs: 0,
        context: { agentId: '', agentRole: '', model: '', branch: '', commit: '', workingDirectory: '', ...input.context },
        input: { prompt: '', parameters: {}, filesRead: [], contextLoaded: [], ...input.input },
        execution: [],
        output: { result: '', filesWritten: [], filesModified: [], artifactsCreated: [] },
        outcome: { status: 'running', failureCode: '', failureMessage: '', failureCategory: '', failureSubcode: '' },
        evidence: { verificationLogRef: '', evidenceCaptureRef: '', sessionLogRef: '', reviewSignoffRef: '' },
        metadata: { tags: [], annotations: {}, parentTrace: '', childTraces: [], ...input.metadata },
      };
      if (input.otelTraceId !== undefined) record.otelTraceId = input.otelTraceId;
      if (input.otelSpanId !== undefined) record.otelSpanId = input.otelSpanId;
      traces.set(record.traceId, { record, started: now, seq: (seq += 1) });
      while (traces.size > maxTraces) {
        const oldest = traces.keys().next().value as string;
        traces.delete(oldest);
        for (const [id, failure] of failures) if (failure.record.traceId === oldest) failures.delete(id);
      }
      return record;
    },

    async get(traceId, tenant) {
      const entry = traces.get(traceId);
      return entry && visible(entry.record.tenantId, tenant) ? entry.record : undefined;
    },

    async list(query) {
      if (query?.tenant === undefined) throw new InvalidInputError('tenant', "is required (a tenant id or '*')");
      if (query.status !== undefined) checkStatus(query.status, 'status');
      const limit = checkLimit(query.limit);
      const matches = [...traces.values()].filter(
        ({ record }) => visible(record.tenantId, query.tenant) && (query.status === undefined || record.outcome.status === query.status) && (query.taskId === undefined || record.taskId === query.taskId),
      );
      matches.sort((a, b) => b.started - a.started || b.seq - a.seq);
      return matches.slice(0, limit).map((entry) => entry.record);
    },

    async addStep(traceId, stepId) {
      const record = mustGet(traceId);
      const step: TraceStep = { stepId, startedAt: iso(clock.now()), completedAt: null, actions: [] };
      record.execution.push(step);
      return step;
    },

    async addAction(traceId, stepId, input) {
      const record = mustGet(traceId);
      if (input === null || typeof input !== 'object' || typeof input.tool !== 'string') throw new InvalidInputError('action.tool', 'must be a string');
      if (input.status !== undefined && !ACTION_STATUSES.has(input.status)) throw new InvalidInputError('action.status', 'must be success, failure, timeout or skipped');
      if (input.durationMs !== undefined && !(Number.isFinite(input.durationMs) && input.durationMs >= 0)) throw new InvalidInputError('action.durationMs', 'must be a finite number ≥ 0');
      let step = record.execution.find((candidate) => candidate.stepId === stepId);
      if (!step) {
        step = { stepId, startedAt: iso(clock.now()), completedAt: null, actions: [] };
        record.execution.push(step);
      }
      const action: TraceAction = {
        actionId: input.actionId ?? ids.actionId(),
        tool: input.tool,
        input: input.input ?? '',
        output: input.output ?? '',
        exitCode: input.exitCode ?? null,
        durationMs: Math.round(input.durationMs ?? 0),
        status: input.status ?? 'success',
      };
      step.actions.push(action);
      return action;
    },

    async complete(traceId, status = 'completed', failureCode, failureMessage) {
      checkStatus(status, 'status');
      const entry = traces.get(traceId);
      if (!entry) throw new TraceNotFoundError(traceId);
      const now = clock.now();
      const record = entry.record;
      record.completedAt = iso(now);
      record.durationMs = Math.max(0, Math.round(now - entry.started));
      record.outcome.status = status;
      if (failureCode) record.outcome.failureCode = failureCode;
      if (failureMessage) record.outcome.failureMessage = failureMessage;
      for (const step of record.execution) step.completedAt ??= record.completedAt;
      return record;
    },

    async recordFailure(traceId, input) {
      if (input === null || typeof input !== 'object' || typeof input.message !== 'string') throw new InvalidInputError('failure.message', 'must be a string');
      if (input.category !== undefined && !isFailureCategory(input.category)) throw new InvalidInputError('failure.category', `unknown category ${String(input.category)}`);
      const trace = traces.get(traceId)?.record;
      const record = buildFailureRecord(traceId, input, { clock, ids }, trace?.tenantId ?? '');
      failures.set(record.failureId, { record, at: clock.now(), seq: (seq += 1) });
      while (failures.size > maxFailures) failures.delete(failures.keys().next().value as string);
      if (trace) {
        // Parity: the outcome's failure code is the category code; the subcode is kept beside it.
        trace.outcome.failureCode = record.classification.code;
        trace.outcome.failureMessage = record.message;
        trace.outcome.failureCategory = record.classification.category;
        trace.outcome.failureSubcode = record.classification.subcode;
      }
      return record;
    },

    async listFailures(query = {}) {
      if (query.category !== undefined && !isFailureCategory(query.category)) throw new InvalidInputError('category', `unknown category ${String(query.category)}`);
      const limit = checkLimit(query.limit);
      const tenant = query.tenant ?? '*';
      const matches = [...failures.values()].filter(
        ({ record }) =>
          visible(record.tenantId, tenant) && (query.traceId === undefined || record.traceId === query.traceId) && (query.category === undefined || record.classification.category === query.category),
      );
      matches.sort((a, b) => b.at - a.at || b.seq - a.seq);
      return matches.slice(0, limit).map((entry) => entry.record);
    },
  };
}
