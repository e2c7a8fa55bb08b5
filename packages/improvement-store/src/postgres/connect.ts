import { StoreConfigError } from '../errors/store-config-error.js';
import type { ImprovementStore } from '../store/types.js';
import { openPostgresStore, type PostgresStoreOptions } from './store.js';

/** A store opened together with the connection it owns; `close()` closes both. */
export interface OwnedPostgresStore {
  store: ImprovementStore;
  close(): Promise<void>;
}

/**
 * Opens the store on an in-process PGlite database (Postgres compiled to WASM; no server). `dataDir` undefined
 * keeps it in memory. Needs the optional peer `@electric-sql/pglite`.
 */
export async function openPgliteStore(o: Omit<PostgresStoreOptions, 'db'> & { dataDir?: string } = {}): Promise<OwnedPostgresStore> {
  if (o.dataDir !== undefined && (typeof o.dataDir !== 'string' || o.dataDir.length === 0)) throw new StoreConfigError('dataDir', 'must be a non-empty string');
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const client = o.dataDir === undefined ? new PGlite() : new PGlite(o.dataDir);
  const { dataDir: _dataDir, ...rest } = o;
  try {
    const store = await openPostgresStore({ ...rest, db: drizzle(client) });
    return {
      store,
      close: async () => {
        await store.close();
        await client.close();
      },
    };
  } catch (error) {
    await client.close();
    throw error;
  }
}

/**
 * Opens the store on a PostgreSQL server through a node-postgres pool created from `connectionString`. Needs the
 * optional peer `pg`.
 */
export async function openNodePostgresStore(o: Omit<PostgresStoreOptions, 'db'> & { connectionString: string; maxConnections?: number }): Promise<OwnedPostgresStore> {
  if (typeof o?.connectionString !== 'string' || o.connectionString.length === 0) throw new StoreConfigError('connectionString', 'must be a non-empty string');
  const pg = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const Pool = (pg.default ?? pg).Pool;
  const pool = new Pool({ connectionString: o.connectionString, max: o.maxConnections ?? 10 });
  const { connectionString: _cs, maxConnections: _max, ...rest } = o;
  try {
    const store = await openPostgresStore({ ...rest, db: drizzle(pool) });
    return {
      store,
      close: async () => {
        await store.close();
        await pool.end();
      },
    };
  } catch (error) {
    await pool.end();
    throw error;
  }
}
