import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** `PRAGMA application_id` of this package's files ("A33I"): tells "not our file" apart from "corrupt". */
export const APPLICATION_ID = 0x41333349;

const MAGIC = Buffer.from('SQLite format 3\u0000', 'latin1');

/** What the first 100 bytes of a database file say. */
export type HeaderVerdict = { kind: 'missing' } | { kind: 'empty' } | { kind: 'ok'; applicationId: number } | { kind: 'not-a-database' } | { kind: 'foreign'; applicationId: number };

/** Reads the file header without opening the database (an open can replay a WAL or create files). */
export function inspectHeader(path: string): HeaderVerdict {
  if (!existsSync(path)) return { kind: 'missing' };
  const size = statSync(path).size;
  if (size === 0) return { kind: 'empty' };
  const header = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  let read = 0;
  try {
    read = readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (read < 100 || !header.subarray(0, 16).equals(MAGIC)) return { kind: 'not-a-database' };
  const applicationId = header.readUInt32BE(68);
  if (applicationId !== 0 && applicationId !== APPLICATION_ID) return { kind: 'foreign', applicationId };
  return { kind: 'ok', applicationId };
}

/** The database file and its companions. */
export function companions(path: string): string[] {
  return [path, `${path}-wal`, `${path}-shm`, `${path}-journal`];
}

/** Size of a file, 0 when missing. */
export function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** fsyncs a file or directory (directories make renames durable). */
export function fsyncPath(path: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms refuse fsync on directories; the rename itself is still atomic.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** UTC stamp usable in file names: 20260102T030405.123456Z. */
export function fileStamp(iso: string): string {
  return iso.replace(/[-:]/g, '');
}

/**
 * Moves the database and its `-wal` / `-shm` / `-journal` into `<dir>/<name>.quarantine/<stamp>-<reason>/` with a
 * `report.json`; nothing is deleted (a hot WAL left beside a new database could corrupt it). Keeps the newest
 * `keep` quarantine folders and returns the removed ones.
 */
export function quarantineFiles(path: string, reason: string, stamp: string, report: Record<string, unknown>, keep = 5): { dir: string; moved: string[]; pruned: string[] } {
  const root = join(dirname(path), `${basename(path)}.quarantine`);
  let dir = join(root, `${stamp}-${reason.replace(/[^a-z0-9-]/gi, '-')}`);
  for (let n = 1; existsSync(dir); n += 1) dir = join(root, `${stamp}-${reason}-${n}`);
  mkdirSync(dir, { recursive: true });
  const moved: string[] = [];
  for (const file of companions(path)) {
    if (existsSync(file)) {
      const target = join(dir, basename(file));
      renameSync(file, target);
      moved.push(target);
    }
  }
  writeFileSync(join(dir, 'report.json'), JSON.stringify({ ...report, path, reason, moved }, null, 2));
  fsyncPath(dir);
  fsyncPath(dirname(path));
  const folders = readdirSync(root).sort();
  const pruned: string[] = [];
  for (const old of folders.slice(0, Math.max(0, folders.length - keep))) {
    rmSync(join(root, old), { recursive: true, force: true });
    pruned.push(join(root, old));
  }
  return { dir, moved, pruned };
}

/** True when an error from better-sqlite3 means the file is damaged or is not a database. */
export function isCorruptionError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}
