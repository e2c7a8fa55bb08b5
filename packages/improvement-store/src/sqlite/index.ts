/**
 * `@agent33/improvement-store/sqlite`: the store on drizzle + better-sqlite3 with embedded migrations, online
 * backup and restore, integrity checks and corruption recovery.
 */
export { openSqliteStore } from './store.js';
export type { SqliteStoreOptions } from './options.js';
export { restoreSqliteStore } from './restore.js';
export type { RestoreReport } from './restore.js';
export { APPLICATION_ID } from './files.js';
export { SQLITE_MIGRATIONS } from '../migrator/embedded.js';
export type { EmbeddedMigration, MigrationResult } from '../migrator/types.js';
export * as sqliteSchema from '../schema/sqlite.js';
