import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { nopAgent, oracleAgent } from '../agent/builtin-agents.js';
import type { AgentUnderTest } from '../agent/types.js';
import { BenchError } from '../errors/bench-error.js';
import { miniFixtureAgent } from '../fixtures/mini-fixtures.js';
import { compareRuns, type GateThresholds } from '../gate/compare-runs.js';
import { importHarborJobs } from '../harbor/import-harbor.js';
import type { BenchResultStore, BenchRunRecord, BenchTrialRecord } from '../records.js';
import { writeReports, type ReportFormat } from '../report/write-reports.js';
import { dockerDriver } from '../sandbox/docker-driver.js';
import { localDriver } from '../sandbox/local-driver.js';
import type { SandboxDriver } from '../sandbox/types.js';
import { startRun } from '../scheduler/run.js';
import type { BenchRunResult } from '../scheduler/types.js';
import { aggregate } from '../stats/aggregate.js';
import { wilsonInterval } from '../stats/intervals.js';
import { passAtK, passHatK } from '../stats/pass-at-k.js';
import { fileStore } from '../store/file-store.js';
import { memoryStore } from '../store/memory-store.js';
import { loadTasks } from '../task/loader.js';
import type { BenchTask, SkillCondition } from '../task/types.js';
import { validateTask } from '../task/validate.js';
import { listOption, numberOption, parseCli, UsageError, type ParsedArgs } from './args.js';
import { Progress } from './progress.js';

/** Where the CLI writes. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Draw the progress bar in place (a terminal) instead of one line per trial. */
  isTTY?: boolean;
}

/** The usage text of `agent33-skillsbench`. */
export const USAGE = `agent33-skillsbench <command>

  list     <tasks-dir> [--category c] [--json]
  validate <tasks-dir> [--driver local|docker] [--oracle] [--nop] [--json]
  run      <tasks-dir> --agent <module-path|builtin:oracle|builtin:nop|builtin:fixture> [--model m]
           [--conditions none,curated] [--trials 5] [--concurrency 4] [--per-task-concurrency n]
           [--driver local|docker] [--timeout-multiplier 1] [--seed 42] [--error-policy exclude|fail]
           [--pass-threshold 1] [--store file:./skillsbench-runs|memory] [--run-id id] [--resume <runId>]
           [--max-cost-usd N] [--max-tokens N] [--task a,b] [--category c] [--skill-injection progressive|full|name-nudge]
           [--out ./reports] [--format ctrf,json,md,html] [--granularity trial|cell]
  report   <runId> [--store …] [--format …] [--out …] [--granularity trial|cell] [--legacy]
  compare  <runId> --baseline <runId|name> [--store …] [--fail-on-regression] [--no-significance]
           [--thresholds overall=5,task=20,category=5]
  baseline set <name> <runId> [--store …]
  import-harbor <jobs-dir> [--store …]
  stats    --n 5 --c 2 --k 1,3,5

Exit codes: 0 ok, 1 error, 2 regression (compare --fail-on-regression).`;

function storeFrom(values: ParsedArgs['values']): BenchResultStore {
  const spec = typeof values.store === 'string' ? values.store : 'file:./skillsbench-runs';
  if (spec === 'memory') return memoryStore();
  if (spec.startsWith('file:') && spec.length > 5) return fileStore({ dir: resolve(spec.slice(5)) });
  throw new UsageError(`--store must be memory or file:<dir>, got ${spec} (sqlite stores come with the reference app's agent33 bench)`);
}

function driverFrom(values: ParsedArgs['values']): SandboxDriver {
  const kind = values.driver ?? 'local';
  if (kind === 'local') return localDriver();
  if (kind === 'docker') return dockerDriver();
  throw new UsageError(`--driver must be local or docker, got ${String(kind)}`);
}

async function agentFrom(spec: string, model: string | undefined, skillInjection: string | undefined): Promise<AgentUnderTest> {
  if (spec === 'builtin:oracle') return oracleAgent;
  if (spec === 'builtin:nop') return nopAgent;
  if (spec === 'builtin:fixture') return miniFixtureAgent();
  const url = pathToFileURL(isAbsolute(spec) ? spec : resolve(spec)).href;
  const mod = (await import(url)) as { default?: unknown };
  if (typeof mod.default !== 'function') throw new UsageError(`${spec} must default-export (opts) => AgentUnderTest`);
  const factory = mod.default as (o: { model?: string; skillInjection?: string }) => AgentUnderTest | Promise<AgentUnderTest>;
  const agent = await factory({ ...(model === undefined ? {} : { model }), ...(skillInjection === undefined ? {} : { skillInjection }) });
  if (typeof agent?.id !== 'string' || typeof agent.run !== 'function') throw new UsageError(`${spec} did not return an agent (id and run)`);
  return agent;
}

function conditionsFrom(values: ParsedArgs['values']): SkillCondition[] {
  const list = listOption(values, 'conditions') ?? ['none', 'curated'];
  for (const c of list) if (!['none', 'curated', 'self_generated'].includes(c)) throw new UsageError(`unknown condition ${c}`);
  return list as SkillCondition[];
}

function formatsFrom(values: ParsedArgs['values']): ReportFormat[] {
  const list = listOption(values, 'format') ?? ['ctrf', 'json', 'md', 'html'];
  for (const f of list) if (!['ctrf', 'json', 'md', 'html'].includes(f)) throw new UsageError(`unknown format ${f}`);
  return list as ReportFormat[];
}

function granularityFrom(values: ParsedArgs['values']): 'trial' | 'cell' {
  const g = values.granularity ?? 'trial';
  if (g !== 'trial' && g !== 'cell') throw new UsageError('--granularity must be trial or cell');
  return g;
}

async function tasksFrom(dir: string | undefined, values: ParsedArgs['values']): Promise<BenchTask[]> {
  if (!dir) throw new UsageError('a tasks directory is required');
  const category = typeof values.category === 'string' ? [values.category] : undefined;
  const ids = listOption(values, 'task');
  return loadTasks(resolve(dir), { ...(category ? { categories: category } : {}), ...(ids ? { ids } : {}) });
}

async function storedRun(store: BenchResultStore, idOrName: string): Promise<BenchRunResult> {
  const run = (await store.getRun(idOrName)) ?? (await store.getBaseline(idOrName));
  if (!run) throw new UsageError(`no run or baseline named ${idOrName} in the store`);
  return withAggregates(run);
}

function withAggregates(run: BenchRunRecord): BenchRunResult {
  const r = run as BenchRunResult;
  if (r.aggregates) return r;
  const cfg = (r.config ?? {}) as Partial<BenchRunResult['config']>;
  return { ...r, aggregates: aggregate(r.trials, { ...(cfg.ks ? { ks: cfg.ks } : {}), ...(cfg.errorPolicy ? { errorPolicy: cfg.errorPolicy } : {}) }) };
}

async function cmdList(args: ParsedArgs, io: CliIo): Promise<number> {
  const tasks = await tasksFrom(args.positionals[1], args.values);
  if (args.values.json) {
    io.stdout(JSON.stringify(tasks.map((t) => ({ id: t.id, category: t.category, difficulty: t.difficulty ?? null, skills: t.skills.map((s) => s.name), requiresContainer: t.requiresContainer, digest: t.digest })), null, 2) + '\n');
    return 0;
  }
  for (const t of tasks) io.stdout(`${t.id}\t${t.category}\t${t.difficulty ?? '-'}\tskills=${t.skills.length}${t.requiresContainer ? '\trequires-container' : ''}\n`);
  io.stdout(`${tasks.length} task(s)\n`);
  return 0;
}

async function cmdValidate(args: ParsedArgs, io: CliIo): Promise<number> {
  const tasks = await tasksFrom(args.positionals[1], args.values);
  const diagnostics: Array<{ taskId: string; severity: 'error' | 'warn'; code: string; message: string }> = [];
  for (const task of tasks) diagnostics.push(...(await validateTask(task)));
  const driver = driverFrom(args.values);
  for (const [flag, agent] of [['oracle', oracleAgent], ['nop', nopAgent]] as const) {
    if (!args.values[flag]) continue;
    const runnable = tasks.filter((t) => driver.supports(t));
    if (runnable.length === 0) continue;
    const run = await startRun({ tasks: runnable, agents: [agent], conditions: ['curated'], trials: 1, driver, maxRetries: 0, quarantineLeaks: false }).result;
    for (const t of run.trials) {
      // The oracle must pass; nop must fail. Verifier errors and timeouts are problems of the task either way.
      const ok = flag === 'oracle' ? t.outcome === 'passed' : t.outcome === 'failed';
      if (!ok) diagnostics.push({ taskId: t.taskId, severity: 'error', code: `${flag}-check`, message: `${flag} should ${flag === 'oracle' ? 'reach reward 1' : 'score 0'}, got ${t.outcome} (reward ${t.reward ?? 'none'})${t.errorMessage ? `: ${t.errorMessage}` : ''}` });
    }
  }
  if (args.values.json) io.stdout(JSON.stringify(diagnostics, null, 2) + '\n');
  else {
    for (const d of diagnostics) io.stdout(`${d.severity.toUpperCase()}\t${d.taskId}\t${d.code}\t${d.message}\n`);
    io.stdout(`${tasks.length} task(s), ${diagnostics.filter((d) => d.severity === 'error').length} error(s), ${diagnostics.filter((d) => d.severity === 'warn').length} warning(s)\n`);
  }
  return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

async function cmdRun(args: ParsedArgs, io: CliIo): Promise<number> {
  const v = args.values;
  if (typeof v.agent !== 'string') throw new UsageError('run needs --agent');
  const tasks = await tasksFrom(args.positionals[1], v);
  if (tasks.length === 0) throw new UsageError('no tasks matched');
  const model = typeof v.model === 'string' ? v.model : undefined;
  const agent = await agentFrom(v.agent, model, typeof v['skill-injection'] === 'string' ? v['skill-injection'] : undefined);
  const store = storeFrom(v);
  const resume = typeof v.resume === 'string' ? v.resume : undefined;
  const runId = resume ?? (typeof v['run-id'] === 'string' ? v['run-id'] : undefined);
  const maxCostUsd = numberOption(v, 'max-cost-usd');
  const maxTokens = numberOption(v, 'max-tokens');
  const errorPolicy = v['error-policy'] ?? 'exclude';
  if (errorPolicy !== 'exclude' && errorPolicy !== 'fail') throw new UsageError('--error-policy must be exclude or fail');
  const handle = startRun({
    tasks,
    agents: [agent],
    conditions: conditionsFrom(v),
    trials: numberOption(v, 'trials', 5) as number,
    driver: driverFrom(v),
    store,
    ...(numberOption(v, 'concurrency') === undefined ? {} : { concurrency: numberOption(v, 'concurrency') as number }),
    ...(numberOption(v, 'per-task-concurrency') === undefined ? {} : { perTaskConcurrency: numberOption(v, 'per-task-concurrency') as number }),
    timeoutMultiplier: numberOption(v, 'timeout-multiplier', 1) as number,
    seed: numberOption(v, 'seed', 42) as number,
    passThreshold: numberOption(v, 'pass-threshold', 1) as number,
    errorPolicy,
    ...(runId ? { runId } : {}),
    ...(resume ? { resume: true } : {}),
    ...(maxCostUsd !== undefined || maxTokens !== undefined ? { budget: { ...(maxCostUsd !== undefined ? { maxCostUsd } : {}), ...(maxTokens !== undefined ? { maxTokens } : {}) } } : {}),
  });
  const progress = new Progress(io);
  const onSignal = (): void => handle.cancel('interrupted');
  process.once('SIGINT', onSignal);
  try {
    for await (const event of handle.events) progress.onEvent(event);
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
  const run = await handle.result;
  progress.finish();
  const out = typeof v.out === 'string' ? resolve(v.out) : resolve('reports', run.runId);
  const written = await writeReports(run, { out, formats: formatsFrom(v), ctrf: { granularity: granularityFrom(v) } });
  const d = run.aggregates.denominators;
  io.stdout(`run ${run.runId} ${run.status}${run.stopReason ? ` (${run.stopReason})` : ''}: ${d.trials} trials, ${d.eligible} score-eligible, ${d.errors} errors, ${d.timeouts} timeouts, ${d.infra} infra\n`);
  for (const [agentId, byCondition] of Object.entries(run.aggregates.byAgentCondition)) {
    for (const [condition, e] of Object.entries(byCondition)) io.stdout(`  ${agentId} ${condition}: ${(e.value * 100).toFixed(1)}% [${(e.ci.lo * 100).toFixed(1)}, ${(e.ci.hi * 100).toFixed(1)}] over ${e.n} tasks\n`);
  }
  for (const path of written) io.stdout(`wrote ${path}\n`);
  return 0;
}

async function cmdReport(args: ParsedArgs, io: CliIo): Promise<number> {
  const id = args.positionals[1];
  if (!id) throw new UsageError('report needs a run id');
  const run = await storedRun(storeFrom(args.values), id);
  const out = typeof args.values.out === 'string' ? resolve(args.values.out) : resolve('reports', run.runId);
  const written = await writeReports(run, { out, formats: formatsFrom(args.values), ctrf: { granularity: granularityFrom(args.values), ...(args.values.legacy ? { legacy: true } : {}) } });
  for (const path of written) io.stdout(`wrote ${path}\n`);
  return 0;
}

function thresholdsFrom(values: ParsedArgs['values']): GateThresholds {
  const out: GateThresholds = {};
  for (const pair of listOption(values, 'thresholds') ?? []) {
    const [key, raw] = pair.split('=');
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new UsageError(`bad threshold ${pair}`);
    if (key === 'overall') out.overallDropPp = value;
    else if (key === 'task') out.taskDropPp = value;
    else if (key === 'category') out.categoryDropPp = value;
    else if (key === 'min-pass-rate') out.minPassRate = value;
    else if (key === 'min-skill-delta') out.minSkillDeltaPp = value;
    else throw new UsageError(`unknown threshold ${key}`);
  }
  if (values['no-significance']) out.requireSignificance = false;
  return out;
}

async function cmdCompare(args: ParsedArgs, io: CliIo): Promise<number> {
  const id = args.positionals[1];
  if (!id || typeof args.values.baseline !== 'string') throw new UsageError('compare needs <runId> --baseline <runId|name>');
  const store = storeFrom(args.values);
  const gate = compareRuns(await storedRun(store, id), await storedRun(store, args.values.baseline), thresholdsFrom(args.values));
  io.stdout(gate.markdown + '\n');
  return !gate.passed && args.values['fail-on-regression'] ? 2 : 0;
}

async function cmdBaseline(args: ParsedArgs, io: CliIo): Promise<number> {
  const [, action, name, runId] = args.positionals;
  if (action !== 'set' || !name || !runId) throw new UsageError('usage: baseline set <name> <runId>');
  await storeFrom(args.values).setBaseline(name, runId);
  io.stdout(`baseline ${name} → ${runId}\n`);
  return 0;
}

async function cmdImportHarbor(args: ParsedArgs, io: CliIo): Promise<number> {
  const dir = args.positionals[1];
  if (!dir) throw new UsageError('import-harbor needs a jobs directory');
  const store = storeFrom(args.values);
  const byRun = new Map<string, BenchTrialRecord[]>();
  for await (const record of importHarborJobs(resolve(dir))) byRun.set(record.runId, [...(byRun.get(record.runId) ?? []), record]);
  for (const [runId, trials] of byRun) {
    if (!(await store.getRun(runId))) await store.createRun({ runId, config: { importedFrom: 'harbor', trials: trials.length }, provenance: { harness: 'harbor' } });
    for (const t of trials) await store.appendTrial(t);
    await store.finishRun(runId, 'completed', aggregate(trials));
    io.stdout(`imported ${trials.length} trial(s) into run ${runId}\n`);
  }
  if (byRun.size === 0) io.stdout('no Harbor trial results found\n');
  return 0;
}

function cmdStats(args: ParsedArgs, io: CliIo): number {
  const n = numberOption(args.values, 'n');
  const c = numberOption(args.values, 'c');
  if (n === undefined || c === undefined) throw new UsageError('stats needs --n and --c');
  const ks = (listOption(args.values, 'k') ?? ['1']).map(Number);
  const wilson = wilsonInterval(c, n);
  io.stdout(`n=${n} c=${c} pass rate=${(c / n).toFixed(6)} wilson95=[${wilson.lo.toFixed(6)}, ${wilson.hi.toFixed(6)}]\n`);
  for (const k of ks) io.stdout(`k=${k} pass@k=${passAtK(n, c, k).toFixed(10)} pass^k=${passHatK(n, c, k).toPrecision(10)}\n`);
  return 0;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseCli(argv);
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${USAGE}\n`);
    return 1;
  }
  const command = args.positionals[0];
  if (!command || args.values.help) {
    io.stdout(`${USAGE}\n`);
    return command || args.values.help ? 0 : 1;
  }
  try {
    switch (command) {
      case 'list':
        return await cmdList(args, io);
      case 'validate':
        return await cmdValidate(args, io);
      case 'run':
        return await cmdRun(args, io);
      case 'report':
        return await cmdReport(args, io);
      case 'compare':
        return await cmdCompare(args, io);
      case 'baseline':
        return await cmdBaseline(args, io);
      case 'import-harbor':
        return await cmdImportHarbor(args, io);
      case 'stats':
        return cmdStats(args, io);
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (error) {
    if (error instanceof UsageError) io.stderr(`${error.message}\n\n${USAGE}\n`);
    else if (BenchError.isInstance(error)) io.stderr(`${error.code}: ${error.message}\n`);
    else io.stderr(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
