import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type Database from 'better-sqlite3';
import { microsToIso } from '../domain/time.js';
import { StoreCorruptError } from '../errors/store-corrupt-error.js';
import { SQLITE_MIGRATIONS } from '../migrator/embedded.js';
import type { BackupManifest, CorruptionEvent, RecoveryEvent } from '../store/types.js';
import { checkFile, newestVerifiedBackup, takeBackup } from './backup.js';
import { APPLICATION_ID, fileSize, fileStamp, fsyncPath, inspectHeader, isCorruptionError, quarantineFiles } from './files.js';
import { LEDGER_TABLE, applySqliteMigrations, planSqliteMigrations, assertNotTooNew } from './migrator.js';
import type { ResolvedSqliteOptions } from './options.js';
import { salvageRows } from './salvage.js';

/** Corruption found while opening or using a database, before the policy is applied. */
export class DetectedCorruption extends Error {
  constructor(
    readonly reason: string,
    readonly sqliteCode?: string,
    readonly checkOutput?: string[],
  ) {
    super(`Database corruption detected: ${reason}${sqliteCode ? ` (${sqliteCode})` : ''}`);
  }
}

/** A database opened and migrated, with what happened on the way. */
export interface OpenedDatabase {
  db: Database.Database;
  applied: string[];
  migrationTag: string | null;
  corruption?: CorruptionEvent;
  recovery?: RecoveryEvent;
  degraded?: string;
}

/** Sets the connection pragmas; a new file gets incremental auto-vacuum before its first table. */
function configure(db: Database.Database, o: ResolvedSqliteOptions, fresh: boolean): void {
  db.pragma(`busy_timeout = ${o.busyTimeoutMs}`);
  if (o.readonly) return;
  if (fresh) db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${o.durability === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('cache_size = -65536');
  if (o.walAutocheckpoint !== undefined) db.pragma(`wal_autocheckpoint = ${o.walAutocheckpoint === 'off' ? 0 : o.walAutocheckpoint}`);
}

function latestTag(db: Database.Database): string | null {
  const row = db.prepare(`SELECT tag FROM ${LEDGER_TABLE} ORDER BY applied_at_us DESC, tag DESC LIMIT 1`).get() as { tag: string } | undefined;
  return row?.tag ?? null;
}

/**
 * Checks an existing file through a read-only connection before anything can write to it (a read-write close would
 * checkpoint a stale WAL into the file): the effective `application_id` (a WAL from another database changes it),
 * the migration ledger, and `quick_check` / `integrity_check` when the file is small enough.
 */
function validateExisting(o: ResolvedSqliteOptions, headerApplicationId: number): void {
  let check: Database.Database | null = null;
  try {
    try {
      check = new BetterSqlite3(o.path, { readonly: true, fileMustExist: true });
    } catch (error) {
      if (isCorruptionError(error)) throw error;
      return; // e.g. a read-only connection cannot open the WAL index here: the read-write open checks instead
    }
    const appId = check.pragma('application_id', { simple: true }) as number;
    // A WAL may legitimately set our id on a file created just before a crash (header still 0); any other change
    // means the WAL belongs to another database.
    if (appId !== headerApplicationId && !(headerApplicationId === 0 && appId === APPLICATION_ID)) {
      throw new DetectedCorruption('stale-wal', 'SQLITE_CORRUPT', [`the WAL changes application_id from ${headerApplicationId} to ${appId}`]);
    }
    const tables = check.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>;
    if (tables.length > 0 && !tables.some((t) => t.name === LEDGER_TABLE)) throw new DetectedCorruption('foreign-file', undefined, ['tables without this package\'s migration ledger']);
    if (appId === APPLICATION_ID && !tables.some((t) => t.name === LEDGER_TABLE)) throw new DetectedCorruption('missing-ledger', 'SQLITE_CORRUPT', ['application_id set but no migration ledger']);
    if (o.checkAtOpen !== 'none' && fileSize(o.path) <= o.openCheckMaxBytes) {
      const rows = check.pragma(o.checkAtOpen === 'full' ? 'integrity_check' : 'quick_check') as Array<Record<string, string>>;
      const output = rows.map((r) => String(Object.values(r)[0]));
      if (output.length !== 1 || output[0] !== 'ok') throw new DetectedCorruption('integrity-check', 'SQLITE_CORRUPT', output.slice(0, 50));
    }
  } catch (error) {
    if (isCorruptionError(error)) throw new DetectedCorruption('sqlite-error', error.code, [error.message]);
    throw error;
  } finally {
    check?.close();
  }
}

/**
 * Opens, checks and migrates the database at `o.path`. Damage (bad header, foreign file, SQLITE_CORRUPT /
 * SQLITE_NOTADB, a failing `quick_check`) is thrown as {@link DetectedCorruption} with the connection closed.
 */
export async function openChecked(o: ResolvedSqliteOptions, nowUs: () => number): Promise<OpenedDatabase> {
  const header = inspectHeader(o.path);
  if (header.kind === 'not-a-database') throw new DetectedCorruption('not-a-database', 'SQLITE_NOTADB');
  if (header.kind === 'foreign') throw new DetectedCorruption('foreign-file', undefined, [`application_id ${header.applicationId} is not ${APPLICATION_ID}`]);
  const fresh = header.kind === 'missing' || header.kind === 'empty';
  if (!o.readonly) mkdirSync(dirname(o.path), { recursive: true });
  if (!fresh) validateExisting(o, header.applicationId);
  let db: Database.Database | null = null;
  try {
    db = new BetterSqlite3(o.path, { readonly: o.readonly, fileMustExist: o.readonly });
    configure(db, o, fresh);
    const migrations = o.migrations ?? SQLITE_MIGRATIONS;
    let applied: string[] = [];
    if (o.readonly) {
      planSqliteMigrations(db, migrations);
    } else {
      const plan = planSqliteMigrations(db, migrations);
      assertNotTooNew(plan);
      if (plan.pending.length > 0 && plan.applied.length > 0) {
        // An existing database is backed up before its schema changes.
        await takeBackup(db, {
          dbPath: o.path,
          backupDir: o.backupDir,
          kind: 'pre-migrate',
          label: `pre-migrate-${plan.pending[0]!.tag}`,
          storeId: readStoreId(db) ?? 'unknown',
          migrationTag: latestTag(db),
          createdAt: microsToIso(nowUs()),
          keep: o.keepBackups,
        });
      }
      applied = applySqliteMigrations(db, migrations, nowUs).applied;
      if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID) db.pragma(`application_id = ${APPLICATION_ID}`);
      ensureStoreId(db, nowUs);
    }
    const hasLedger = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(LEDGER_TABLE) !== undefined;
    return { db, applied, migrationTag: hasLedger ? latestTag(db) : null };
  } catch (error) {
    db?.close();
    if (isCorruptionError(error)) throw new DetectedCorruption('sqlite-error', error.code, [error.message]);
    throw error;
  }
}

function readStoreId(db: Database.Database): string | null {
  try {
    const row = db.prepare("SELECT value FROM store_meta WHERE key = 'store_id'").get() as { value: string } | undefined;
    return row?.value ?? null;
  } catch {
    return null;
  }
}

function ensureStoreId(db: Database.Database, nowUs: () => number): void {
  db.prepare("INSERT INTO store_meta (key, value) VALUES ('store_id', ?) ON CONFLICT (key) DO NOTHING").run(randomUUID());
  db.prepare("INSERT INTO store_meta (key, value) VALUES ('created_at', ?) ON CONFLICT (key) DO NOTHING").run(microsToIso(nowUs()));
}

/** The store id recorded in a database. */
export function storeIdOf(db: Database.Database): string {
  return readStoreId(db) ?? 'unknown';
}

/** Copies a verified backup into place: temp file, fsync, rename, fsync of the folder. */
export function installBackup(m: BackupManifest, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.restore-${process.pid}`;
  rmSync(tmp, { force: true });
  copyFileSync(m.file, tmp);
  fsyncPath(tmp);
  renameSync(tmp, path);
  fsyncPath(dirname(path));
}

/**
 * Applies the corruption policy: `raise` throws with the files untouched; `restore` and `reset` quarantine the db
 * with its `-wal` / `-shm`, then `restore` installs the newest verified backup and salvages newer readable rows,
 * `reset` starts empty. Both report `degraded` unless a backup was restored.
 */
export async function recoverFromCorruption(o: ResolvedSqliteOptions, detected: DetectedCorruption, nowUs: () => number): Promise<OpenedDatabase> {
  const detectedAt = microsToIso(nowUs());
  if (o.onCorruption === 'raise') {
    throw new StoreCorruptError(`Corrupted improvement-store SQLite database: ${o.path} (${detected.reason})`, {
      path: o.path,
      ...(detected.sqliteCode !== undefined ? { sqliteCode: detected.sqliteCode } : {}),
      ...(detected.checkOutput !== undefined ? { checkOutput: detected.checkOutput } : {}),
      cause: detected,
    });
  }
  const q = quarantineFiles(o.path, detected.reason, fileStamp(detectedAt), { detectedAt, policy: o.onCorruption, sqliteCode: detected.sqliteCode ?? null, checkOutput: detected.checkOutput ?? [] }, o.keepQuarantines);
  const corruption: CorruptionEvent = {
    path: o.path,
    reason: detected.reason,
    policy: o.onCorruption,
    quarantinePath: q.dir,
    ...(detected.sqliteCode !== undefined ? { sqliteCode: detected.sqliteCode } : {}),
    ...(detected.checkOutput !== undefined ? { checkOutput: detected.checkOutput } : {}),
  };
  const backup = o.onCorruption === 'restore' ? await newestVerifiedBackup(o.backupDir) : null;
  if (backup) installBackup(backup, o.path);
  let opened: OpenedDatabase;
  try {
    opened = await openChecked(o, nowUs);
  } catch (error) {
    throw new StoreCorruptError(`Recovery of ${o.path} failed: ${(error as Error).message}`, { path: o.path, quarantinePath: q.dir, cause: error });
  }
  let salvaged = 0;
  const quarantinedDb = join(q.dir, basename(o.path));
  if (o.onCorruption === 'restore' && existsSync(quarantinedDb) && statSync(quarantinedDb).size > 0) {
    const copied = salvageRows(opened.db, quarantinedDb, backup?.maxSeq ?? {});
    salvaged = Object.values(copied).reduce((a, b) => a + b, 0);
  }
  const recovery: RecoveryEvent = {
    path: o.path,
    action: backup ? 'restored' : 'reset',
    backup: backup ? backup.id : null,
    salvagedRows: salvaged,
    lossWindow: { from: backup ? backup.createdAt : null, to: detectedAt },
    quarantinePath: q.dir,
  };
  const degraded = backup ? undefined : o.onCorruption === 'reset' ? `reset after ${detected.reason}` : `no usable backup after ${detected.reason}`;
  return { ...opened, corruption, recovery, ...(degraded ? { degraded } : {}) };
}

/** Opens with the policy applied to any damage found. */
export async function openWithPolicy(o: ResolvedSqliteOptions, nowUs: () => number): Promise<OpenedDatabase> {
  try {
    return await openChecked(o, nowUs);
  } catch (error) {
    if (!(error instanceof DetectedCorruption)) throw error;
    return recoverFromCorruption(o, error, nowUs);
  }
}

/** `quick_check` / `integrity_check` output of a file, for independent checks. */
export { checkFile };
