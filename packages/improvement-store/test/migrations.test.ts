import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MigrationChecksumError, StoreVersionTooNewError } from '../src/index.js';
import { APPLICATION_ID, SQLITE_MIGRATIONS, openSqliteStore, type EmbeddedMigration } from '../src/sqlite/index.js';
import { PG_MIGRATIONS } from '../src/postgres/index.js';
import { PACKAGE_VERSION } from '../src/version.js';
import { rollupsVsBase } from './rollups.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = (): string => join(mkdtempSync(join(tmpdir(), 'store-mig-')), 'store.db');
const ledger = (path: string): Array<{ tag: string; sha256: string }> => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT tag, sha256 FROM _improvement_store_migrations ORDER BY tag').all() as Array<{ tag: string; sha256: string }>;
  } finally {
    db.close();
  }
};
const migration = (tag: string, when: number, sql: string): EmbeddedMigration => ({ tag, when, sql, sha256: createHash('sha256').update(sql).digest('hex') });

describe('embedded migrations and the migrator', () => {
  it('the embedded SQL matches migrations/ and journal times strictly increase', () => {
    const out = execFileSync(process.execPath, [join(packageDir, 'scripts', 'embed-migrations.mjs'), '--check'], { encoding: 'utf8' });
    expect(out).toContain('up to date');
    for (const list of [SQLITE_MIGRATIONS, PG_MIGRATIONS]) {
      expect(list.length).toBeGreaterThan(0);
      for (const m of list) expect(createHash('sha256').update(m.sql).digest('hex')).toBe(m.sha256);
    }
    const pkg = JSON.parse(execFileSync(process.execPath, ['-e', 'process.stdout.write(require("fs").readFileSync("package.json","utf8"))'], { cwd: packageDir, encoding: 'utf8' })) as { version: string };
    expect(PACKAGE_VERSION).toBe(pkg.version);
  });

  it('a fresh open applies all, a reopen applies none; header fields are set', async () => {
    const path = tmp();
    const applied: string[][] = [];
    const s1 = await openSqliteStore({ path, events: { migration: (e) => applied.push(e.applied) } });
    await s1.close();
    expect(applied).toEqual([SQLITE_MIGRATIONS.map((m) => m.tag)]);
    const s2 = await openSqliteStore({ path, events: { migration: (e) => applied.push(e.applied) } });
    await s2.close();
    expect(applied).toHaveLength(1);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(2);
    db.close();
    expect(ledger(path).map((r) => r.tag)).toEqual(SQLITE_MIGRATIONS.map((m) => m.tag));
  });

  it('a tampered applied migration is refused with MigrationChecksumError', async () => {
    const path = tmp();
    await (await openSqliteStore({ path })).close();
    const db = new Database(path);
    db.prepare('UPDATE _improvement_store_migrations SET sha256 = ? WHERE tag = ?').run('0'.repeat(64), SQLITE_MIGRATIONS[0]!.tag);
    db.close();
    const error = await openSqliteStore({ path }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationChecksumError);
    expect((error as MigrationChecksumError).code).toBe('STORE_MIGRATION_CHECKSUM');
  });

  it('a database from a newer package is refused read-write and allowed read-only', async () => {
    const path = tmp();
    const s = await openSqliteStore({ path });
    await s.record({ summary: 'written before the upgrade' });
    await s.close();
    const db = new Database(path);
    db.prepare('INSERT INTO _improvement_store_migrations VALUES (?, ?, ?, ?)').run('9999_future', 'f'.repeat(64), 1, '9.0.0');
    db.close();
    await expect(openSqliteStore({ path })).rejects.toBeInstanceOf(StoreVersionTooNewError);
    const ro = await openSqliteStore({ path, readonly: true });
    expect((await ro.listSignals({ scope: { allTenants: true } })).items.map((x) => x.summary)).toEqual(['written before the upgrade']);
    await ro.close();
  });

  it('upgrading a database from the first release backfills the hourly rollups (data migration) after a backup', async () => {
    const path = tmp();
    // The first release's schema, with rows written the way that release wrote them (no rollup table yet).
    await (await openSqliteStore({ path, migrations: SQLITE_MIGRATIONS.slice(0, 1) })).close();
    const raw = new Database(path);
    const insert = raw.prepare(
      "INSERT INTO learning_signals (signal_id, tenant_id, recorded_at_us, ingested_at_us, signal_type, severity, severity_rank, summary, details, source, context, quality_score, quality_label, quality_reasons, enrichment, fingerprint, occurrence_count, first_seen_at_us, last_seen_at_us, intake_generated) VALUES (?, ?, ?, 0, 'bug', 'high', 3, ?, '', '', '{}', ?, ?, '[]', '{}', 'f', 1, ?, ?, 0)",
    );
    for (let i = 0; i < 40; i += 1) {
      const us = Date.UTC(2026, 0, 1, i) * 1000;
      insert.run(`LS-old-${i}`, i % 2 ? 'a' : 'b', us, `before rollups ${i}`, i % 3 ? 0.5 : 0.75, i % 3 ? 'medium' : 'high', us, us);
    }
    raw.close();
    const upgraded = await openSqliteStore({ path });
    expect((await upgraded.listBackups()).map((b) => b.kind)).toEqual(['pre-migrate']);
    expect((await upgraded.summarize({ scope: { tenantId: 'a' }, limit: null })).totalSignals).toBe(20);
    await upgraded.close();
    const db = new Database(path, { readonly: true });
    const { rollups, recomputed } = rollupsVsBase(db);
    db.close();
    expect(rollups).toHaveLength(40);
    expect(rollups).toEqual(recomputed);
  });

  it('applies an older-timestamped migration added later, backing up a non-empty database first', async () => {
    const path = tmp();
    const base = [...SQLITE_MIGRATIONS];
    const late = migration('0002_later', base[base.length - 1]!.when + 10, 'CREATE TABLE extra_later (id INTEGER PRIMARY KEY);');
    const s1 = await openSqliteStore({ path, migrations: [...base, late] });
    await s1.record({ summary: 'row before the older migration' });
    await s1.close();
    // Authored on another branch with an older timestamp, merged after 0002 was applied: a high-water mark skips it.
    const older = migration('0001_branch', base[base.length - 1]!.when + 5, 'CREATE TABLE extra_branch (id INTEGER PRIMARY KEY);');
    const backups: string[] = [];
    const s2 = await openSqliteStore({ path, migrations: [...base, older, late], events: { migration: (e) => backups.push(...e.applied) } });
    expect(backups).toEqual(['0001_branch']);
    const manifests = await s2.listBackups();
    expect(manifests.map((m) => m.kind)).toEqual(['pre-migrate']);
    expect(manifests[0]).toMatchObject({ label: 'pre-migrate-0001_branch', counts: { learning_signals: 1 } });
    await s2.close();
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'extra_branch'").get()).toBeTruthy();
    db.close();
    // The pre-migration backup verifies on its own.
    const copy = new Database(manifests[0]!.file, { readonly: true });
    expect(copy.pragma('quick_check', { simple: true })).toBe('ok');
    expect(copy.prepare("SELECT name FROM sqlite_master WHERE name = 'extra_branch'").get()).toBeUndefined();
    copy.close();
    expect(createHash('sha256').update((await import('node:fs')).readFileSync(manifests[0]!.file)).digest('hex')).toBe(manifests[0]!.sha256);
  });
});

describe('Postgres migrator (PGlite)', () => {
  it('applies once under concurrent opens, refuses tampered and newer ledgers', async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    const { drizzle } = await import('drizzle-orm/pglite');
    const { openPostgresStore } = await import('../src/postgres/index.js');
    const client = new PGlite();
    try {
      const db = drizzle(client);
      const [a, b] = await Promise.all([openPostgresStore({ db }), openPostgresStore({ db })]);
      await a.close();
      await b.close();
      const rows = (await client.query<{ tag: string }>('SELECT tag FROM _improvement_store_migrations')).rows;
      expect(rows.map((r) => r.tag)).toEqual(PG_MIGRATIONS.map((m) => m.tag));
      await client.query("UPDATE _improvement_store_migrations SET sha256 = 'x' WHERE tag = $1", [PG_MIGRATIONS[0]!.tag]);
      await expect(openPostgresStore({ db })).rejects.toBeInstanceOf(MigrationChecksumError);
      await client.query('UPDATE _improvement_store_migrations SET sha256 = $1 WHERE tag = $2', [PG_MIGRATIONS[0]!.sha256, PG_MIGRATIONS[0]!.tag]);
      await client.query("INSERT INTO _improvement_store_migrations VALUES ('9999_future', 'f', 1, '9.0.0')");
      await expect(openPostgresStore({ db })).rejects.toBeInstanceOf(StoreVersionTooNewError);
    } finally {
      await client.close();
    }
  });
});
