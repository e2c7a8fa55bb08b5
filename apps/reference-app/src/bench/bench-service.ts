import { join } from 'node:path';
import { benchResultStore, type ImprovementStore } from '@agent33/improvement-store';
import type { Clock } from '@agent33/observability';
import type { LearningSink, ModelProvider } from '@agent33/runtime';
import {
  agentRuntimeFactory,
  compareRuns,
  loadTasks,
  localDriver,
  miniFixtureAgent,
  nopAgent,
  oracleAgent,
  runtimeAgent,
  startRun,
  toCtrf,
  toHtml,
  toJsonReport,
  toMarkdown,
  type AgentUnderTest,
  type BenchResultStore,
  type BenchRunEvent,
  type BenchRunResult,
  type BenchTask,
  type SkillCondition,
} from '@agent33/skillsbench';
import { HttpProblem } from '../http/problem.js';

/** Agents a benchmark run can use. */
export const BENCH_AGENTS = ['scripted-mini', 'oracle', 'nop', 'runtime'] as const;
/** One benchmark agent name. */
export type BenchAgentName = (typeof BENCH_AGENTS)[number];
/** Report formats. */
export const REPORT_FORMATS = ['json', 'md', 'html', 'ctrf'] as const;

/** What a run request names. */
export interface BenchRunRequest {
  agent: BenchAgentName;
  /** More agents in the same run (paired on the same tasks and seeds). */
  extraAgents?: BenchAgentName[];
  tasks?: string[];
  conditions?: Array<'none' | 'curated' | 'self_generated'>;
  trials?: number;
  concurrency?: number;
  seed?: number;
  baseline?: string;
  onEvent?: (e: BenchRunEvent) => void;
}

/** SkillsBench composed with the SQLite result store, the local sandbox driver and the app's runtime. */
export class BenchService {
  readonly store: BenchResultStore;
  private readonly active = new Map<string, Promise<BenchRunResult>>();

  constructor(
    private readonly deps: {
      improvementStore: ImprovementStore;
      dataDir: string;
      tasksDir: string;
      models: ModelProvider;
      defaultModel: string;
      learning?: LearningSink;
      clock: Clock;
      defaults: { trials: number; concurrency: number };
    },
  ) {
    this.store = benchResultStore(deps.improvementStore, { artifactsDir: this.artifactsDir(), clock: deps.clock });
  }

  artifactsDir(): string {
    return join(this.deps.dataDir, 'bench', 'artifacts');
  }

  get tasksDir(): string {
    return this.deps.tasksDir;
  }

  /** The task set (invalid tasks are reported by the loader as errors). */
  tasks(ids?: string[]): Promise<BenchTask[]> {
    return loadTasks(this.deps.tasksDir, ids === undefined ? undefined : { ids });
  }

  private agent(name: BenchAgentName): AgentUnderTest {
    switch (name) {
      case 'scripted-mini':
        return miniFixtureAgent();
      case 'oracle':
        return oracleAgent;
      case 'nop':
        return nopAgent;
      case 'runtime':
        return runtimeAgent({
          id: `runtime:${this.deps.defaultModel}`,
          model: this.deps.defaultModel,
          createRuntime: agentRuntimeFactory({ models: this.deps.models, model: this.deps.defaultModel }),
        });
    }
  }

  /** Starts a run in the background and returns its id; `done` settles when it finishes. */
  async start(req: BenchRunRequest): Promise<{ runId: string; done: Promise<BenchRunResult>; total: number }> {
    const tasks = await this.tasks(req.tasks);
    if (tasks.length === 0) throw new HttpProblem(400, 'BENCH_NO_TASKS', 'No task matched');
    const conditions: SkillCondition[] = req.conditions ?? ['none', 'curated'];
    const handle = startRun({
      tasks,
      agents: [req.agent, ...(req.extraAgents ?? [])].map((a) => this.agent(a)),
      conditions,
      trials: req.trials ?? this.deps.defaults.trials,
      concurrency: req.concurrency ?? this.deps.defaults.concurrency,
      driver: localDriver(),
      store: this.store,
      artifactsDir: this.artifactsDir(),
      clock: this.deps.clock,
      ...(req.seed === undefined ? {} : { seed: req.seed }),
    });
    let total = tasks.length * conditions.length * (req.trials ?? this.deps.defaults.trials) * (1 + (req.extraAgents?.length ?? 0));
    const events = (async () => {
      for await (const e of handle.events) {
        if (e.type === 'planned') total = e.total;
        req.onEvent?.(e);
      }
    })();
    const done = (async () => {
      const [result] = await Promise.all([handle.result, events]);
      if (req.baseline !== undefined) await this.reportFindings(result, req.baseline);
      return result;
    })();
    this.active.set(handle.runId, done);
    done.then(
      () => this.active.delete(handle.runId),
      () => this.active.delete(handle.runId),
    );
    return { runId: handle.runId, done, total };
  }

  /** Compares with a named baseline and sends regressions and negative skill deltas to the learning sink. */
  private async reportFindings(result: BenchRunResult, baselineName: string): Promise<void> {
    const baseline = await this.store.getBaseline(baselineName);
    if (baseline === undefined || this.deps.learning === undefined) return;
    const gate = compareRuns(result, baseline as BenchRunResult);
    const findings: Array<{ scope: 'overall' | 'task' | 'category'; key?: string; dropPp: number; significant: boolean }> = [];
    if (!gate.passed && gate.overall.dropPp > 0) findings.push({ scope: 'overall', dropPp: gate.overall.dropPp, significant: gate.overall.significant });
    for (const t of gate.tasks.filter((e) => e.regression)) findings.push({ scope: 'task', key: t.key, dropPp: t.dropPp, significant: t.significant });
    for (const c of gate.categories.filter((e) => e.regression)) findings.push({ scope: 'category', key: c.key, dropPp: c.dropPp, significant: c.significant });
    for (const f of findings) {
      await this.deps.learning.record({
        type: 'benchmark',
        runId: result.runId,
        finding: 'regression',
        baselineRunId: baseline.runId,
        scope: f.scope,
        ...(f.scope === 'task' && f.key !== undefined ? { taskId: f.key } : {}),
        ...(f.scope === 'category' && f.key !== undefined ? { category: f.key } : {}),
        deltaPp: -f.dropPp,
        significant: f.significant,
      });
    }
  }

  /** Whether a run is still executing in this process. */
  isActive(runId: string): boolean {
    return this.active.has(runId);
  }

  /** A finished run as the report functions take it, or a 404 / 409. */
  async finished(runId: string): Promise<BenchRunResult> {
    const run = await this.store.getRun(runId);
    if (run === undefined) throw new HttpProblem(404, 'BENCH_RUN_NOT_FOUND', `Run ${runId} not found`);
    if (run.status === 'running' || run.aggregates === undefined) {
      throw new HttpProblem(409, 'BENCH_RUN_RUNNING', `Run ${runId} has not finished (${run.trials.length} trials so far)`);
    }
    return run as BenchRunResult;
  }

  /** The reference engine's CTRF shape (cell level, 0.6 pass threshold) for the `/v1/evaluations` routes. */
  async legacyCtrf(runId: string): Promise<unknown> {
    return toCtrf(await this.finished(runId), { legacy: true, granularity: 'cell' });
  }

  /** A report of a finished run: body and content type. */
  async report(runId: string, format: (typeof REPORT_FORMATS)[number]): Promise<{ body: string; contentType: string }> {
    const run = await this.finished(runId);
    switch (format) {
      case 'json':
        return { body: JSON.stringify(toJsonReport(run), null, 2), contentType: 'application/json' };
      case 'ctrf':
        return { body: JSON.stringify(toCtrf(run), null, 2), contentType: 'application/json' };
      case 'md':
        return { body: toMarkdown(run), contentType: 'text/markdown; charset=utf-8' };
      case 'html':
        return { body: toHtml(run), contentType: 'text/html; charset=utf-8' };
    }
  }

  /** Waits for every run started by this process (shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.active.values()]);
  }
}
