/**
 * Backup / restore and the corruption matrix: each kind of damage, opened under each policy. `raise` leaves the
 * files untouched and throws; `restore` quarantines db + wal + shm with a report, restores the newest verified
 * backup and salvages newer readable rows; `reset` starts empty and reports `degraded`. Restored files are checked
 * by the sqlite3 CLI as an independent checker when it is installed.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, copyFileSync, cpSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { StoreCorruptError, StoreError, StoreUnavailableError, type CorruptionEvent, type RecoveryEvent } from '../src/index.js';
import { openSqliteStore, restoreSqliteStore } from '../src/sqlite/index.js';
import { DAMAGE } from './damage.js';
import { lines, spawnFixture } from './processes.js';
import { rollupsVsBase } from './rollups.js';

const hasCli = (() => {
  try {
    execFileSync('sqlite3', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** The Debian sqlite3 CLI's verdict on a file, or null when the binary is absent. */
function cliCheck(path: string): string | null {
  if (!hasCli) {
    console.warn('sqlite3 CLI not installed: independent check of restored files skipped');
    return null;
  }
  return execFileSync('sqlite3', [path, 'PRAGMA quick_check;'], { encoding: 'utf8' }).trim();
}

const BASE_ROWS = 3000;
const AFTER_BACKUP = 200;
let baseDir: string;

function row(i: number, tag: string) {
  return { signalId: `${tag}-${i}`, summary: `matrix signal ${tag} ${i} ${'x'.repeat(i % 40)}`, details: 'd'.repeat(100 + (i % 200)), source: 'matrix', context: { i: String(i) }, tenantId: i % 3 === 0 ? 'a' : 'b' };
}

function caseDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'store-case-'));
  cpSync(baseDir, dir, { recursive: true });
  return dir;
}

beforeAll(async () => {
  baseDir = mkdtempSync(join(tmpdir(), 'store-base-'));
  const store = await openSqliteStore({ path: join(baseDir, 'store.db'), dedupeWindowMinutes: 0 });
  await store.ingest(Array.from({ length: BASE_ROWS }, (_, i) => row(i, 'base')));
  await store.backup({ label: 'base' });
  await store.ingest(Array.from({ length: AFTER_BACKUP }, (_, i) => row(i, 'late')));
  await store.close();
}, 120_000);

describe('online backup and restore', () => {
  it('backs up while ingesting at full speed; the manifest hash matches; restore gives identical counts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-backup-'));
    const path = join(dir, 'live.db');
    const store = await openSqliteStore({ path, dedupeWindowMinutes: 0, keepBackups: 2 });
    let stop = false;
    let written = 0;
    const writer = (async () => {
      for (let b = 0; !stop && b < 200; b += 1) {
        written += (await store.ingest(Array.from({ length: 250 }, (_, i) => row(b * 250 + i, 'live')))).inserted.length;
      }
    })();
    while (written < 1000) await new Promise((r) => setTimeout(r, 5));
    const manifest = await store.backup({ label: 'during-ingest' });
    stop = true;
    await writer;
    expect(manifest.counts.learning_signals).toBeGreaterThanOrEqual(1000);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(readFileSync(manifest.file)).digest('hex')).toBe(manifest.sha256);
    const cli = cliCheck(manifest.file);
    if (cli !== null) expect(cli).toBe('ok');
    await store.backup();
    await store.backup({ kind: 'vacuum' });
    expect((await store.listBackups()).length).toBe(2);
    const report = await store.verify({ mode: 'full' });
    expect(report.ok).toBe(true);
    const latest = (await store.listBackups())[0]!;
    await store.close();

    const restored = await restoreSqliteStore({ path, backupDir: `${path}.backups`, from: 'latest' });
    expect(restored.restoredFrom.id).toBe(latest.id);
    expect(restored.quarantinePath && existsSync(join(restored.quarantinePath, 'live.db'))).toBeTruthy();
    const reopened = await openSqliteStore({ path });
    const db = new Database(path, { readonly: true });
    const count = (db.prepare('SELECT COUNT(*) AS n FROM learning_signals').get() as { n: number }).n;
    expect(count).toBe(latest.counts.learning_signals);
    // Rollups (the summary) equal a recomputation from the base rows.
    const byTenant = db.prepare('SELECT tenant_id AS t, COUNT(*) AS n FROM learning_signals GROUP BY tenant_id').all() as Array<{ t: string; n: number }>;
    const { rollups, recomputed } = rollupsVsBase(db);
    expect(rollups).toEqual(recomputed);
    db.close();
    const summary = await reopened.summarize({ scope: { allTenants: true }, limit: null });
    expect(summary.totalSignals).toBe(count);
    expect(summary.countsByTenant).toEqual(Object.fromEntries(byTenant.map((r) => [r.t, r.n])));
    await reopened.close();
    await expect(restoreSqliteStore({ path, backupDir: `${path}.backups`, from: 'no-such-backup' })).rejects.toBeInstanceOf(StoreError);
  }, 120_000);
});

type Damage = keyof typeof DAMAGE | 'foreign' | 'staleWal';

function damage(kind: Damage, path: string): void {
  if (kind === 'foreign') {
    rmSync(path);
    const other = new Database(path);
    other.pragma('application_id = 1234');
    other.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES (1);');
    other.close();
    return;
  }
  if (kind === 'staleWal') {
    // A WAL left behind by another database (e.g. after the db file alone was replaced).
    const otherDir = mkdtempSync(join(tmpdir(), 'store-other-'));
    const otherPath = join(otherDir, 'other.db');
    const other = new Database(otherPath);
    other.pragma('journal_mode = WAL');
    other.pragma('wal_autocheckpoint = 0');
    other.exec('CREATE TABLE t (x); ');
    for (let i = 0; i < 50; i += 1) other.prepare('INSERT INTO t VALUES (?)').run('y'.repeat(3000));
    copyFileSync(`${otherPath}-wal`, `${path}-wal`);
    other.close();
    return;
  }
  DAMAGE[kind](path);
}

const KINDS: Damage[] = ['garbage', 'headerMagic', 'foreign', 'flips', 'page1Btree', 'truncate60', 'staleWal'];

describe('corruption matrix', () => {
  for (const kind of KINDS) {
    it(`${kind}: raise throws a typed error and leaves the files untouched`, async () => {
      const dir = caseDir();
      const path = join(dir, 'store.db');
      damage(kind, path);
      const before = readFileSync(path);
      const walBefore = existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`) : null;
      const error = await openSqliteStore({ path, onCorruption: 'raise' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreCorruptError);
      expect((error as StoreCorruptError).code).toBe('STORE_CORRUPT');
      expect((error as StoreCorruptError).path).toBe(path);
      if (kind !== 'staleWal') expect(readFileSync(path).equals(before)).toBe(true);
      if (walBefore && kind !== 'staleWal') expect(readFileSync(`${path}-wal`).equals(walBefore)).toBe(true);
      expect(existsSync(`${path}.quarantine`)).toBe(false);
    });

    it(`${kind}: restore quarantines, restores the backup, salvages and reports`, async () => {
      const dir = caseDir();
      const path = join(dir, 'store.db');
      damage(kind, path);
      const events: { corruption?: CorruptionEvent; recovered?: RecoveryEvent } = {};
      const store = await openSqliteStore({ path, events: { corruption: (e) => (events.corruption = e), recovered: (e) => (events.recovered = e) } });
      try {
        expect(events.corruption?.policy).toBe('restore');
        expect(events.recovered).toMatchObject({ action: 'restored', backup: expect.stringContaining('manual') });
        expect(events.recovered?.lossWindow.from).toMatch(/^\d{4}-/);
        const q = events.recovered!.quarantinePath;
        const files = readdirSync(q);
        expect(files).toContain('store.db');
        expect(files).toContain('report.json');
        if (kind === 'staleWal') expect(files).toContain('store.db-wal');
        expect((await store.verify()).ok).toBe(true);
        const cli = cliCheck(path);
        if (cli !== null) expect(cli).toBe('ok');
        const total = (await store.summarize({ scope: { allTenants: true }, limit: null })).totalSignals;
        expect(total).toBeGreaterThanOrEqual(BASE_ROWS);
        if (kind === 'flips') {
          // Rows written after the backup sit in pages the flips did not touch: salvage brings them back.
          expect(events.recovered!.salvagedRows).toBeGreaterThan(0);
          const late = await store.listSignals({ scope: { allTenants: true }, limit: 1000, since: '2000-01-01T00:00:00Z' });
          expect(late.items.some((x) => x.signalId.startsWith('late-'))).toBe(true);
        } else {
          // Unreadable as a database (garbage, header, page 1, foreign, stale WAL): nothing newer can be read back.
          expect(events.recovered!.salvagedRows).toBeGreaterThanOrEqual(0);
        }
        expect((await store.health()).status).toBe('ok');
        await store.record({ summary: 'writes work after recovery' });
        const check = new Database(path, { readonly: true });
        const { rollups, recomputed } = rollupsVsBase(check);
        check.close();
        expect(rollups).toEqual(recomputed);
      } finally {
        await store.close();
      }
    });

    it(`${kind}: reset starts empty, reports degraded and emits events`, async () => {
      const dir = caseDir();
      const path = join(dir, 'store.db');
      damage(kind, path);
      const seen: string[] = [];
      const store = await openSqliteStore({ path, onCorruption: 'reset', events: { corruption: () => seen.push('corruption'), recovered: (e) => seen.push(`recovered:${e.action}`) } });
      try {
        expect(seen).toEqual(['corruption', 'recovered:reset']);
        expect((await store.health()).status).toBe('degraded');
        expect((await store.listSignals({ scope: { allTenants: true } })).items).toEqual([]);
        expect(existsSync(join(dir, 'store.db.quarantine'))).toBe(true);
      } finally {
        await store.close();
      }
    });
  }

  it('restore without any usable backup salvages what it can and reports degraded, never silently empty', async () => {
    const dir = caseDir();
    const path = join(dir, 'store.db');
    rmSync(`${path}.backups`, { recursive: true, force: true });
    DAMAGE.flips(path);
    const recovered: RecoveryEvent[] = [];
    const store = await openSqliteStore({ path, events: { recovered: (e) => recovered.push(e) } });
    try {
      expect((await store.health()).status).toBe('degraded');
      expect(recovered[0]).toMatchObject({ action: 'reset', backup: null });
      expect(recovered[0]!.salvagedRows).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });

  it('a missing -shm is harmless: a SIGKILLed writer leaves wal + shm, the shm is deleted, the store opens clean', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-shm-'));
    const path = join(dir, 'shm.db');
    const acked: string[] = [];
    const child = spawnFixture('crash-writer.ts', [path, 'normal', 'record', 'shm']);
    const done = lines(child, (line) => {
      if (line.startsWith('ACK ')) {
        acked.push(line.slice(4));
        if (acked.length === 64) child.kill('SIGKILL');
      }
    });
    await done;
    expect(existsSync(`${path}-wal`)).toBe(true);
    rmSync(`${path}-shm`, { force: true });
    const store = await openSqliteStore({ path, onCorruption: 'raise' });
    try {
      expect((await store.health()).status).toBe('ok');
      for (const id of acked) expect(await store.getSignal(id, { allTenants: true })).not.toBeNull();
    } finally {
      await store.close();
    }
  }, 60_000);

  for (const where of ['frames', 'header'] as const) {
    it(`WAL damage (${where}): SQLite's frame checksums stop replay at the damage; the store opens clean and writable`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'store-walflip-'));
      const path = join(dir, 'wal.db');
      const acked: string[] = [];
      const child = spawnFixture('crash-writer.ts', [path, 'normal', 'record', `wal${where}`]);
      const done = lines(child, (line) => {
        if (line.startsWith('ACK ')) {
          acked.push(line.slice(4));
          if (acked.length === 256) child.kill('SIGKILL');
        }
      });
      await done;
      const wal = `${path}-wal`;
      const size = statSync(wal).size;
      expect(size).toBeGreaterThan(4096);
      const fd = openSync(wal, 'r+');
      // Frames: 64 bytes in the middle of the log; header: the salts and checksum of the WAL header.
      writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, where === 'frames' ? Math.floor(size / 2) : 8);
      closeSync(fd);
      const store = await openSqliteStore({ path, onCorruption: 'raise' });
      try {
        expect((await store.health()).status).toBe('ok');
        expect((await store.verify()).ok).toBe(true);
        const present = (await store.listSignals({ scope: { allTenants: true }, limit: 1000 })).items.length;
        // Replay keeps a prefix of the committed transactions and drops everything from the damaged frame on.
        expect(present).toBeLessThan(acked.length);
        await store.record({ summary: 'writable after WAL damage' });
      } finally {
        await store.close();
      }
      const cli = cliCheck(path);
      if (cli !== null) expect(cli).toBe('ok');
    }, 60_000);
  }

  for (const policy of ['raise', 'restore'] as const) {
    it(`runtime corruption under a live store (${policy}): detected, writes stopped, policy applied`, async () => {
      const dir = caseDir();
      const path = join(dir, 'store.db');
      const events: string[] = [];
      const store = await openSqliteStore({ path, onCorruption: policy, events: { corruption: () => events.push('corruption'), recovered: () => events.push('recovered') } });
      try {
        DAMAGE.flips(path);
        const report = await store.verify();
        expect(report.ok).toBe(false);
        expect(events[0]).toBe('corruption');
        if (policy === 'raise') {
          expect((await store.health()).status).toBe('corrupt');
          await expect(store.record({ summary: 'must not be written' })).rejects.toBeInstanceOf(StoreUnavailableError);
        } else {
          expect(events).toEqual(['corruption', 'recovered']);
          expect((await store.verify()).ok).toBe(true);
          await store.record({ summary: 'written after recovery' });
        }
      } finally {
        await store.close();
      }
    });
  }

  it('legacy-style corruption sidecars are never produced: a bad header never silently empties the store', async () => {
    const dir = caseDir();
    const path = join(dir, 'store.db');
    writeFileSync(path, 'not sqlite');
    const store = await openSqliteStore({ path });
    try {
      // restore policy: the backup came back with the base rows.
      expect((await store.summarize({ scope: { allTenants: true }, limit: null })).totalSignals).toBeGreaterThanOrEqual(BASE_ROWS);
    } finally {
      await store.close();
    }
  });
});
