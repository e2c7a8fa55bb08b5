import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { openSqliteStore } from '@agent33/improvement-store/sqlite';
import { BENCH_AGENTS, BenchService, REPORT_FORMATS, type BenchAgentName } from '../../bench/bench-service.js';
import type { ComposedApp } from '../../composition/compose.js';
import { UsageError } from '../../errors/index.js';
import { parseCommandArgs, required } from '../args.js';
import type { CliIo } from '../io.js';
import { ProgressBar } from '../progress.js';
import { printJson, withApp } from '../with-app.js';

type Format = (typeof REPORT_FORMATS)[number];

function list(value: unknown): string[] | undefined {
  return typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter((s) => s !== '') : undefined;
}

function positiveInt(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} expects a positive integer`);
  return n;
}

/** The bench service on the app's store, or on another SQLite file named by `--store sqlite:<path>`. */
async function withBench<T>(app: ComposedApp, storeArg: unknown, io: CliIo, fn: (bench: BenchService) => Promise<T>): Promise<T> {
  if (storeArg === undefined) return fn(app.bench);
  if (typeof storeArg !== 'string' || !storeArg.startsWith('sqlite:') || storeArg.length <= 'sqlite:'.length) {
    throw new UsageError('--store expects sqlite:<path>');
  }
  const path = resolve(io.cwd, storeArg.slice('sqlite:'.length));
  mkdirSync(dirname(path), { recursive: true });
  const store = await openSqliteStore({ path });
  try {
    const bench = new BenchService({
      improvementStore: store,
      dataDir: dirname(path),
      tasksDir: app.bench.tasksDir,
      models: app.runtime.models,
      defaultModel: app.runtime.defaultModel,
      learning: app.learning,
      clock: app.clock,
      defaults: { trials: app.config.bench.trials, concurrency: app.config.bench.concurrency },
    });
    return await fn(bench);
  } finally {
    await store.close();
  }
}

/**
 * `agent33 bench tasks` · `bench run [--agent scripted-mini|oracle|nop|runtime] [--tasks a,b] [--conditions
 * none,curated] [--trials n] [--concurrency n] [--seed n] [--store sqlite:<path>] [--format md --out file]` (progress
 * bar on stderr, summary on stdout) · `bench report <runId> [--format json|md|html|ctrf] [--out file]` · `bench runs`.
 */
export async function benchCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    agent: { type: 'string' },
    tasks: { type: 'string' },
    conditions: { type: 'string' },
    trials: { type: 'string' },
    concurrency: { type: 'string' },
    seed: { type: 'string' },
    store: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
  });
  const action = required(positionals, 0, 'run|report|runs|tasks');
  if (!['run', 'report', 'runs', 'tasks'].includes(action)) throw new UsageError(`unknown bench action "${action}" (run, report, runs, tasks)`);
  const format = (values['format'] as string | undefined) ?? (action === 'report' ? 'json' : undefined);
  if (format !== undefined && !(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}`);
  }
  const agent = (values['agent'] as string | undefined) ?? 'scripted-mini';
  if (!(BENCH_AGENTS as readonly string[]).includes(agent)) throw new UsageError(`--agent must be one of ${BENCH_AGENTS.join(', ')}`);
  const conditions = list(values['conditions']);
  if (conditions !== undefined && !conditions.every((c) => ['none', 'curated', 'self_generated'].includes(c))) {
    throw new UsageError('--conditions takes none, curated, self_generated');
  }
  const trials = positiveInt('trials', values['trials']);
  const concurrency = positiveInt('concurrency', values['concurrency']);
  const seed = values['seed'] === undefined ? undefined : Number(values['seed']);
  if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError('--seed expects an integer');
  const runId = action === 'report' ? required(positionals, 1, 'runId') : undefined;

  const emit = async (bench: BenchService, id: string, fmt: Format): Promise<void> => {
    const report = await bench.report(id, fmt);
    if (typeof values['out'] === 'string') {
      const out = resolve(io.cwd, values['out']);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, report.body);
      io.err(`report written to ${out}`);
    } else {
      io.out(report.body);
    }
  };

  return withApp(values, io, (app) =>
    withBench(app, values['store'], io, async (bench) => {
      if (action === 'tasks') {
        printJson(io, (await bench.tasks()).map((t) => ({ id: t.id, category: t.category, skills: t.skills.map((s) => s.name) })));
        return 0;
      }
      if (action === 'runs') {
        printJson(io, await bench.store.listRuns({ limit: 50 }));
        return 0;
      }
      if (action === 'report') {
        await emit(bench, runId as string, format as Format);
        return 0;
      }
      const bar = new ProgressBar(io, 0);
      const started = await bench.start({
        agent: agent as BenchAgentName,
        ...(list(values['tasks']) === undefined ? {} : { tasks: list(values['tasks']) as string[] }),
        ...(conditions === undefined ? {} : { conditions: conditions as Array<'none' | 'curated' | 'self_generated'> }),
        ...(trials === undefined ? {} : { trials }),
        ...(concurrency === undefined ? {} : { concurrency }),
        ...(seed === undefined ? {} : { seed }),
        onEvent: (e) => {
          if (e.type === 'planned') bar.setTotal(e.total);
          if (e.type === 'trial-end') bar.tick(e.record.outcome);
        },
      });
      io.err(`run ${started.runId}: ${started.total} trials (results in the SQLite store)`);
      const result = await started.done;
      bar.finish();
      const outcomes: Record<string, number> = {};
      for (const t of result.trials) outcomes[t.outcome] = (outcomes[t.outcome] ?? 0) + 1;
      printJson(io, { run_id: result.runId, status: result.status, trials: result.trials.length, outcomes, pass_rates: result.aggregates.byAgentCondition });
      if (format !== undefined) await emit(bench, result.runId, format as Format);
      return result.status === 'completed' ? 0 : 1;
    }),
  );
}
