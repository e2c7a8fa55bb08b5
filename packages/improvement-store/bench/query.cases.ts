/**
 * B3 / B4 / B6 and the structural baseline on one large file (1e5 rows in smoke runs, 1e6 otherwise): summary and
 * paging latency against hand-written SQL over the same file, backup against `fs.copyFile`, `quick_check` through
 * `verify()` against a raw pragma, and the per-signal ingest cost at 1e3 rows vs at the large size.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BenchCase } from '../../../tools/bench/harness.js';
import type { SqliteImprovementStore } from '../src/index.js';
import { openSqliteStore } from '../src/sqlite/index.js';
import { LARGE, signalGenerator, tempDir } from './data.js';

let store: SqliteImprovementStore | null = null;
let raw: Database.Database | null = null;
let path = '';
const NOW = Date.UTC(2026, 0, 1) + LARGE * 100; // about the end of the generated time range

async function ensure(): Promise<{ store: SqliteImprovementStore; raw: Database.Database }> {
  if (!store) {
    path = join(tempDir('large'), 'large.db');
    const clock = { now: () => NOW, sleep: async () => undefined };
    store = await openSqliteStore({ path, durability: 'normal', dedupeWindowMinutes: 0, clock, checkAtOpen: 'none' });
    const next = signalGenerator(77);
    for (let i = 0; i < LARGE; i += 1000) await store.ingest(Array.from({ length: Math.min(1000, LARGE - i) }, next));
    raw = new Database(path, { readonly: true });
  }
  return { store, raw: raw! };
}

const DAY_US = 86_400_000_000;
const HAND_SUMMARY =
  "SELECT tenant_id, signal_type, severity, COUNT(*) AS n, SUM(quality_score) AS qs, SUM(CASE WHEN quality_label = 'high' THEN 1 ELSE 0 END) AS hn, MAX(recorded_at_us) AS latest FROM learning_signals WHERE tenant_id = ? AND recorded_at_us >= ? GROUP BY tenant_id, signal_type, severity";
const HAND_ALL =
  "SELECT tenant_id, signal_type, severity, COUNT(*) AS n, SUM(quality_score) AS qs, SUM(CASE WHEN quality_label = 'high' THEN 1 ELSE 0 END) AS hn, MAX(recorded_at_us) AS latest FROM learning_signals WHERE recorded_at_us >= ? GROUP BY tenant_id, signal_type, severity";
const label = LARGE >= 1_000_000 ? '1e6' : LARGE >= 100_000 ? '1e5' : String(LARGE);

export const cases: BenchCase[] = [
  {
    name: `B3 summary tenant 7d uncapped at ${label}`,
    setup: async () => void (await ensure()),
    ours: () => store!.summarize({ scope: { tenantId: 'tenant-3' }, windowDays: 7, limit: null }),
    peer: {
      name: 'hand-written-sql',
      run: () => {
        const since = NOW * 1000 - 7 * DAY_US;
        // The same answer by hand: grouped counts of the window plus the previous window's total.
        raw!.prepare(HAND_SUMMARY).all('tenant-3', since);
        raw!.prepare('SELECT COUNT(*) FROM learning_signals WHERE tenant_id = ? AND recorded_at_us >= ? AND recorded_at_us < ?').get('tenant-3', since - 7 * DAY_US, since);
      },
    },
    unit: 'ms',
  },
  {
    name: `B3 summary tenant 7d legacy limit=50 at ${label}`,
    ours: () => store!.summarize({ scope: { tenantId: 'tenant-3' }, windowDays: 7, limit: 50 }),
    peer: {
      name: 'hand-written-sql',
      run: () => {
        const since = NOW * 1000 - 7 * DAY_US;
        raw!.prepare('SELECT signal_type, severity, tenant_id, quality_score, quality_label, recorded_at_us FROM learning_signals WHERE tenant_id = ? AND recorded_at_us >= ? ORDER BY recorded_at_us DESC, seq ASC LIMIT 50').all('tenant-3', since);
        raw!.prepare('SELECT COUNT(*) FROM learning_signals WHERE tenant_id = ? AND recorded_at_us >= ?').get('tenant-3', since);
        raw!.prepare('SELECT COUNT(*) FROM learning_signals WHERE tenant_id = ? AND recorded_at_us >= ? AND recorded_at_us < ?').get('tenant-3', since - 7 * DAY_US, since);
      },
    },
    unit: 'ms',
  },
  {
    name: `B3 summary all tenants 1d uncapped at ${label}`,
    ours: () => store!.summarize({ scope: { allTenants: true }, windowDays: 1, limit: null }),
    peer: {
      name: 'hand-written-sql',
      run: () => {
        raw!.prepare(HAND_ALL).all(NOW * 1000 - DAY_US);
        raw!.prepare('SELECT COUNT(*) FROM learning_signals WHERE recorded_at_us >= ? AND recorded_at_us < ?').get(NOW * 1000 - 2 * DAY_US, NOW * 1000 - DAY_US);
      },
    },
    unit: 'ms',
  },
  {
    name: `B4 listSignals tenant page of 50 at ${label}`,
    ours: () => store!.listSignals({ scope: { tenantId: 'tenant-0' }, limit: 50 }),
    peer: { name: 'raw-keyset-query', run: () => raw!.prepare('SELECT * FROM learning_signals WHERE tenant_id = ? ORDER BY recorded_at_us DESC, seq ASC LIMIT 51').all('tenant-0') },
    unit: 'us',
  },
  {
    name: `B6 online backup at ${label}`,
    peerName: 'fs.copyFile',
    unit: 'ms',
    async measure() {
      const { store: s } = await ensure();
      const start = performance.now();
      await s.backup();
      const ours = performance.now() - start;
      const copyStart = performance.now();
      copyFileSync(path, `${path}.copy`);
      return { ours, peer: performance.now() - copyStart };
    },
  },
  {
    name: `B6 verify quick_check at ${label}`,
    peerName: 'raw-pragma-quick_check',
    unit: 'ms',
    async measure() {
      const { store: s, raw: r } = await ensure();
      const start = performance.now();
      await s.verify();
      const ours = performance.now() - start;
      const rawStart = performance.now();
      r.pragma('quick_check');
      return { ours, peer: performance.now() - rawStart };
    },
  },
  {
    name: `structural: per-signal write cost at ${label} vs 1e3 rows`,
    peerName: 'same-at-1e3',
    unit: 'us/signal',
    async measure() {
      const { store: big } = await ensure();
      const small = await openSqliteStore({ path: join(tempDir('small'), 'small.db'), durability: 'normal', dedupeWindowMinutes: 0 });
      const next = signalGenerator(5);
      await small.ingest(Array.from({ length: 1000 }, next));
      const cost = async (s: SqliteImprovementStore): Promise<number> => {
        const gen = signalGenerator(Math.floor(Math.random() * 1e6) + 1000);
        const start = performance.now();
        // One signal per transaction on both sides (the reference rewrote its whole state per signal).
        for (let i = 0; i < 500; i += 1) await s.ingest([gen()]);
        return ((performance.now() - start) * 1000) / 500;
      };
      const peer = await cost(small);
      const ours = await cost(big);
      await small.close();
      await big.close();
      store = null;
      raw?.close();
      raw = null;
      return { ours, peer };
    },
  },
];
