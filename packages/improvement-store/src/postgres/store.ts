import { systemClock } from '@agent33/observability';
import { msToMicros } from '../domain/time.js';
import { StoreConfigError } from '../errors/store-config-error.js';
import { PG_MIGRATIONS } from '../migrator/embedded.js';
import type { EmbeddedMigration } from '../migrator/types.js';
import { SqlBackend } from '../sql/sql-backend.js';
import { BaseStore, type BaseStoreOptions } from '../store/base-store.js';
import type { ImprovementStore } from '../store/types.js';
import { PgExecutor, type AnyPgDatabase } from './executor.js';
import { applyPgMigrations } from './migrator.js';

/** Options of {@link openPostgresStore}. */
export interface PostgresStoreOptions extends BaseStoreOptions {
  /** `drizzle(pool)` from `drizzle-orm/node-postgres`, or `drizzle(pglite)` from `drizzle-orm/pglite`. */
  db: AnyPgDatabase;
  /** Migrations to apply instead of the shipped ones (tooling and tests). */
  migrations?: readonly EmbeddedMigration[];
}

class PostgresStore extends BaseStore {
  readonly kind = 'postgres' as const;

  constructor(executor: PgExecutor, options: BaseStoreOptions) {
    super(new SqlBackend('postgres', executor), options);
  }
}

/**
 * Opens the store on any drizzle Postgres database and applies pending migrations under an advisory lock. The host
 * owns the connection (pool or PGlite) and closes it after `store.close()`. Backups are the operator's `pg_dump`
 * plus `exportJson()`.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<ImprovementStore> {
  if (typeof options !== 'object' || options === null) throw new StoreConfigError('options', 'must be an object');
  const db = options.db as unknown as { execute?: unknown; transaction?: unknown } | undefined;
  if (!db || typeof db.execute !== 'function' || typeof db.transaction !== 'function') throw new StoreConfigError('db', 'must be a drizzle Postgres database');
  const executor = new PgExecutor(options.db);
  const clock = options.clock ?? systemClock;
  await applyPgMigrations(executor, options.migrations ?? PG_MIGRATIONS, () => msToMicros(clock.now()));
  return new PostgresStore(executor, options);
}
