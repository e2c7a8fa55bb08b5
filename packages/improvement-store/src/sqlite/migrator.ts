import type Database from 'better-sqlite3';
import { MigrationChecksumError } from '../errors/migration-checksum-error.js';
import { StoreVersionTooNewError } from '../errors/store-version-too-new-error.js';
import { splitStatements, type EmbeddedMigration, type MigrationResult } from '../migrator/types.js';
import { PACKAGE_VERSION } from '../version.js';

/** Ledger table of applied migrations (tag, sha-256, time, package version). */
export const LEDGER_TABLE = '_improvement_store_migrations';

/** State of the ledger against the shipped migrations. */
export interface MigrationPlan {
  applied: string[];
  pending: EmbeddedMigration[];
  unknown: string[];
}

function ensureLedger(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS ${LEDGER_TABLE} (tag TEXT PRIMARY KEY NOT NULL, sha256 TEXT NOT NULL, applied_at_us INTEGER NOT NULL, package_version TEXT NOT NULL)`);
}

/**
 * Compares the ledger with the shipped migrations: a changed hash is a {@link MigrationChecksumError}, a tag this
 * version does not know means a newer package migrated the file. Pending = every shipped tag missing from the
 * ledger, whatever its timestamp (no high-water mark, so an older migration added later is still applied).
 */
export function planSqliteMigrations(db: Database.Database, migrations: readonly EmbeddedMigration[]): MigrationPlan {
  const hasLedger = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(LEDGER_TABLE) !== undefined;
  const rows = hasLedger ? (db.prepare(`SELECT tag, sha256 FROM ${LEDGER_TABLE}`).all() as Array<{ tag: string; sha256: string }>) : [];
  const shipped = new Map(migrations.map((m) => [m.tag, m]));
  for (const row of rows) {
    const m = shipped.get(row.tag);
    if (m && m.sha256 !== row.sha256) {
      throw new MigrationChecksumError(`Migration ${row.tag} was applied with sha256 ${row.sha256} but this version ships ${m.sha256}`, row.tag);
    }
  }
  const appliedTags = new Set(rows.map((r) => r.tag));
  return {
    applied: rows.map((r) => r.tag),
    pending: migrations.filter((m) => !appliedTags.has(m.tag)),
    unknown: rows.map((r) => r.tag).filter((t) => !shipped.has(t)),
  };
}

/** Throws when the database was migrated by a newer package version. */
export function assertNotTooNew(plan: MigrationPlan): void {
  if (plan.unknown.length > 0) {
    throw new StoreVersionTooNewError(`The database was migrated by a newer version of @agent33/improvement-store (unknown migrations: ${plan.unknown.join(', ')}); open it read-only or upgrade`, plan.unknown);
  }
}

/**
 * Applies pending migrations, each in its own IMMEDIATE transaction that re-checks the ledger first (two processes
 * opening a new file at once apply each migration exactly once). `user_version` tracks the applied count.
 */
export function applySqliteMigrations(db: Database.Database, migrations: readonly EmbeddedMigration[], nowUs: () => number): MigrationResult {
  ensureLedger(db);
  const plan = planSqliteMigrations(db, migrations);
  assertNotTooNew(plan);
  const applied: string[] = [];
  for (const m of plan.pending) {
    const apply = db.transaction(() => {
      if (db.prepare(`SELECT 1 FROM ${LEDGER_TABLE} WHERE tag = ?`).get(m.tag) !== undefined) return false;
      for (const statement of splitStatements(m.sql)) db.exec(statement);
      db.prepare(`INSERT INTO ${LEDGER_TABLE} (tag, sha256, applied_at_us, package_version) VALUES (?, ?, ?, ?)`).run(m.tag, m.sha256, nowUs(), PACKAGE_VERSION);
      const count = (db.prepare(`SELECT COUNT(*) AS n FROM ${LEDGER_TABLE}`).get() as { n: number }).n;
      db.pragma(`user_version = ${count}`);
      return true;
    });
    if (apply.immediate()) applied.push(m.tag);
  }
  return { applied, alreadyApplied: plan.applied };
}
