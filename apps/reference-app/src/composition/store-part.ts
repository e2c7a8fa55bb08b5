import type { SqliteImprovementStore } from '@agent33/improvement-store';
import { SQLITE_MIGRATIONS, openSqliteStore, restoreSqliteStore, type RestoreReport } from '@agent33/improvement-store/sqlite';
import type { Clock } from '@agent33/observability';
import type { AppConfig } from '../config/index.js';
import { ServiceUnavailableError } from '../errors/index.js';
import type { ComponentBoard } from './components.js';
import type { Logger } from './logger.js';

/** The composed improvement store: the open SQLite store behind a stable handle that survives a restore. */
export interface StorePart {
  /** A stable facade: every access goes to the store open right now (503 while a restore runs). */
  readonly store: SqliteImprovementStore;
  /** Migrations applied when the store was (re)opened last, and every migration the build embeds. */
  migrations(): { appliedAtOpen: string[]; known: string[] };
  /** Closes the store, restores a verified backup (`latest` or an id), reopens it. */
  restore(from: string): Promise<RestoreReport>;
  close(): Promise<void>;
}

/**
 * Opens the SQLite improvement store under the data directory (migrations applied, integrity checked, corruption
 * quarantined and restored from the newest verified backup) and reports its health on the board. Routes and ports
 * hold a facade, so an online restore swaps the store underneath them.
 */
export async function composeStore(config: AppConfig, board: ComponentBoard, logger: Logger, clock: Clock): Promise<StorePart> {
  const path = config.store.path as string;
  const backupDir = config.store.backupDir as string;
  let appliedAtOpen: string[] = [];
  const open = (): Promise<SqliteImprovementStore> =>
    openSqliteStore({
      path,
      backupDir,
      clock,
      events: {
        corruption: (e) => logger.error(`store corruption detected at ${e.path}: ${e.reason} (policy ${e.policy})`),
        recovered: (e) => logger.warn(`store ${e.action} from ${e.backup ?? 'nothing'}; ${e.salvagedRows} rows salvaged; quarantine ${e.quarantinePath}`),
        error: (e) => logger.error(`store ${e.operation} failed`, e.error),
        migration: (e) => {
          appliedAtOpen = [...e.applied];
          logger.info(`store migrations applied: ${e.applied.join(', ')}`);
        },
      },
    });
  let current: SqliteImprovementStore | undefined = await open();
  let restoring: Promise<unknown> | undefined;

  const report = async (): Promise<void> => {
    if (current === undefined) return;
    const h = await current.health();
    board.set({
      name: 'store',
      state: h.status === 'ok' ? 'ready' : h.status === 'degraded' || h.status === 'recovering' ? 'degraded' : 'unavailable',
      detail: `SQLite ${path} (${h.status}${h.reason === undefined ? '' : `: ${h.reason}`})`,
      required: true,
    });
  };
  await report();

  const facade = new Proxy({} as SqliteImprovementStore, {
    get(_target, key) {
      if (current === undefined) {
        throw new ServiceUnavailableError(restoring === undefined ? 'The store is closed' : 'A store restore is in progress; retry shortly');
      }
      const value = (current as unknown as Record<PropertyKey, unknown>)[key];
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(current) : value;
    },
  });

  return {
    store: facade,
    migrations: () => ({ appliedAtOpen, known: SQLITE_MIGRATIONS.map((m) => m.tag) }),
    async restore(from) {
      if (restoring !== undefined) throw new ServiceUnavailableError('A store restore is already in progress');
      const job = (async () => {
        const old = current;
        current = undefined;
        board.set({ name: 'store', state: 'unavailable', detail: `restoring ${path} from ${from}`, required: true });
        try {
          await old?.close();
          const result = await restoreSqliteStore({ path, backupDir, from, clock });
          logger.warn(`store restored from backup ${result.restoredFrom.id}; previous database quarantined at ${result.quarantinePath ?? 'n/a'}`);
          return result;
        } finally {
          current = await open();
          await report();
        }
      })();
      restoring = job;
      try {
        return await job;
      } finally {
        restoring = undefined;
      }
    },
    async close() {
      const s = current;
      current = undefined;
      await s?.close();
    },
  };
}
