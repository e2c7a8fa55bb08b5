/**
 * kill -9 mid-write: a child writes through `record()` (group commit) or `ingest()` (200-row transactions) and
 * prints an ACK after each commit; the parent SIGKILLs it at a random point after the first ACK. After every round
 * the store must reopen without recovery (policy `raise`), hold every acknowledged row, no partial batch, and pass
 * `quick_check`. Power loss cannot be simulated here; FULL vs NORMAL is a documented trade-off.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../src/sqlite/index.js';
import { lines, spawnFixture } from './processes.js';
import { rollupsVsBase } from './rollups.js';

const ROUNDS = 50;

describe('crash safety under SIGKILL', () => {
  it(`loses no acknowledged write in ${ROUNDS} rounds, both durability modes, record and ingest`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-crash-'));
    const path = join(dir, 'crash.db');
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const acked = new Set<string>();
    const ackedBatches = new Set<string>();
    for (let round = 0; round < ROUNDS; round += 1) {
      const durability = round % 2 === 0 ? 'full' : 'normal';
      const mode = round % 4 < 2 ? 'record' : 'ingest';
      const child = spawnFixture('crash-writer.ts', [path, durability, mode, `r${round}`]);
      let acks = 0;
      let killTimer: ReturnType<typeof setTimeout> | null = null;
      const exit = lines(child, (line) => {
        if (line.startsWith('ACK ')) acked.add(line.slice(4));
        else if (line.startsWith('BATCH ')) ackedBatches.add(line.slice(6));
        else return;
        acks += 1;
        if (acks === 1) killTimer = setTimeout(() => child.kill('SIGKILL'), Math.floor(rnd() * 40));
      });
      const result = await exit;
      if (killTimer) clearTimeout(killTimer);
      expect(result.signal, `round ${round} ended without SIGKILL: ${result.stderr}`).toBe('SIGKILL');
      expect(acks, `round ${round} was killed before its first commit`).toBeGreaterThan(0);

      // Reopen through the public API with `raise`: any damage would throw instead of being repaired.
      const store = await openSqliteStore({ path, onCorruption: 'raise', checkAtOpen: 'quick' });
      expect((await store.health()).status).toBe('ok');
      await store.close();
      const db = new Database(path, { readonly: true });
      try {
        const present = new Set((db.prepare('SELECT signal_id FROM learning_signals').pluck().all() as string[]));
        for (const id of acked) expect(present.has(id), `acknowledged ${id} lost in round ${round}`).toBe(true);
        const batches = db.prepare("SELECT json_extract(context, '$.batch') AS b, COUNT(*) AS n FROM learning_signals WHERE json_extract(context, '$.batch') IS NOT NULL GROUP BY b").all() as Array<{ b: string; n: number }>;
        for (const { b, n } of batches) expect(n, `batch ${b} half-applied`).toBe(200);
        for (const b of ackedBatches) expect(batches.some((x) => x.b === b), `acknowledged batch ${b} lost`).toBe(true);
        expect(db.pragma('quick_check', { simple: true })).toBe('ok');
        const { rollups, recomputed } = rollupsVsBase(db);
        expect(rollups, `rollups diverged from base rows in round ${round}`).toEqual(recomputed);
      } finally {
        db.close();
      }
    }
    expect(acked.size + ackedBatches.size).toBeGreaterThan(ROUNDS);
  }, 600_000);
});
