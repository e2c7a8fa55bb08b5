/**
 * Two processes on one SQLite file: both ingest and generate intakes at the same time. The partial unique index on
 * `generated_from_signal_id` plus IMMEDIATE transactions must yield exactly one intake per signal.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../src/sqlite/index.js';
import Database from 'better-sqlite3';
import { lines, spawnFixture } from './processes.js';
import { rollupsVsBase } from './rollups.js';

describe('two concurrent writer processes', () => {
  it('ingest everything and generate exactly one intake per signal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-concurrent-'));
    const path = join(dir, 'shared.db');
    // Create and migrate the file first so both workers start on the same schema.
    await (await openSqliteStore({ path })).close();
    const perWorker = 200;
    const created: number[] = [];
    const runs = ['w1', 'w2'].map((worker) => {
      const child = spawnFixture('concurrent-worker.ts', [path, worker, String(perWorker)]);
      return lines(child, (line) => {
        if (line.startsWith('CREATED ')) created.push(Number(line.slice(8)));
      });
    });
    const results = await Promise.all(runs);
    for (const r of results) expect(r.code, r.stderr).toBe(0);

    const store = await openSqliteStore({ path });
    try {
      const signals = [];
      let cursor: string | undefined;
      do {
        const page = await store.listSignals({ scope: { allTenants: true }, limit: 1000, ...(cursor ? { cursor } : {}) });
        signals.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(signals).toHaveLength(2 * perWorker);
      const intakes = (await store.listIntakes({ scope: { allTenants: true }, limit: 1000 })).items;
      expect(intakes).toHaveLength(2 * perWorker);
      expect(new Set(intakes.map((i) => i.generatedFromSignalId)).size).toBe(2 * perWorker);
      expect(created.reduce((a, b) => a + b, 0)).toBe(2 * perWorker);
      for (const s of signals) {
        expect(s.intakeGenerated).toBe(true);
        expect(intakes.find((i) => i.intakeId === s.relatedIntakeId)?.generatedFromSignalId).toBe(s.signalId);
      }
      expect(await store.generateIntakes({ scope: { allTenants: true }, maxItems: 100 })).toEqual([]);
    } finally {
      await store.close();
    }
    const db = new Database(path, { readonly: true });
    const { rollups, recomputed } = rollupsVsBase(db);
    db.close();
    expect(rollups).toEqual(recomputed);
  }, 120_000);
});
