import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { systemClock, type Clock } from '@agent33/observability';
import { microsToIso, msToMicros } from '../domain/time.js';
import { StoreConfigError } from '../errors/store-config-error.js';
import { StoreNotFoundError } from '../errors/store-not-found-error.js';
import type { BackupManifest } from '../store/types.js';
import { newestVerifiedBackup } from './backup.js';
import { fileStamp, quarantineFiles } from './files.js';
import { installBackup, openChecked } from './open.js';
import { resolveSqliteOptions } from './options.js';
import { salvageRows } from './salvage.js';

/** What {@link restoreSqliteStore} did. */
export interface RestoreReport {
  restoredFrom: BackupManifest;
  /** Where the replaced database (with its -wal / -shm) was moved; null when there was none. */
  quarantinePath: string | null;
  salvagedRows: number;
  appliedMigrations: string[];
}

/**
 * Restores a closed store from a verified backup (`latest` or a backup id): verifies the manifest hash and
 * `quick_check`, quarantines the current db with its `-wal` / `-shm`, installs the copy atomically (temp, fsync,
 * rename, fsync of the folder), reopens and migrates. `salvageFrom` (a damaged database file) contributes its
 * readable rows newer than the backup. The store must not be open in any process while this runs.
 */
export async function restoreSqliteStore(opts: { path: string; backupDir: string; from: 'latest' | string; salvageFrom?: string; clock?: Clock }): Promise<RestoreReport> {
  if (typeof opts?.from !== 'string' || opts.from.length === 0) throw new StoreConfigError('from', "must be 'latest' or a backup id");
  const o = resolveSqliteOptions({ path: opts.path, backupDir: opts.backupDir, checkAtOpen: 'quick' });
  const clock = opts.clock ?? systemClock;
  const nowUs = (): number => msToMicros(clock.now());
  const backup = await newestVerifiedBackup(o.backupDir, opts.from === 'latest' ? undefined : opts.from);
  if (!backup) throw new StoreNotFoundError('Verified backup', opts.from);
  let quarantinePath: string | null = null;
  let salvageSource = opts.salvageFrom;
  if (existsSync(o.path)) {
    const q = quarantineFiles(o.path, 'restore', fileStamp(microsToIso(nowUs())), { backup: backup.id }, o.keepQuarantines);
    quarantinePath = q.dir;
    if (salvageSource === o.path) salvageSource = join(q.dir, basename(o.path));
  }
  installBackup(backup, o.path);
  const opened = await openChecked(o, nowUs);
  try {
    let salvagedRows = 0;
    if (salvageSource && existsSync(salvageSource)) {
      salvagedRows = Object.values(salvageRows(opened.db, salvageSource, backup.maxSeq)).reduce((a, b) => a + b, 0);
    }
    return { restoredFrom: backup, quarantinePath, salvagedRows, appliedMigrations: opened.applied };
  } finally {
    opened.db.close();
  }
}
