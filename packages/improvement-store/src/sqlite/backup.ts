import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type Database from 'better-sqlite3';
import { writeFileAtomic } from '../legacy/export.js';
import type { BackupManifest } from '../store/types.js';
import { fileStamp, fsyncPath } from './files.js';

/** Tables with a `seq` rowid, counted in manifests and salvaged after corruption. */
export const SEQ_TABLES = [
  'learning_signals',
  'research_intakes',
  'lessons',
  'checklists',
  'roadmap_refreshes',
  'metrics_snapshots',
  'run_events',
  'run_checkpoints',
  'sb_runs',
  'sb_trials',
] as const;

const MANIFEST_SUFFIX = '.manifest.json';

/** sha-256 hex of a file, streamed. */
export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** Runs `PRAGMA quick_check` (or `integrity_check`) on a file through its own read-only connection. */
export function checkFile(path: string, mode: 'quick' | 'full' = 'quick'): string[] {
  let db: Database.Database | null = null;
  try {
    db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    return (db.pragma(mode === 'quick' ? 'quick_check' : 'integrity_check') as Array<Record<string, string>>).map((r) => String(Object.values(r)[0]));
  } catch (error) {
    return [`error: ${(error as Error).message}`];
  } finally {
    db?.close();
  }
}

/** Per-table row counts and max seq of a database (tables that do not exist are skipped). */
export function tableStats(db: Database.Database): { counts: Record<string, number>; maxSeq: Record<string, number> } {
  const counts: Record<string, number> = {};
  const maxSeq: Record<string, number> = {};
  for (const table of SEQ_TABLES) {
    const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
    if (!exists) continue;
    const row = db.prepare(`SELECT COUNT(*) AS n, COALESCE(MAX(seq), 0) AS m FROM ${table}`).get() as { n: number; m: number };
    counts[table] = row.n;
    maxSeq[table] = row.m;
  }
  return { counts, maxSeq };
}

/** Backup manifests in a folder, newest first. */
export function listBackupManifests(backupDir: string): BackupManifest[] {
  if (!existsSync(backupDir)) return [];
  const manifests: BackupManifest[] = [];
  for (const name of readdirSync(backupDir)) {
    if (!name.endsWith(MANIFEST_SUFFIX)) continue;
    try {
      const m = JSON.parse(readFileSync(join(backupDir, name), 'utf8')) as BackupManifest;
      if (m.format === 1 && typeof m.file === 'string') manifests.push({ ...m, file: join(backupDir, basename(m.file)) });
    } catch {
      // An unreadable manifest is not a usable backup; it is skipped, never deleted.
    }
  }
  return manifests.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.id.localeCompare(a.id)));
}

/** True when a backup file matches its manifest's sha-256 and passes `quick_check`. */
export async function verifyBackup(m: BackupManifest): Promise<boolean> {
  if (!existsSync(m.file) || statSync(m.file).size !== m.bytes) return false;
  if ((await sha256File(m.file)) !== m.sha256) return false;
  const check = checkFile(m.file, 'quick');
  return check.length === 1 && check[0] === 'ok';
}

/** The newest backup that verifies, or null. */
export async function newestVerifiedBackup(backupDir: string, id?: string): Promise<BackupManifest | null> {
  for (const m of listBackupManifests(backupDir)) {
    if (id !== undefined && m.id !== id) continue;
    if (await verifyBackup(m)) return m;
  }
  return null;
}

/**
 * Online backup: better-sqlite3's backup API (or `VACUUM INTO` for `vacuum`) into a `.partial` file, fsync,
 * `quick_check` of the copy, sha-256, manifest, rename into place, rotation to the newest `keep` backups.
 */
export async function takeBackup(
  db: Database.Database,
  o: {
    dbPath: string;
    backupDir: string;
    kind: BackupManifest['kind'];
    label?: string;
    storeId: string;
    migrationTag: string | null;
    createdAt: string;
    keep: number;
  },
): Promise<BackupManifest> {
  mkdirSync(o.backupDir, { recursive: true });
  const id = `${basename(o.dbPath)}-${fileStamp(o.createdAt)}-${o.kind}`;
  const file = join(o.backupDir, `${id}.sqlite`);
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  if (o.kind === 'vacuum') db.prepare('VACUUM INTO ?').run(partial);
  else await db.backup(partial);
  fsyncPath(partial);
  const check = checkFile(partial, 'quick');
  if (check.length !== 1 || check[0] !== 'ok') {
    rmSync(partial, { force: true });
    throw new Error(`Backup copy failed quick_check: ${check.slice(0, 5).join('; ')}`);
  }
  const copy = new BetterSqlite3(partial, { readonly: true, fileMustExist: true });
  let stats: ReturnType<typeof tableStats>;
  try {
    stats = tableStats(copy);
  } finally {
    copy.close();
  }
  const manifest: BackupManifest = {
    format: 1,
    id,
    file,
    storeId: o.storeId,
    migrationTag: o.migrationTag,
    kind: o.kind,
    ...(o.label !== undefined ? { label: o.label } : {}),
    createdAt: o.createdAt,
    sqliteVersion: (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v,
    bytes: statSync(partial).size,
    sha256: await sha256File(partial),
    counts: stats.counts,
    maxSeq: stats.maxSeq,
  };
  renameSync(partial, file);
  await writeFileAtomic(`${file}${MANIFEST_SUFFIX}`, JSON.stringify(manifest, null, 2));
  fsyncPath(o.backupDir);
  for (const old of listBackupManifests(o.backupDir).slice(o.keep)) {
    rmSync(old.file, { force: true });
    rmSync(`${old.file}${MANIFEST_SUFFIX}`, { force: true });
  }
  return manifest;
}
