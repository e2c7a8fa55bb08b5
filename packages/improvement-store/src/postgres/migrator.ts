import { MigrationChecksumError } from '../errors/migration-checksum-error.js';
import { StoreVersionTooNewError } from '../errors/store-version-too-new-error.js';
import { splitStatements, type EmbeddedMigration, type MigrationResult } from '../migrator/types.js';
import { q } from '../sql/program.js';
import { PACKAGE_VERSION } from '../version.js';
import type { PgExecutor } from './executor.js';

/** Advisory lock key serialising migrations of every instance starting against one database. */
export const MIGRATION_LOCK_KEY = 0x41333349;

const LEDGER = '_improvement_store_migrations';

/**
 * Applies pending migrations on Postgres: each in its own transaction holding `pg_advisory_xact_lock`, re-reading
 * the ledger under the lock, so many instances can start at once. Hashes of applied migrations are verified and
 * unknown applied tags refuse the database as too new.
 */
export async function applyPgMigrations(exec: PgExecutor, migrations: readonly EmbeddedMigration[], nowUs: () => number): Promise<MigrationResult> {
  const shipped = new Map(migrations.map((m) => [m.tag, m]));
  const ledger = await exec.transaction(async (run) => {
    await run(q(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`));
    await run(q(`CREATE TABLE IF NOT EXISTS ${LEDGER} (tag text PRIMARY KEY NOT NULL, sha256 text NOT NULL, applied_at_us bigint NOT NULL, package_version text NOT NULL)`));
    return (await run(q(`SELECT tag, sha256 FROM ${LEDGER}`))) as Array<{ tag: string; sha256: string }>;
  });
  for (const row of ledger) {
    const m = shipped.get(row.tag);
    if (m && m.sha256 !== row.sha256) throw new MigrationChecksumError(`Migration ${row.tag} was applied with sha256 ${row.sha256} but this version ships ${m.sha256}`, row.tag);
  }
  const unknown = ledger.map((r) => r.tag).filter((t) => !shipped.has(t));
  if (unknown.length > 0) throw new StoreVersionTooNewError(`The database was migrated by a newer version of @agent33/improvement-store (unknown migrations: ${unknown.join(', ')})`, unknown);
  const appliedTags = new Set(ledger.map((r) => r.tag));
  const applied: string[] = [];
  for (const m of migrations) {
    if (appliedTags.has(m.tag)) continue;
    const did = await exec.transaction(async (run) => {
      await run(q(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`));
      if ((await run(q(`SELECT 1 AS one FROM ${LEDGER} WHERE tag = ?`, m.tag))).length > 0) return false;
      for (const statement of splitStatements(m.sql)) await run({ text: statement, params: [] });
      await run(q(`INSERT INTO ${LEDGER} (tag, sha256, applied_at_us, package_version) VALUES (?, ?, ?, ?)`, m.tag, m.sha256, nowUs(), PACKAGE_VERSION));
      return true;
    });
    if (did) applied.push(m.tag);
  }
  return { applied, alreadyApplied: ledger.map((r) => r.tag) };
}
