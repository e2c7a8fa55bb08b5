import type { LearningSink, LearningSignal } from '@agent33/runtime/ports';
import type { NewLearningSignal } from '../domain/types.js';
import { StoreConfigError } from '../errors/store-config-error.js';
import type { ImprovementStore } from '../store/types.js';

/** Options of {@link learningSink}. */
export interface LearningSinkOptions {
  /** Queue bound; when full the oldest queued event is dropped (default 1000). */
  maxQueue?: number;
  /** Maps runtime events to stored signals; null skips. Default: {@link defaultSignalMapper}. */
  toSignal?: (s: LearningSignal) => NewLearningSignal | null;
  /** Tenant of the events and signals (default `default`). */
  tenantId?: string;
  /** Events written per flush (default 256). */
  batchSize?: number;
}

/** A learning sink with its queue exposed for hosts and tests. */
export interface StoreLearningSink extends LearningSink {
  /** Writes everything queued so far; never throws. */
  flush(): Promise<void>;
  /** Counters since creation. */
  stats(): { queued: number; written: number; signals: number; dropped: number; failed: number };
}

/**
 * The default mapping: only `benchmark` findings from skillsbench become signals (type `performance`, source
 * `skillsbench`, severity `high` for a regression and `medium` for a negative skill delta).
 */
export function defaultSignalMapper(s: LearningSignal): NewLearningSignal | null {
  if (s.type !== 'benchmark') return null;
  const where = s.scope === 'task' && s.taskId ? `task ${s.taskId}` : s.scope === 'category' && s.category ? `category ${s.category}` : 'overall';
  const what = s.finding === 'regression' ? 'Benchmark regression' : 'Negative skill delta';
  const context: Record<string, string> = { run_id: s.runId, finding: s.finding, scope: s.scope, delta_pp: String(s.deltaPp), significant: String(s.significant) };
  if (s.baselineRunId) context.baseline_run_id = s.baselineRunId;
  if (s.taskId) context.task_id = s.taskId;
  if (s.category) context.category = s.category;
  if (s.agentId) context.agent_id = s.agentId;
  if (s.condition) context.condition = s.condition;
  return {
    signalType: 'performance',
    severity: s.finding === 'regression' ? 'high' : 'medium',
    source: 'skillsbench',
    summary: `${what} on ${where}: ${s.deltaPp > 0 ? '+' : ''}${s.deltaPp} pp${s.significant ? ' (significant)' : ''}`,
    details: `Run ${s.runId}${s.baselineRunId ? ` against baseline ${s.baselineRunId}` : ''}${s.agentId ? `, agent ${s.agentId}` : ''}${s.condition ? `, condition ${s.condition}` : ''}.`,
    context,
  };
}

/** A short searchable text for a runtime event. */
export function describeEvent(s: LearningSignal): string {
  switch (s.type) {
    case 'run':
      return `run ${s.status} agent ${s.agent ?? ''} tools ${s.toolsUsed.join(' ')}`.trim();
    case 'tool':
      return `tool ${s.outcome.tool} ${s.outcome.kind} ${s.outcome.content.slice(0, 500)}`;
    case 'feedback':
      return `feedback ${s.score} ${s.note ?? ''}`.trim();
    case 'skill-match':
      return `skill match ${s.query}`;
    case 'benchmark':
      return `benchmark ${s.finding} ${s.scope} ${s.taskId ?? s.category ?? ''} ${s.deltaPp}pp`;
    default:
      return s.type;
  }
}

/**
 * The runtime's `LearningSink` on the store. `record()` only enqueues (bounded, drop-oldest) and returns at once;
 * a background flush writes the events to `run_events` and the mapped signals through `ingest`. Failures are
 * counted, never thrown into the run.
 */
export function learningSink(store: ImprovementStore, o: LearningSinkOptions = {}): StoreLearningSink {
  const maxQueue = o.maxQueue ?? 1000;
  if (!Number.isInteger(maxQueue) || maxQueue < 1) throw new StoreConfigError('maxQueue', 'must be an integer >= 1');
  const batchSize = o.batchSize ?? 256;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new StoreConfigError('batchSize', 'must be an integer >= 1');
  const toSignal = o.toSignal ?? defaultSignalMapper;
  const tenantId = o.tenantId ?? 'default';
  const queue: LearningSignal[] = [];
  const counters = { queued: 0, written: 0, signals: 0, dropped: 0, failed: 0 };
  let flushing: Promise<void> | null = null;

  const writeBatch = async (batch: LearningSignal[]): Promise<void> => {
    try {
      const runId = (s: LearningSignal): string => ('runId' in s && typeof s.runId === 'string' && s.runId ? s.runId : 'unknown');
      await store.runs.appendEvents(batch.map((s) => ({ runId: runId(s), type: s.type, tenantId, content: describeEvent(s), payload: s })));
      counters.written += batch.length;
      const signals: NewLearningSignal[] = [];
      for (const s of batch) {
        try {
          const mapped = toSignal(s);
          if (mapped) signals.push({ tenantId, ...mapped });
        } catch {
          counters.failed += 1;
        }
      }
      if (signals.length > 0) {
        const result = await store.ingest(signals);
        counters.signals += result.inserted.length + result.merged.length;
        counters.failed += result.rejected.length;
      }
    } catch {
      counters.failed += batch.length;
    }
  };

  const drain = async (): Promise<void> => {
    while (queue.length > 0) await writeBatch(queue.splice(0, batchSize));
  };

  const schedule = (): void => {
    if (flushing) return;
    flushing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(drain)
      .finally(() => {
        flushing = null;
        if (queue.length > 0) schedule();
      });
  };

  return {
    record(s: LearningSignal): void {
      if (typeof s !== 'object' || s === null) return;
      if (queue.length >= maxQueue) {
        queue.shift();
        counters.dropped += 1;
      }
      queue.push(s);
      counters.queued += 1;
      schedule();
    },
    async flush(): Promise<void> {
      while (flushing || queue.length > 0) {
        if (flushing) await flushing;
        else await drain();
      }
    },
    stats: () => ({ ...counters }),
  };
}
