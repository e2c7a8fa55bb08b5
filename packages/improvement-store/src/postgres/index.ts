/**
 * `@agent33/improvement-store/postgres`: the store contract on Postgres through drizzle pg-core, driver-agnostic
 * (node-postgres pool or PGlite), with advisory-locked embedded migrations.
 */
export { openPostgresStore } from './store.js';
export type { PostgresStoreOptions } from './store.js';
export type { AnyPgDatabase } from './executor.js';
export { PG_MIGRATIONS } from '../migrator/embedded.js';
export { MIGRATION_LOCK_KEY } from './migrator.js';
export * as pgSchema from '../schema/pg.js';
export { openPgliteStore, openNodePostgresStore } from './connect.js';
export type { OwnedPostgresStore } from './connect.js';
