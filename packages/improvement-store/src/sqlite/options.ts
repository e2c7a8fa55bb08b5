import type { Clock } from '@agent33/observability';
import type { EmbeddedMigration } from '../migrator/types.js';
import { StoreConfigError } from '../errors/store-config-error.js';
import type { BaseStoreOptions } from '../store/base-store.js';
import type { LegacySource, StoreEvents, StoreRetentionPolicy } from '../store/types.js';

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions extends BaseStoreOptions {
  /** Database file; its folder is created when missing. */
  path: string;
  /** Backup folder (default `<path>.backups` beside the database). Backup destinations come only from here. */
  backupDir?: string;
  /** `full` (default): durable across power loss. `normal`: durable across process crashes only (WAL). */
  durability?: 'full' | 'normal';
  /** What to do when the file is damaged: `restore` (default), `raise`, or `reset` (explicit only). */
  onCorruption?: 'restore' | 'raise' | 'reset';
  /** Integrity check at open: `quick` (default), `full`, or `none`. */
  checkAtOpen?: 'quick' | 'full' | 'none';
  /** Files larger than this skip the open-time check (default 256 MiB, about one second of `quick_check`). */
  openCheckMaxBytes?: number;
  /** Scheduled `verify()` interval; null (default) = none. */
  verifyIntervalMs?: number | null;
  /** Scheduled backup interval; null (default) = none. */
  backupIntervalMs?: number | null;
  /** Backups kept by rotation (default 7). */
  keepBackups?: number;
  /** Quarantine folders kept (default 5). */
  keepQuarantines?: number;
  retention?: Partial<StoreRetentionPolicy>;
  /** `PRAGMA wal_autocheckpoint` override (pages) or `off`, for hosts that checkpoint themselves (Litestream). */
  walAutocheckpoint?: number | 'off';
  /** `PRAGMA busy_timeout` in ms (default 5000). */
  busyTimeoutMs?: number;
  /** Open read-only: no migrations, no writes; a database from a newer version is allowed. */
  readonly?: boolean;
  /** Import a legacy source at open when the store has no signals (the reference's migrate-on-start). */
  legacy?: { source: LegacySource; mode: 'if-empty'; backupFirst?: boolean };
  /** Group commit of single `record()` calls (default 256 rows or 2 ms); `false` commits each call alone. */
  groupCommit?: { maxRows: number; maxDelayMs: number } | false;
  clock?: Clock;
  /** Listeners registered before open, so events raised while opening (migration, corruption, recovery) are seen. */
  events?: { [E in keyof StoreEvents]?: (e: StoreEvents[E]) => void };
  /** Migrations to apply instead of the shipped ones (tooling and tests). */
  migrations?: readonly EmbeddedMigration[];
}

/** Options after validation and defaults. */
export type ResolvedSqliteOptions = Required<Pick<SqliteStoreOptions, 'path' | 'backupDir' | 'durability' | 'onCorruption' | 'checkAtOpen' | 'openCheckMaxBytes' | 'keepBackups' | 'keepQuarantines' | 'busyTimeoutMs' | 'readonly'>> &
  SqliteStoreOptions;

function positiveOrNull(name: string, value: unknown): void {
  if (value !== undefined && value !== null && !(typeof value === 'number' && Number.isFinite(value) && value > 0)) throw new StoreConfigError(name, 'must be a number > 0 or null');
}

/** Validates every option (typed configuration errors at open, before any file is touched). */
export function resolveSqliteOptions(o: SqliteStoreOptions): ResolvedSqliteOptions {
  if (typeof o !== 'object' || o === null) throw new StoreConfigError('options', 'must be an object');
  if (typeof o.path !== 'string' || o.path.trim().length === 0) throw new StoreConfigError('path', 'must be a non-empty string');
  if (o.path === ':memory:') throw new StoreConfigError('path', 'must be a file (use createMemoryStore for an in-process store)');
  const durability = o.durability ?? 'full';
  if (durability !== 'full' && durability !== 'normal') throw new StoreConfigError('durability', "must be 'full' or 'normal'");
  const policy = typeof o.onCorruption === 'string' ? o.onCorruption.toLowerCase() : (o.onCorruption ?? 'restore');
  if (policy !== 'restore' && policy !== 'raise' && policy !== 'reset') throw new StoreConfigError('onCorruption', "must be 'restore', 'raise' or 'reset'");
  const checkAtOpen = o.checkAtOpen ?? 'quick';
  if (!['quick', 'full', 'none'].includes(checkAtOpen)) throw new StoreConfigError('checkAtOpen', "must be 'quick', 'full' or 'none'");
  const openCheckMaxBytes = o.openCheckMaxBytes ?? 256 * 1024 * 1024;
  if (!(typeof openCheckMaxBytes === 'number' && openCheckMaxBytes >= 0)) throw new StoreConfigError('openCheckMaxBytes', 'must be a number >= 0');
  const keepBackups = o.keepBackups ?? 7;
  if (!Number.isInteger(keepBackups) || keepBackups < 1) throw new StoreConfigError('keepBackups', 'must be an integer >= 1');
  const keepQuarantines = o.keepQuarantines ?? 5;
  if (!Number.isInteger(keepQuarantines) || keepQuarantines < 1) throw new StoreConfigError('keepQuarantines', 'must be an integer >= 1');
  const busyTimeoutMs = o.busyTimeoutMs ?? 5000;
  if (!Number.isInteger(busyTimeoutMs) || busyTimeoutMs < 0) throw new StoreConfigError('busyTimeoutMs', 'must be an integer >= 0');
  positiveOrNull('verifyIntervalMs', o.verifyIntervalMs);
  positiveOrNull('backupIntervalMs', o.backupIntervalMs);
  if (o.walAutocheckpoint !== undefined && o.walAutocheckpoint !== 'off' && !(Number.isInteger(o.walAutocheckpoint) && o.walAutocheckpoint >= 0)) {
    throw new StoreConfigError('walAutocheckpoint', "must be an integer >= 0 or 'off'");
  }
  if (o.backupDir !== undefined && (typeof o.backupDir !== 'string' || o.backupDir.trim().length === 0)) throw new StoreConfigError('backupDir', 'must be a non-empty string');
  if (o.legacy !== undefined) {
    if (typeof o.legacy !== 'object' || o.legacy === null || o.legacy.mode !== 'if-empty') throw new StoreConfigError('legacy.mode', "must be 'if-empty'");
    if (!['json-file', 'backup-file', 'legacy-sqlite'].includes(o.legacy.source?.kind)) throw new StoreConfigError('legacy.source.kind', "must be 'json-file', 'backup-file' or 'legacy-sqlite'");
  }
  if (o.readonly !== undefined && typeof o.readonly !== 'boolean') throw new StoreConfigError('readonly', 'must be a boolean');
  return {
    ...o,
    path: o.path,
    backupDir: o.backupDir ?? `${o.path}.backups`,
    durability,
    onCorruption: policy,
    checkAtOpen,
    openCheckMaxBytes,
    keepBackups,
    keepQuarantines,
    busyTimeoutMs,
    readonly: o.readonly ?? false,
    groupCommit: o.groupCommit === undefined ? { maxRows: 256, maxDelayMs: 2 } : o.groupCommit,
  };
}
