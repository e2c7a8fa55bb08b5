/**
 * B1 / B2: ingest throughput of the store against the physical anchors measured in the same process: raw
 * better-sqlite3 prepared inserts (WAL, 1000-row transactions, 16 columns) and drizzle's insert styles.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import type { BenchCase } from '../../../tools/bench/harness.js';
import type { NewLearningSignal } from '../src/index.js';
import { openSqliteStore } from '../src/sqlite/index.js';
import { SMOKE, signalGenerator, tempDir } from './data.js';
import { drizzleInsertRate, rawDatabase, rawInsertRate, rawSameSchemaRate } from './peers.js';

const ROWS = SMOKE ? 10_000 : 40_000;
const ROUNDS = 3;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function rows(seed: number, n: number): NewLearningSignal[] {
  const next = signalGenerator(seed);
  return Array.from({ length: n }, next);
}

async function storeIngestRate(data: NewLearningSignal[], durability: 'full' | 'normal', dedupe: boolean): Promise<number> {
  const store = await openSqliteStore({ path: join(tempDir('ingest'), 'store.db'), durability, dedupeWindowMinutes: dedupe ? 30 : 0 });
  const start = performance.now();
  for (let i = 0; i < data.length; i += 1000) await store.ingest(data.slice(i, i + 1000));
  const rate = data.length / ((performance.now() - start) / 1000);
  await store.close();
  return rate;
}

type Peer = 'raw' | 'raw-same-schema' | 'drizzle-prepared' | 'drizzle-builder' | 'drizzle-values100';

async function peerRate(peer: Peer, data: NewLearningSignal[], durability: 'full' | 'normal'): Promise<number> {
  if (peer === 'raw-same-schema') return rawSameSchemaRate(data, durability);
  const db = rawDatabase(durability);
  try {
    return peer === 'raw' ? rawInsertRate(db, data, 1000, 0) : drizzleInsertRate(db, data, peer === 'drizzle-prepared' ? 'prepared' : peer === 'drizzle-builder' ? 'builder' : 'values100', 0);
  } finally {
    db.close();
  }
}

/** `record()` throughput with 64 concurrent callers on a FULL-durability store (group commit), rows per second. */
async function concurrentRecordRate(seed: number, label: string): Promise<{ ours: number; data: NewLearningSignal[]; n: number }> {
  const n = SMOKE ? 2048 : 8192;
  const data = rows(seed, n);
  const store = await openSqliteStore({ path: join(tempDir(label), 'store.db'), durability: 'full', dedupeWindowMinutes: 0 });
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next < n) await store.record(data[next++]!);
    }),
  );
  const ours = n / ((performance.now() - start) / 1000);
  await store.close();
  return { ours, data, n };
}

function ingestCase(name: string, durability: 'full' | 'normal', dedupe: boolean, peer: Peer): BenchCase {
  return {
    name,
    peerName: peer === 'raw' ? `raw-better-sqlite3-1000tx-${durability}` : peer === 'raw-same-schema' ? `raw-same-schema-1000tx-${durability}` : peer,
    unit: 'rows/s',
    higherIsBetter: true,
    async measure() {
      const ours: number[] = [];
      const theirs: number[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const data = rows(round + 1, ROWS);
        ours.push(await storeIngestRate(data, durability, dedupe));
        theirs.push(await peerRate(peer, data, durability));
      }
      return { ours: median(ours), peer: median(theirs) };
    },
  };
}

export const cases: BenchCase[] = [
  ingestCase('B1 ingest 1000-row batches normal dedupe-off', 'normal', false, 'raw'),
  ingestCase('B1 ingest 1000-row batches full dedupe-off', 'full', false, 'raw'),
  ingestCase('B1 ingest 1000-row batches normal dedupe-on', 'normal', true, 'raw'),
  ingestCase('B1 ingest vs raw insert into the same schema normal', 'normal', false, 'raw-same-schema'),
  ingestCase('B1 ingest vs raw insert into the same schema full', 'full', false, 'raw-same-schema'),
  ingestCase('B1 ingest vs drizzle prepared insert', 'normal', false, 'drizzle-prepared'),
  ingestCase('B1 ingest vs drizzle per-row builder', 'normal', false, 'drizzle-builder'),
  ingestCase('B1 ingest vs drizzle values(100)', 'normal', false, 'drizzle-values100'),
  {
    name: 'B1 event-loop max block during ingest vs raw 1000-row tx',
    peerName: 'raw-1000-row-tx-duration',
    unit: 'ms',
    async measure() {
      const data = rows(9, ROWS);
      const store = await openSqliteStore({ path: join(tempDir('loop'), 'store.db'), durability: 'normal', dedupeWindowMinutes: 0 });
      const histogram = monitorEventLoopDelay({ resolution: 1 });
      histogram.enable();
      await store.ingest(data);
      histogram.disable();
      await store.close();
      const db = rawDatabase('normal');
      const rate = rawInsertRate(db, data.slice(0, 1000), 1000, 0);
      db.close();
      return { ours: histogram.max / 1e6, peer: 1000 / rate * 1000 };
    },
  },
  {
    name: 'B2 record() 64 concurrent callers group commit full',
    peerName: 'raw-single-row-commits-full',
    unit: 'rows/s',
    higherIsBetter: true,
    async measure() {
      const { ours, data, n } = await concurrentRecordRate(11, 'record');
      const db = rawDatabase('full');
      const peer = rawInsertRate(db, data.slice(0, Math.min(n, 1000)), 1, 0);
      db.close();
      return { ours, peer };
    },
  },
  {
    name: 'B2 record() 64 concurrent callers vs raw 256-row tx',
    peerName: 'raw-256-row-tx-full',
    unit: 'rows/s',
    higherIsBetter: true,
    async measure() {
      const { ours, data } = await concurrentRecordRate(12, 'record2');
      const db = rawDatabase('full');
      const peer = rawInsertRate(db, data, 256, 0);
      db.close();
      return { ours, peer };
    },
  },
];
