import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseCtrfLenient } from '../grader/ctrf-lenient.js';
import { countTests } from '../grader/test-results.js';
import type { BenchTrialRecord } from '../records.js';

function rec(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function time(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function phaseMs(phase: unknown): number {
  const p = rec(phase);
  const start = time(p.started_at);
  const end = time(p.finished_at);
  return start !== undefined && end !== undefined ? Math.max(0, end - start) : 0;
}

async function* resultFiles(dir: string): AsyncGenerator<string> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* resultFiles(full);
    else if (entry.isFile() && entry.name === 'result.json') yield full;
  }
}

/**
 * Maps one Harbor trial `result.json` to a trial record: reward from `verifier_result.rewards.reward`, tokens and
 * cost from `agent_result`, phase timings, `exception_info` → `error` (the reward, if any, is kept). Returns
 * `undefined` for JSON that is not a trial result (the job-level `result.json`).
 */
export function harborResultToTrial(json: unknown, runId: string, trialIndex = 0): BenchTrialRecord | undefined {
  const r = rec(json);
  if (typeof r.task_name !== 'string' || typeof r.trial_name !== 'string') return undefined;
  const config = rec(r.config);
  const agent = rec(config.agent);
  const agentResult = rec(r.agent_result);
  const rewards = rec(rec(r.verifier_result).rewards);
  const reward = num(rewards.reward) ?? num(Object.values(rewards).find((v) => typeof v === 'number')) ?? null;
  const exception = r.exception_info;
  const hasException = exception !== null && exception !== undefined && !(typeof exception === 'object' && Object.keys(rec(exception)).length === 0);
  const outcome: BenchTrialRecord['outcome'] = hasException ? (/timeout/i.test(JSON.stringify(exception)) ? 'timeout' : 'error') : reward === null ? 'error' : reward >= 1 ? 'passed' : 'failed';
  const startedAt = time(r.started_at) ?? time(rec(r.environment_setup).started_at) ?? 0;
  const finishedAt = time(r.finished_at) ?? time(rec(r.verifier).finished_at) ?? startedAt;
  const inputTokens = num(agentResult.n_input_tokens) ?? 0;
  const outputTokens = num(agentResult.n_output_tokens) ?? 0;
  const exceptionText = hasException ? (typeof exception === 'string' ? exception : String(rec(exception).exception_message ?? rec(exception).exception_type ?? JSON.stringify(exception))) : undefined;
  return {
    runId,
    trialId: r.trial_name,
    attempt: 1,
    taskId: r.task_name,
    taskDigest: typeof r.task_checksum === 'string' ? r.task_checksum : '',
    category: 'uncategorized',
    agentId: typeof agent.name === 'string' ? agent.name : 'unknown',
    ...(typeof agent.model_name === 'string' ? { model: agent.model_name } : {}),
    condition: 'unknown',
    trialIndex,
    seed: 0,
    outcome,
    scoreEligible: outcome === 'passed' || outcome === 'failed',
    reward,
    ...(hasException ? { errorKind: 'harbor_exception', errorMessage: exceptionText ?? 'exception' } : reward === null ? { errorKind: 'verifier_error', errorMessage: 'no reward recorded' } : {}),
    startedAt,
    finishedAt,
    agentMs: phaseMs(r.agent_execution),
    verifierMs: phaseMs(r.verifier),
    usage: { inputTokens, outputTokens, cacheReadInputTokens: num(agentResult.n_cache_tokens) ?? 0, reasoningOutputTokens: 0, totalTokens: inputTokens + outputTokens, costUsd: num(agentResult.cost_usd) ?? 0 },
    toolCalls: 0,
    iterations: 0,
    skillsInvoked: [],
    artifacts: [],
  };
}

/**
 * Imports a Harbor jobs folder: every trial `result.json` under `dir` becomes a trial record. The run id is the
 * job folder's name; trials of one task are numbered in path order (Harbor repeats are exchangeable).
 */
export async function* importHarborJobs(dir: string): AsyncIterable<BenchTrialRecord> {
  const indexByTask = new Map<string, number>();
  for await (const file of resultFiles(dir)) {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(file, 'utf8'));
    } catch {
      continue;
    }
    const taskName = rec(json).task_name;
    if (typeof taskName !== 'string') continue;
    const index = indexByTask.get(taskName) ?? 0;
    const runId = basename(dirname(dirname(file)));
    const record = harborResultToTrial(json, runId, index);
    if (!record) continue;
    // The verifier's pytest-json-ctrf report, when Harbor kept it beside the result, gives the test counts.
    for (const rel of ['verifier/ctrf.json', 'logs/verifier/ctrf.json']) {
      const text = await readFile(join(dirname(file), rel), 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      try {
        const tests = parseCtrfLenient(JSON.parse(text));
        if (tests.length > 0) record.tests = countTests(tests);
      } catch {
        // An unreadable report leaves the trial without test counts.
      }
      break;
    }
    indexByTask.set(taskName, index + 1);
    yield record;
  }
}
