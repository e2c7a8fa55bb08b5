import { existsSync } from 'node:fs';
import { systemClock } from '@agent33/observability';
import { microsToIso, msToMicros } from '../domain/time.js';
import { StoreCorruptError } from '../errors/store-corrupt-error.js';
import { StoreUnavailableError } from '../errors/store-unavailable-error.js';
import { SqlBackend } from '../sql/sql-backend.js';
import { BaseStore } from '../store/base-store.js';
import type { BackupManifest, IntegrityReport, SqliteImprovementStore, StoreEvents, StoreHealth } from '../store/types.js';
import { checkFile, listBackupManifests, takeBackup } from './backup.js';
import { SqliteExecutor } from './executor.js';
import { fileSize, isCorruptionError } from './files.js';
import { DetectedCorruption, openWithPolicy, recoverFromCorruption, storeIdOf, type OpenedDatabase } from './open.js';
import { resolveSqliteOptions, type ResolvedSqliteOptions, type SqliteStoreOptions } from './options.js';

class SqliteStore extends BaseStore implements SqliteImprovementStore {
  readonly kind = 'sqlite' as const;
  readonly path: string;
  private executor: SqliteExecutor;
  private migrationTag: string | null;
  private lastBackupAt: string | null = null;
  private lastVerifyAt: string | null = null;
  private readonly timers: Array<ReturnType<typeof setInterval>> = [];

  constructor(
    private readonly options: ResolvedSqliteOptions,
    opened: OpenedDatabase,
  ) {
    const executor = new SqliteExecutor(opened.db);
    super(new SqlBackend('sqlite', executor), options);
    this.path = options.path;
    this.executor = executor;
    this.migrationTag = opened.migrationTag;
    for (const [event, listener] of Object.entries(options.events ?? {})) {
      if (listener) this.emitter.on(event as 'backup', listener as (e: StoreEvents['backup']) => void);
    }
    this.telemetry.observeSizes(() => (this.status === 'closed' ? null : { db: fileSize(this.path), wal: fileSize(`${this.path}-wal`) }));
    this.afterOpen(opened);
    if (options.verifyIntervalMs) this.every(options.verifyIntervalMs, 'verify', () => this.verify());
    if (options.backupIntervalMs) this.every(options.backupIntervalMs, 'backup', () => this.backup({ kind: 'scheduled' }));
  }

  private every(ms: number, operation: string, task: () => Promise<unknown>): void {
    const timer = setInterval(() => {
      if (this.status === 'ok' || this.status === 'degraded') task().catch((error: unknown) => this.emitter.emit('error', { operation, error }));
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }

  private afterOpen(opened: OpenedDatabase): void {
    if (opened.applied.length > 0) this.emitter.emit('migration', { applied: opened.applied });
    if (opened.corruption) {
      this.telemetry.corruptionDetected(opened.corruption.reason);
      this.emitter.emit('corruption', opened.corruption);
    }
    if (opened.recovery) this.emitter.emit('recovered', opened.recovery);
    this.status = opened.degraded ? 'degraded' : 'ok';
    this.statusReason = opened.degraded ?? (opened.recovery ? `restored from ${opened.recovery.backup}` : undefined);
  }

  protected override async op<T>(name: string, write: boolean, fn: () => Promise<T>): Promise<T> {
    try {
      return await super.op(name, write, fn);
    } catch (error) {
      if (!isCorruptionError(error)) throw error;
      await this.onRuntimeCorruption(new DetectedCorruption('runtime-error', error.code, [error.message]));
      // The failed call never committed; it runs once more on the recovered database.
      return super.op(name, write, fn);
    }
  }

  /** Flips to `corrupt`, stops writes and applies the policy (raise keeps the store stopped). */
  private async onRuntimeCorruption(detected: DetectedCorruption): Promise<void> {
    if (this.status === 'recovering') throw new StoreUnavailableError('The store is recovering from corruption');
    this.status = 'corrupt';
    this.statusReason = detected.reason;
    this.telemetry.corruptionDetected(detected.reason);
    if (this.options.onCorruption === 'raise') {
      const error = new StoreCorruptError(`Corrupted improvement-store SQLite database: ${this.path} (${detected.reason})`, {
        path: this.path,
        ...(detected.sqliteCode !== undefined ? { sqliteCode: detected.sqliteCode } : {}),
        ...(detected.checkOutput !== undefined ? { checkOutput: detected.checkOutput } : {}),
      });
      this.emitter.emit('corruption', { path: this.path, reason: detected.reason, policy: 'raise', ...(detected.sqliteCode ? { sqliteCode: detected.sqliteCode } : {}) });
      throw error;
    }
    this.status = 'recovering';
    await this.executor.close();
    try {
      const opened = await recoverFromCorruption(this.options, detected, () => this.nowUs());
      this.executor = new SqliteExecutor(opened.db);
      this.backend = new SqlBackend('sqlite', this.executor);
      this.migrationTag = opened.migrationTag;
      this.afterOpen(opened);
    } catch (error) {
      this.status = 'corrupt';
      throw error;
    }
  }

  async backup(opts: { kind?: 'scheduled' | 'manual' | 'vacuum'; label?: string } = {}): Promise<BackupManifest> {
    this.assertUsable(false);
    const kind = opts.kind ?? 'manual';
    if (!['scheduled', 'manual', 'vacuum'].includes(kind)) throw new StoreUnavailableError(`Unknown backup kind ${String(kind)}`);
    return this.op('backup', false, async () => {
      const start = performance.now();
      const manifest = await takeBackup(this.executor.db, {
        dbPath: this.path,
        backupDir: this.options.backupDir,
        kind,
        ...(opts.label !== undefined ? { label: opts.label } : {}),
        storeId: storeIdOf(this.executor.db),
        migrationTag: this.migrationTag,
        createdAt: microsToIso(this.nowUs()),
        keep: this.options.keepBackups,
      });
      this.lastBackupAt = manifest.createdAt;
      this.telemetry.backupCompleted((performance.now() - start) / 1000, kind);
      this.emitter.emit('backup', manifest);
      return manifest;
    });
  }

  protected override async backupBeforeImport(): Promise<void> {
    await this.op('backup', false, () =>
      takeBackup(this.executor.db, {
        dbPath: this.path,
        backupDir: this.options.backupDir,
        kind: 'pre-import',
        storeId: storeIdOf(this.executor.db),
        migrationTag: this.migrationTag,
        createdAt: microsToIso(this.nowUs()),
        keep: this.options.keepBackups,
      }),
    );
  }

  async listBackups(): Promise<BackupManifest[]> {
    return listBackupManifests(this.options.backupDir);
  }

  async verify(opts: { mode?: 'quick' | 'full' } = {}): Promise<IntegrityReport> {
    this.assertUsable(false);
    const mode = opts.mode ?? 'quick';
    // A fresh read-only connection reads the file itself: the live connection's page cache could hide damage.
    const output = checkFile(this.path, mode);
    const ok = output.length === 1 && output[0] === 'ok';
    const report: IntegrityReport = { mode, ok, output: output.slice(0, 100), checkedAt: microsToIso(this.nowUs()) };
    this.lastVerifyAt = report.checkedAt;
    if (!ok) {
      try {
        await this.onRuntimeCorruption(new DetectedCorruption('verify', 'SQLITE_CORRUPT', report.output));
      } catch (error) {
        if (!StoreCorruptError.isInstance(error)) throw error;
      }
    }
    return report;
  }

  override async health(): Promise<StoreHealth> {
    return {
      status: this.status,
      kind: 'sqlite',
      ...(this.statusReason ? { reason: this.statusReason } : {}),
      dbBytes: fileSize(this.path),
      walBytes: fileSize(`${this.path}-wal`),
      lastBackupAt: this.lastBackupAt ?? listBackupManifests(this.options.backupDir)[0]?.createdAt ?? null,
      lastVerifyAt: this.lastVerifyAt,
    };
  }

  override async close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await super.close();
  }
}

/**
 * Opens (creating, checking, migrating and if needed recovering) a SQLite improvement store.
 *
 * @throws StoreConfigError for invalid options; StoreCorruptError with `onCorruption: 'raise'`;
 *   MigrationChecksumError / StoreVersionTooNewError when the ledger disagrees with this version.
 */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<SqliteImprovementStore> {
  const o = resolveSqliteOptions(options);
  const clock = o.clock ?? systemClock;
  const clockNow = (): number => msToMicros(clock.now());
  if (o.readonly && !existsSync(o.path)) throw new StoreUnavailableError(`Cannot open missing database read-only: ${o.path}`);
  const opened = await openWithPolicy(o, clockNow);
  const store = new SqliteStore(o, opened);
  if (o.legacy) {
    try {
      await store.importLegacy(o.legacy.source, { mode: 'if-empty', backupFirst: o.legacy.backupFirst ?? false });
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}

export type { SqliteStoreOptions };
