import { appendFile, mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BenchStoreError } from '../errors/store-error.js';
import type { BenchResultStore, BenchRunRecord, BenchRunStatus, BenchRunSummary, BenchTrialRecord } from '../records.js';

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

interface RunMeta {
  runId: string;
  status: BenchRunStatus;
  createdAt: number;
  finishedAt?: number;
  config: unknown;
  provenance: unknown;
  aggregates?: unknown;
}

async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, JSON.stringify(value, null, 2) + '\n');
  await rename(tmp, path);
}

/**
 * Keeps runs on disk: `<dir>/<runId>/run.json` (config, provenance, status, aggregates) and `trials.jsonl` (one
 * attempt per line, appended as trials finish, so an interrupted run can resume); baselines in
 * `<dir>/baselines.json`. Run ids are checked against `^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$` so paths stay inside `dir`.
 */
export function fileStore(opts: { dir: string }): BenchResultStore {
  if (typeof opts?.dir !== 'string' || opts.dir.length === 0) throw new BenchStoreError('fileStore needs a dir');
  const dir = opts.dir;
  const keyCache = new Map<string, Set<string>>();
  const runDir = (runId: string): string => {
    if (typeof runId !== 'string' || !RUN_ID.test(runId)) throw new BenchStoreError(`invalid run id ${JSON.stringify(runId)}`);
    return join(dir, runId);
  };
  const readMeta = async (runId: string): Promise<RunMeta | undefined> => {
    const text = await readFile(join(runDir(runId), 'run.json'), 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as RunMeta;
    } catch (cause) {
      throw new BenchStoreError(`run.json of ${runId} is not valid JSON`, { cause });
    }
  };
  const readTrials = async (runId: string): Promise<BenchTrialRecord[]> => {
    const text = await readFile(join(runDir(runId), 'trials.jsonl'), 'utf8').catch(() => '');
    const out: BenchTrialRecord[] = [];
    const seen = new Set<string>();
    for (const line of text.split('\n')) {
      if (line.trim().length === 0) continue;
      let record: BenchTrialRecord;
      try {
        record = JSON.parse(line) as BenchTrialRecord;
      } catch {
        // A line cut short by a crash mid-append: that attempt is simply rerun on resume.
        continue;
      }
      const key = `${record.trialId}#${record.attempt}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(record);
    }
    return out;
  };
  const keysFor = async (runId: string): Promise<Set<string>> => {
    let keys = keyCache.get(runId);
    if (!keys) {
      keys = new Set((await readTrials(runId)).map((t) => `${t.trialId}#${t.attempt}`));
      keyCache.set(runId, keys);
    }
    return keys;
  };
  const need = async (runId: string): Promise<RunMeta> => {
    const meta = await readMeta(runId);
    if (!meta) throw new BenchStoreError(`unknown run ${runId}`);
    return meta;
  };
  const baselinesPath = join(dir, 'baselines.json');
  const readBaselines = async (): Promise<Record<string, string>> => JSON.parse(await readFile(baselinesPath, 'utf8').catch(() => '{}')) as Record<string, string>;
  const getRun = async (runId: string): Promise<BenchRunRecord | undefined> => {
    const meta = await readMeta(runId);
    if (!meta) return undefined;
    return { ...meta, trials: await readTrials(runId) };
  };

  return {
    async createRun({ runId, config, provenance }) {
      const path = runDir(runId);
      if (await readMeta(runId)) throw new BenchStoreError(`run ${runId} already exists`);
      await mkdir(path, { recursive: true });
      await writeJsonAtomic(join(path, 'run.json'), { runId, status: 'running', createdAt: Date.now(), config, provenance } satisfies RunMeta);
      await writeFile(join(path, 'trials.jsonl'), '', { flag: 'a' });
      keyCache.set(runId, new Set());
    },
    async appendTrial(record) {
      await need(record.runId);
      const keys = await keysFor(record.runId);
      const key = `${record.trialId}#${record.attempt}`;
      if (keys.has(key)) return;
      keys.add(key);
      await appendFile(join(runDir(record.runId), 'trials.jsonl'), JSON.stringify(record) + '\n');
    },
    async completedTrialIds(runId) {
      await need(runId);
      return new Set((await readTrials(runId)).map((t) => t.trialId));
    },
    async finishRun(runId, status, aggregates) {
      const meta = await need(runId);
      await writeJsonAtomic(join(runDir(runId), 'run.json'), { ...meta, status, finishedAt: Date.now(), ...(aggregates === undefined ? {} : { aggregates }) });
    },
    getRun,
    async listRuns(listOpts = {}) {
      const limit = listOpts.limit ?? 50;
      const names = await readdir(dir).catch(() => [] as string[]);
      const out: Array<BenchRunSummary & { mtime: number }> = [];
      for (const name of names) {
        if (!RUN_ID.test(name)) continue;
        const meta = await readMeta(name).catch(() => undefined);
        if (!meta) continue;
        const mtime = (await stat(join(dir, name, 'run.json'))).mtimeMs;
        out.push({ runId: meta.runId, status: meta.status, createdAt: meta.createdAt, ...(meta.finishedAt === undefined ? {} : { finishedAt: meta.finishedAt }), trialCount: (await readTrials(name)).length, mtime });
      }
      return out
        .sort((a, b) => b.createdAt - a.createdAt || b.mtime - a.mtime)
        .slice(0, limit)
        .map(({ mtime: _mtime, ...summary }) => summary);
    },
    async setBaseline(name, runId) {
      if (typeof name !== 'string' || name.length === 0) throw new BenchStoreError('baseline name must be a non-empty string');
      await need(runId);
      await mkdir(dir, { recursive: true });
      await writeJsonAtomic(baselinesPath, { ...(await readBaselines()), [name]: runId });
    },
    async getBaseline(name) {
      const runId = (await readBaselines())[name];
      return runId === undefined ? undefined : getRun(runId);
    },
  };
}
