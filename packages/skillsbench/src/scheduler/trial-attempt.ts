import { cp, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '@agent33/observability';
import type { Tracer } from '@opentelemetry/api';
import type { AgentRunResult, TrialContext } from '../agent/types.js';
import { classifyAttempt, type Classification } from '../grader/classify.js';
import { countTests } from '../grader/test-results.js';
import type { BenchTrialArtifact, BenchTrialRecord } from '../records.js';
import type { SandboxDriver, TrialSandbox, VerifierResult } from '../sandbox/types.js';
import { loadSkillsDir } from '../task/skill-bundle.js';
import { conditionKey, type SkillBundle } from '../task/types.js';
import type { PlannedTrial } from './plan.js';

/** Settings shared by every attempt of a run. */
export interface AttemptSettings {
  runId: string;
  driver: SandboxDriver;
  clock: Clock;
  timeoutMultiplier: number;
  defaultAgentTimeoutSec: number;
  defaultVerifierTimeoutSec: number;
  passThreshold: number;
  runSignal: AbortSignal;
  tracer?: Tracer;
  artifactsDir?: string;
  quarantined: (taskId: string) => boolean;
}

async function skillsFor(planned: PlannedTrial): Promise<readonly SkillBundle[]> {
  const { condition, task } = planned;
  if (condition === 'curated') return task.skills;
  if (typeof condition === 'object') return loadSkillsDir(condition.skillsDir);
  return [];
}

function usageOf(agent: AgentRunResult | undefined): BenchTrialRecord['usage'] {
  const u = agent?.usage ?? {};
  const inputTokens = u.inputTokens ?? 0;
  const outputTokens = u.outputTokens ?? 0;
  return {
    inputTokens,
    outputTokens,
    cacheReadInputTokens: u.cacheReadInputTokens ?? 0,
    reasoningOutputTokens: u.reasoningOutputTokens ?? 0,
    totalTokens: u.totalTokens ?? inputTokens + outputTokens,
    costUsd: u.costUsd ?? 0,
  };
}

async function keepArtifacts(sandbox: TrialSandbox, settings: AttemptSettings, planned: PlannedTrial, attempt: number): Promise<BenchTrialArtifact[]> {
  if (!settings.artifactsDir) return [];
  const found = await sandbox.artifacts();
  const rel = join(settings.runId, planned.task.id, `${planned.trialId}-a${attempt}`);
  const target = join(settings.artifactsDir, rel);
  await mkdir(target, { recursive: true });
  const out: BenchTrialArtifact[] = [];
  for (const artifact of found) {
    const dest = join(target, artifact.name);
    await mkdir(join(dest, '..'), { recursive: true });
    await cp(artifact.path, dest);
    out.push({ ...artifact, path: join(rel, artifact.name) });
  }
  return out;
}

/** Races `promise` against the clock; true when the time ran out first. */
async function timedOut(promise: Promise<unknown>, ms: number, clock: Clock): Promise<boolean> {
  const stop = new AbortController();
  try {
    return await Promise.race([promise.then(() => false, () => false), clock.sleep(ms, stop.signal).then(() => true)]);
  } finally {
    stop.abort();
  }
}

/**
 * Runs one attempt in Harbor's order: prepare the sandbox, let the agent work until it finishes or its deadline
 * passes, then verify (logs emptied, tests placed), classify, keep artifacts and dispose. Returns `undefined` when
 * the run was cancelled mid-attempt, so the trial is not recorded and a resume reruns it.
 */
export async function runAttempt(planned: PlannedTrial, attempt: number, settings: AttemptSettings): Promise<BenchTrialRecord | undefined> {
  const { task, agent } = planned;
  const { clock } = settings;
  const condition = conditionKey(planned.condition);
  const startedAt = clock.now();
  const span = settings.tracer?.startSpan('skillsbench.trial', {
    attributes: { 'skillsbench.task': task.id, 'skillsbench.condition': condition, 'skillsbench.agent': agent.id, 'skillsbench.seed': planned.seed, 'skillsbench.attempt': attempt },
  });
  let sandbox: TrialSandbox | undefined;
  let classification: Classification;
  let agentResult: AgentRunResult | undefined;
  let verifier: VerifierResult | undefined;
  let agentMs = 0;
  let verifierMs = 0;
  let artifacts: BenchTrialArtifact[] = [];
  try {
    try {
      sandbox = await settings.driver.prepare(task, planned.condition, { id: planned.trialId, seed: planned.seed, signal: settings.runSignal });
    } catch (error) {
      classification = classifyAttempt({ infraError: error instanceof Error ? error.message : String(error), passThreshold: settings.passThreshold });
      return finish();
    }
    const agentTimeoutMs = (task.toml.agent.timeoutSec ?? settings.defaultAgentTimeoutSec) * settings.timeoutMultiplier * 1000;
    const agentAbort = new AbortController();
    const onRunAbort = (): void => agentAbort.abort(settings.runSignal.reason);
    settings.runSignal.addEventListener('abort', onRunAbort, { once: true });
    const agentStart = clock.now();
    const ctx: TrialContext = {
      runId: settings.runId,
      trialId: planned.trialId,
      taskId: task.id,
      condition: planned.condition,
      trialIndex: planned.trialIndex,
      seed: planned.seed,
      instruction: task.instruction,
      skills: await skillsFor(planned),
      workspace: sandbox.workspace,
      deadline: agentStart + agentTimeoutMs,
      signal: agentAbort.signal,
      task,
    };
    const running = Promise.resolve()
      .then(() => agent.run(ctx))
      .then(
        (result) => {
          agentResult = result;
        },
        (error: unknown) => {
          agentResult = { status: 'error', error: error instanceof Error ? error.message : String(error) };
        },
      );
    const agentTimedOut = await timedOut(running, agentTimeoutMs, clock);
    if (agentTimedOut) {
      agentAbort.abort(new Error('agent timeout'));
      // Give a cooperative agent a moment to unwind; a stuck one is abandoned (its processes are killed on dispose).
      await timedOut(running, 2000, clock);
    }
    settings.runSignal.removeEventListener('abort', onRunAbort);
    agentMs = clock.now() - agentStart;
    if (settings.runSignal.aborted) return undefined;
    const verifierTimeoutMs = (task.toml.verifier.timeoutSec ?? settings.defaultVerifierTimeoutSec) * settings.timeoutMultiplier * 1000;
    const verifierStart = clock.now();
    try {
      verifier = await sandbox.runVerifier(task, verifierTimeoutMs);
    } catch (error) {
      classification = classifyAttempt({ infraError: `verifier could not start: ${error instanceof Error ? error.message : String(error)}`, passThreshold: settings.passThreshold });
      return finish();
    }
    verifierMs = clock.now() - verifierStart;
    if (settings.runSignal.aborted) return undefined;
    classification = classifyAttempt({ ...(agentResult ? { agent: agentResult } : {}), agentTimedOut, verifier, passThreshold: settings.passThreshold });
    artifacts = await keepArtifacts(sandbox, settings, planned, attempt).catch(() => []);
    return finish();
  } finally {
    await sandbox?.dispose().catch(() => undefined);
    span?.end();
  }

  function finish(): BenchTrialRecord {
    const record: BenchTrialRecord = {
      runId: settings.runId,
      trialId: planned.trialId,
      attempt,
      taskId: task.id,
      taskDigest: task.digest,
      category: task.category,
      ...(task.difficulty === undefined ? {} : { difficulty: task.difficulty }),
      agentId: agent.id,
      ...(agent.model === undefined ? {} : { model: agent.model }),
      condition,
      trialIndex: planned.trialIndex,
      seed: planned.seed,
      outcome: classification.outcome,
      scoreEligible: classification.scoreEligible,
      reward: classification.reward,
      ...(classification.errorKind === undefined ? {} : { errorKind: classification.errorKind }),
      ...(classification.errorMessage === undefined ? {} : { errorMessage: classification.errorMessage }),
      startedAt,
      finishedAt: clock.now(),
      agentMs,
      verifierMs,
      usage: usageOf(agentResult),
      toolCalls: agentResult?.toolCalls ?? 0,
      iterations: agentResult?.iterations ?? 0,
      skillsInvoked: [...(agentResult?.skillsInvoked ?? [])],
      ...(verifier?.tests ? { tests: countTests(verifier.tests) } : {}),
      artifacts,
      ...(settings.quarantined(task.id) ? { quarantined: true } : {}),
    };
    span?.setAttributes({ 'skillsbench.outcome': record.outcome, ...(record.reward === null ? {} : { 'skillsbench.reward': record.reward }) });
    if (record.outcome === 'infra' || record.outcome === 'error') span?.setStatus({ code: 2, message: record.errorMessage ?? record.outcome });
    return record;
  }
}
