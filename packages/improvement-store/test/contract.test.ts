import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { afterAll } from 'vitest';
import { createMemoryStore } from '../src/index.js';
import { openNodePostgresStore, openPostgresStore } from '../src/postgres/index.js';
import { openSqliteStore } from '../src/sqlite/index.js';
import { defineContractSuite } from './contract-suite.js';

defineContractSuite('memory', async (o) => {
  const store = createMemoryStore(o);
  return { store, close: () => store.close() };
});

defineContractSuite('sqlite', async (o) => {
  const dir = mkdtempSync(join(tmpdir(), 'store-contract-'));
  const store = await openSqliteStore({ ...o, path: join(dir, 'store.db') });
  return { store, close: () => store.close() };
});

// One PGlite instance serves the suite (starting one costs seconds); each test starts from truncated tables. A
// second store opened while the shared one is in use gets an instance of its own.
let shared: PGlite | null = null;
let sharedInUse = false;
const TABLES = 'learning_signals, signal_rollup_hourly, research_intakes, lessons, checklists, roadmap_refreshes, metrics_snapshots, run_events, run_checkpoints, sb_runs, sb_trials, sb_baselines, store_meta';
defineContractSuite('postgres (PGlite)', async (o) => {
  const useShared = !sharedInUse;
  const client = useShared ? (shared ??= new PGlite()) : new PGlite();
  if (useShared) sharedInUse = true;
  const store = await openPostgresStore({ ...o, db: drizzle(client) });
  if (useShared) await client.exec(`TRUNCATE ${TABLES} RESTART IDENTITY`);
  return {
    store,
    close: async () => {
      await store.close();
      if (useShared) sharedInUse = false;
      else await client.close();
    },
  };
});
afterAll(async () => {
  await shared?.close();
});

const pgUrl = process.env.IMPROVEMENT_STORE_PG_URL;
if (pgUrl) {
  let counter = 0;
  defineContractSuite('postgres (server)', async (o) => {
    // Each test gets its own schema on the server, selected through the connection's search_path.
    counter += 1;
    const schema = `contract_${process.pid}_${counter}`;
    const admin = await openNodePostgresStore({ connectionString: pgUrl });
    await admin.close();
    const pg = await import('pg');
    const pool = new pg.default.Pool({ connectionString: pgUrl, max: 1 });
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    await pool.end();
    const url = new URL(pgUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const owned = await openNodePostgresStore({ ...o, connectionString: url.toString() });
    return { store: owned.store, close: () => owned.close() };
  });
}
