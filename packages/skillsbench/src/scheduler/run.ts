import { randomBytes } from 'node:crypto';
import { systemClock } from '@agent33/observability';
import type { BenchResultStore, BenchTrialRecord } from '../records.js';
import { aggregate } from '../stats/aggregate.js';
import { validateTask } from '../task/validate.js';
import { conditionKey } from '../task/types.js';
import { EventChannel } from './event-channel.js';
import { planTrials, type PlannedTrial } from './plan.js';
import { collectProvenance } from './provenance.js';
import { Semaphore } from './semaphore.js';
import { runAttempt, type AttemptSettings } from './trial-attempt.js';
import type { BenchRunEvent, BenchRunResult, RunConfig, RunHandle, SerializableRunConfig } from './types.js';
import { resolveRunConfig } from './validate-config.js';

function retryable(record: BenchTrialRecord): boolean {
  return record.outcome === 'infra' || record.errorKind === 'verifier_error';
}

function skippedRecord(planned: PlannedTrial, runId: string, now: number, reason: string): BenchTrialRecord {
  return {
    runId,
    trialId: planned.trialId,
    attempt: 1,
    taskId: planned.task.id,
    taskDigest: planned.task.digest,
    category: planned.task.category,
    ...(planned.task.difficulty === undefined ? {} : { difficulty: planned.task.difficulty }),
    agentId: planned.agent.id,
    ...(planned.agent.model === undefined ? {} : { model: planned.agent.model }),
    condition: conditionKey(planned.condition),
    trialIndex: planned.trialIndex,
    seed: planned.seed,
    outcome: 'skipped',
    scoreEligible: false,
    reward: null,
    errorKind: 'unsupported',
    errorMessage: reason,
    startedAt: now,
    finishedAt: now,
    agentMs: 0,
    verifierMs: 0,
    usage: { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, reasoningOutputTokens: 0, totalTokens: 0, costUsd: 0 },
    toolCalls: 0,
    iterations: 0,
    skillsInvoked: [],
    artifacts: [],
  };
}

/** Trials in a stable order (task, agent, condition, index, attempt) whatever order they finished in. */
export function sortTrials(records: readonly BenchTrialRecord[]): BenchTrialRecord[] {
  const key = (r: BenchTrialRecord): string => `${r.taskId}\0${r.agentId}\0${r.condition}\0${String(r.trialIndex).padStart(4, '0')}\0${String(r.attempt).padStart(3, '0')}`;
  return [...records].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * Starts a benchmark run: plans tasks × agents × conditions × trials with deterministic trial ids and seeds, runs
 * them under the global and per-task concurrency bounds, retries only infra and verifier errors, records every
 * attempt (to `store` when given), and resolves with the run record and its aggregates. Throws
 * `BenchConfigError` synchronously on a bad config.
 */
export function startRun(config: RunConfig): RunHandle {
  const settings = resolveRunConfig(config);
  const clock = config.clock ?? systemClock;
  const runId = config.runId ?? `sb-${randomBytes(6).toString('hex')}`;
  const events = new EventChannel<BenchRunEvent>();
  const abort = new AbortController();
  let stopReason: string | undefined;
  const onOuterAbort = (): void => {
    stopReason ??= 'aborted';
    abort.abort(config.signal?.reason);
  };
  config.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (config.signal?.aborted) onOuterAbort();

  const execute = async (): Promise<BenchRunResult> => {
    const store: BenchResultStore | undefined = config.store;
    const planned = planTrials({ runId, tasks: config.tasks, agents: config.agents, conditions: config.conditions, trials: settings.trials, seed: settings.seed });
    const quarantinedTasks = new Set<string>();
    if (config.quarantineLeaks ?? true) {
      for (const task of config.tasks) if ((await validateTask(task)).some((d) => d.code === 'answer-leak')) quarantinedTasks.add(task.id);
    }
    const serializable: SerializableRunConfig = {
      runId,
      tasks: config.tasks.map((t) => ({ id: t.id, digest: t.digest, category: t.category })),
      agents: config.agents.map((a) => ({ id: a.id, ...(a.model === undefined ? {} : { model: a.model }), ...(a.harness === undefined ? {} : { harness: a.harness }) })),
      conditions: config.conditions.map(conditionKey),
      trials: settings.trials,
      concurrency: settings.concurrency,
      perTaskConcurrency: settings.perTaskConcurrency,
      driver: config.driver.kind,
      timeoutMultiplier: settings.timeoutMultiplier,
      defaultAgentTimeoutSec: settings.defaultAgentTimeoutSec,
      defaultVerifierTimeoutSec: settings.defaultVerifierTimeoutSec,
      passThreshold: settings.passThreshold,
      errorPolicy: settings.errorPolicy,
      maxRetries: settings.maxRetries,
      seed: settings.seed,
      ks: settings.ks,
      baselineCondition: settings.baselineCondition,
      ...(config.budget ? { budget: config.budget } : {}),
      ...(config.variables ? { variables: config.variables } : {}),
    };
    const provenance = await collectProvenance(config.tasks, config.provenance);
    const createdAt = clock.now();
    let done = new Set<string>();
    const records: BenchTrialRecord[] = [];
    let priorCreatedAt: number | undefined;
    if (store) {
      const existing = config.resume ? await store.getRun(runId) : undefined;
      if (existing) {
        done = await store.completedTrialIds(runId);
        priorCreatedAt = existing.createdAt;
        records.push(...existing.trials);
      } else {
        await store.createRun({ runId, config: serializable, provenance });
      }
    }
    const todo = planned.filter((p) => !done.has(p.trialId));
    const unsupported = todo.filter((p) => !config.driver.supports(p.task));
    events.push({ type: 'planned', total: planned.length, skipped: done.size + unsupported.length });
    const record = async (r: BenchTrialRecord): Promise<void> => {
      records.push(r);
      await store?.appendTrial(r);
      events.push({ type: 'trial-end', record: r });
    };
    for (const p of unsupported) await record(skippedRecord(p, runId, clock.now(), `driver ${config.driver.kind} cannot run this task (requires a container)`));

    const attemptSettings: AttemptSettings = {
      runId,
      driver: config.driver,
      clock,
      timeoutMultiplier: settings.timeoutMultiplier,
      defaultAgentTimeoutSec: settings.defaultAgentTimeoutSec,
      defaultVerifierTimeoutSec: settings.defaultVerifierTimeoutSec,
      passThreshold: settings.passThreshold,
      runSignal: abort.signal,
      ...(config.tracer ? { tracer: config.tracer } : {}),
      ...(config.artifactsDir ? { artifactsDir: config.artifactsDir } : {}),
      quarantined: (taskId) => quarantinedTasks.has(taskId),
    };
    const global = new Semaphore(settings.concurrency);
    const perTask = new Map<string, Semaphore>();
    let spentUsd = records.reduce((s, r) => s + r.usage.costUsd, 0);
    let spentTokens = records.reduce((s, r) => s + (r.usage.totalTokens ?? r.usage.inputTokens + r.usage.outputTokens), 0);
    const overBudget = (): string | undefined => {
      const b = config.budget;
      if (b?.maxCostUsd !== undefined && spentUsd >= b.maxCostUsd) return `budget: cost ${spentUsd.toFixed(4)} USD reached ${b.maxCostUsd}`;
      if (b?.maxTokens !== undefined && spentTokens >= b.maxTokens) return `budget: ${spentTokens} tokens reached ${b.maxTokens}`;
      if (b?.deadline !== undefined && clock.now() >= b.deadline) return 'budget: deadline passed';
      return undefined;
    };
    const runnable = todo.filter((p) => config.driver.supports(p.task));
    await Promise.all(
      runnable.map(async (p) => {
        let taskSlots = perTask.get(p.task.id);
        if (!taskSlots) {
          taskSlots = new Semaphore(settings.perTaskConcurrency);
          perTask.set(p.task.id, taskSlots);
        }
        const releaseTask = await taskSlots.acquire();
        const releaseGlobal = await global.acquire();
        try {
          for (let attempt = 1; attempt <= settings.maxRetries + 1; attempt += 1) {
            const budgetStop = overBudget();
            if (budgetStop && !abort.signal.aborted) {
              stopReason ??= budgetStop;
              abort.abort(new Error(budgetStop));
            }
            if (abort.signal.aborted) return;
            events.push({ type: 'trial-start', trialId: p.trialId, taskId: p.task.id, condition: conditionKey(p.condition), attempt });
            const result = await runAttempt(p, attempt, attemptSettings);
            if (!result) return;
            spentUsd += result.usage.costUsd;
            spentTokens += result.usage.totalTokens ?? result.usage.inputTokens + result.usage.outputTokens;
            await record(result);
            if (!retryable(result)) return;
          }
        } finally {
          releaseGlobal();
          releaseTask();
        }
      }),
    );
    const aggregates = aggregate(records, { ks: settings.ks, errorPolicy: settings.errorPolicy, baselineCondition: settings.baselineCondition, seed: settings.seed });
    const status = abort.signal.aborted ? 'cancelled' : 'completed';
    const finishedAt = clock.now();
    await store?.finishRun(runId, status, aggregates);
    events.push({ type: 'done', summary: aggregates });
    return {
      runId,
      status,
      createdAt: priorCreatedAt ?? createdAt,
      finishedAt,
      config: serializable,
      provenance,
      trials: sortTrials(records),
      aggregates,
      ...(stopReason === undefined ? {} : { stopReason }),
    };
  };

  const result = execute().finally(() => {
    config.signal?.removeEventListener('abort', onOuterAbort);
    events.close();
  });
  // The caller may only read events; keep an unobserved rejection from crashing the process.
  result.catch(() => undefined);
  return {
    runId,
    events,
    result,
    cancel(reason = 'cancelled') {
      stopReason ??= reason;
      abort.abort(new Error(reason));
    },
  };
}

/** Runs a benchmark to completion; see {@link startRun}. */
export function runBenchmark(config: RunConfig): Promise<BenchRunResult> {
  const handle = startRun(config);
  // Nobody reads the events here: drain them so a long run does not keep every record twice.
  void (async () => {
    for await (const _event of handle.events) {
      // discard
    }
  })();
  return handle.result;
}
