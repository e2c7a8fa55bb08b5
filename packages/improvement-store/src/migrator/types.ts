/** One migration as shipped in the bundle. */
export interface EmbeddedMigration {
  /** Journal tag, e.g. `0000_init`; the ledger key. */
  tag: string;
  /** Journal timestamp (ms), informative only: ordering comes from the list, pending-ness from the ledger. */
  when: number;
  /** sha-256 hex of `sql`, compared with the ledger on every open. */
  sha256: string;
  /** Statements separated by drizzle-kit's `--> statement-breakpoint` marker. */
  sql: string;
}

/** What a migrator run did. */
export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

/** Splits a drizzle-kit migration into statements. */
export function splitStatements(sql: string): string[] {
  return sql
    .split('--> statement-breakpoint')
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}
