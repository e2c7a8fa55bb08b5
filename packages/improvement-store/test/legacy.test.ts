/**
 * Legacy import of every fixture kind in the reference's formats: the file store's JSON document, a raw backup,
 * backup envelopes v1 (good, bad checksum, bad counts, unsupported and missing version) and the single-row SQLite
 * store (good row, bad payload, not a database). Sources must be byte-identical afterwards.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LegacyFormatError, createMemoryStore, parseLegacyState, pythonCompactSorted, parseLossless, type LegacySource } from '../src/index.js';
import { openSqliteStore } from '../src/sqlite/index.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'legacy');
const fixture = (name: string): string => join(fixtures, name);
const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

function legacySqlite(payload: string | null): string {
  const path = join(mkdtempSync(join(tmpdir(), 'legacy-sqlite-')), 'improvement_learning_signals.sqlite3');
  const db = new Database(path);
  db.exec('CREATE TABLE IF NOT EXISTS learning_signal_state (state_key INTEGER PRIMARY KEY CHECK (state_key = 1), payload TEXT NOT NULL)');
  if (payload !== null) db.prepare('INSERT INTO learning_signal_state (state_key, payload) VALUES (1, ?)').run(payload);
  db.close();
  return path;
}

async function sqliteStore() {
  return openSqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'legacy-target-')), 'store.db') });
}

describe('legacy formats', () => {
  it('re-serialises the envelope state exactly as Python did (float lexemes, ASCII escapes, sorted keys)', () => {
    const envelope = readFileSync(fixture('envelope-good.json'), 'utf8');
    const stateNode = parseLossless(envelope);
    const state = stateNode.t === 'obj' ? stateNode.entries.find(([k]) => k === 'state')![1] : stateNode;
    expect(pythonCompactSorted(state)).toBe(readFileSync(fixture('envelope-state.compact.txt'), 'utf8'));
  });

  it('parses every JSON kind and rejects bad envelopes with clear errors', () => {
    expect(parseLegacyState(readFileSync(fixture('state-f9774463.json'), 'utf8')).format).toBe('state');
    expect(parseLegacyState(readFileSync(fixture('raw-backup.json'), 'utf8')).state.signals).toHaveLength(2);
    const good = parseLegacyState(readFileSync(fixture('envelope-good.json'), 'utf8'));
    expect(good.format).toBe('envelope-v1');
    expect(good.envelope?.counts).toEqual({ signals: 1, intakes: 0, map: 0 });
    expect(parseLegacyState('  \n').state.signals).toEqual([]);
    const cases: Array<[string, RegExp]> = [
      ['envelope-bad-checksum.json', /checksum mismatch/],
      ['envelope-bad-counts.json', /count mismatch for signals/],
      ['envelope-unsupported-version.json', /Unsupported backup envelope format_version: 2/],
      ['envelope-missing-version.json', /no format_version/],
    ];
    for (const [name, message] of cases) {
      const error = (() => {
        try {
          parseLegacyState(readFileSync(fixture(name), 'utf8'), fixture(name));
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(error, name).toBeInstanceOf(LegacyFormatError);
      expect((error as Error).message).toMatch(message);
      expect((error as LegacyFormatError).code).toBe('STORE_LEGACY_FORMAT');
    }
    expect(() => parseLegacyState('{"signals": [1]}')).toThrow(LegacyFormatError);
    expect(() => parseLegacyState('{not json')).toThrow(LegacyFormatError);
  });

  it('imports the f9774463 file document into SQLite: rows, links, legacy ids, counts; sources untouched', async () => {
    const source: LegacySource = { kind: 'json-file', path: fixture('state-f9774463.json') };
    const before = sha(source.path);
    const store = await sqliteStore();
    try {
      const report = await store.importLegacy(source);
      expect(report).toMatchObject({
        format: 'state',
        outcome: 'imported',
        signals: { read: 2, inserted: 2, existing: 0 },
        intakes: { read: 1, inserted: 1, existing: 0 },
        mapMismatches: [],
        invalid: [],
        sourceSha256: before,
      });
      const signal = await store.getSignal('LS-0a1b2c3d4e5f', { tenantId: 'acme' });
      expect(signal).toMatchObject({ summary: 'Café checkout fails 🚀 on retry', recordedAt: '2026-01-05T10:00:00.000000Z', intakeGenerated: true, relatedIntakeId: 'RI-a1b2c3d4e5f6', qualityScore: 0.62, occurrenceCount: 1 });
      expect((await store.getSignal('LS-112233445566', { tenantId: 'default' }))?.recordedAt).toBe('2026-01-06T08:30:00.123456Z');
      const intakes = await store.listIntakes({ scope: { tenantId: 'acme' } });
      expect(intakes.items.map((i) => [i.intakeId, i.generatedFromSignalId])).toEqual([['RI-a1b2c3d4e5f6', 'LS-0a1b2c3d4e5f']]);
      // The imported link blocks a second intake for the same signal.
      expect(await store.generateIntakes({ scope: { tenantId: 'acme' }, minQuality: 0 })).toEqual([]);
      const again = await store.importLegacy(source);
      expect(again.outcome).toBe('skipped-receipt');
      expect(sha(source.path)).toBe(before);
    } finally {
      await store.close();
    }
  });

  it('imports a raw backup and a verified envelope; bad envelopes import nothing', async () => {
    const store = await sqliteStore();
    try {
      expect((await store.importLegacy({ kind: 'backup-file', path: fixture('raw-backup.json') })).signals.inserted).toBe(2);
      const envelope = await store.importLegacy({ kind: 'backup-file', path: fixture('envelope-good.json') });
      expect(envelope).toMatchObject({ format: 'envelope-v1', signals: { inserted: 1 } });
      for (const name of ['envelope-bad-checksum.json', 'envelope-bad-counts.json', 'envelope-unsupported-version.json', 'envelope-missing-version.json']) {
        const before = sha(fixture(name));
        await expect(store.importLegacy({ kind: 'backup-file', path: fixture(name) })).rejects.toBeInstanceOf(LegacyFormatError);
        expect(sha(fixture(name))).toBe(before);
      }
      expect((await store.summarize({ scope: { allTenants: true }, limit: null })).totalSignals).toBe(3);
    } finally {
      await store.close();
    }
  });

  it('imports the legacy single-row SQLite store; bad payload and not-a-database fail with the reference messages', async () => {
    const payload = readFileSync(fixture('state-f9774463.json'), 'utf8');
    const good = legacySqlite(JSON.stringify(JSON.parse(payload)));
    const bad = legacySqlite('{"signals": [');
    const empty = legacySqlite(null);
    const notDb = join(mkdtempSync(join(tmpdir(), 'legacy-notdb-')), 'x.sqlite3');
    writeFileSync(notDb, 'this is not a database at all, just bytes'.repeat(10));
    const shas = [good, bad, empty, notDb].map(sha);
    const store = await sqliteStore();
    try {
      expect(await store.importLegacy({ kind: 'legacy-sqlite', path: good })).toMatchObject({ format: 'legacy-sqlite', signals: { inserted: 2 }, intakes: { inserted: 1 } });
      await expect(store.importLegacy({ kind: 'legacy-sqlite', path: bad })).rejects.toThrow(/not valid JSON/);
      expect((await store.importLegacy({ kind: 'legacy-sqlite', path: empty })).signals.read).toBe(0);
      await expect(store.importLegacy({ kind: 'legacy-sqlite', path: notDb })).rejects.toThrow(`Corrupted learning-signal SQLite database: ${notDb}`);
      expect([good, bad, empty, notDb].map(sha)).toEqual(shas);
    } finally {
      await store.close();
    }
  });

  it('if-empty never overwrites a populated store; merge inserts only missing ids; strict:false reports invalid rows', async () => {
    const store = await sqliteStore();
    try {
      await store.record({ summary: 'Keep DB state' });
      const skipped = await store.importLegacy({ kind: 'json-file', path: fixture('state-f9774463.json') }, { mode: 'if-empty' });
      expect(skipped.outcome).toBe('skipped-not-empty');
      expect((await store.listSignals({ scope: { allTenants: true } })).items.map((s) => s.summary)).toEqual(['Keep DB state']);
      const merged = await store.importLegacy({ kind: 'json-file', path: fixture('state-f9774463.json') }, { mode: 'merge' });
      expect(merged.signals.inserted).toBe(2);
      const dir = mkdtempSync(join(tmpdir(), 'legacy-merge-'));
      const doc = JSON.parse(readFileSync(fixture('state-f9774463.json'), 'utf8')) as { signals: Array<Record<string, unknown>> };
      doc.signals.push({ signal_id: 'LS-ffffffffffff', summary: '', severity: 'nope', recorded_at: 'x' });
      writeFileSync(join(dir, 'mixed.json'), JSON.stringify(doc));
      await expect(store.importLegacy({ kind: 'json-file', path: join(dir, 'mixed.json') })).rejects.toBeInstanceOf(LegacyFormatError);
      const lenient = await store.importLegacy({ kind: 'json-file', path: join(dir, 'mixed.json') }, { strict: false });
      expect(lenient.invalid.map((x) => x.path)).toEqual(['signals[2]']);
      expect(lenient.signals).toEqual({ read: 3, inserted: 0, existing: 2 });
    } finally {
      await store.close();
    }
  });

  it('migrate-on-start: a populated JSON file seeds an empty SQLite store with a backup first; a populated one is kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'legacy-start-'));
    const json = join(dir, 'improvement_learning_signals.json');
    copyFileSync(fixture('state-f9774463.json'), json);
    const path = join(dir, 'store.db');
    const first = await openSqliteStore({ path, legacy: { source: { kind: 'json-file', path: json }, mode: 'if-empty', backupFirst: true } });
    expect((await first.listSignals({ scope: { tenantId: 'acme' } })).items).toHaveLength(1);
    expect((await first.listBackups()).map((b) => b.kind)).toEqual(['pre-import']);
    await first.close();
    const second = await openSqliteStore({ path, legacy: { source: { kind: 'json-file', path: json }, mode: 'if-empty' } });
    expect((await second.summarize({ scope: { allTenants: true }, limit: null })).totalSignals).toBe(2);
    await second.close();
    await expect(createMemoryStore().importLegacy({ kind: 'json-file', path: json }, { backupFirst: true })).rejects.toThrow(/backupFirst/);
  });
});
