import BetterSqlite3 from 'better-sqlite3';
import type Database from 'better-sqlite3';
import { SEQ_TABLES } from './backup.js';

const RANGE = 256;
const MAX_EMPTY_RANGES = 8;

/**
 * Copies readable rows from a damaged database into the live one: per table, rows whose `seq` is above the
 * backup's high-water mark, in rowid ranges, skipping ranges that fail to read. Rows whose unique keys already
 * exist are ignored. Returns the number of rows copied per table.
 */
export function salvageRows(target: Database.Database, sourcePath: string, highWater: Record<string, number>): Record<string, number> {
  const copied: Record<string, number> = {};
  let source: Database.Database;
  try {
    source = new BetterSqlite3(sourcePath, { readonly: true, fileMustExist: true });
    source.prepare('SELECT COUNT(*) FROM sqlite_master').get();
  } catch {
    // Not readable as a database at all (garbage, damaged page 1): nothing can be salvaged through SQLite.
    return copied;
  }
  try {
    for (const table of SEQ_TABLES) {
      copied[table] = salvageTable(source, target, table, highWater[table] ?? 0);
    }
    for (const table of ['store_meta', 'sb_baselines']) {
      try {
        const rows = source.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
        copied[table] = insertRows(target, table, rows);
      } catch {
        copied[table] = 0;
      }
    }
  } finally {
    source.close();
  }
  rebuildRollups(target);
  return copied;
}

/** Recomputes the hourly rollups from the base rows (after salvage added rows behind the store's back). */
export function rebuildRollups(db: Database.Database): void {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'signal_rollup_hourly'").get();
  if (!exists) return;
  db.transaction(() => {
    db.exec('DELETE FROM signal_rollup_hourly');
    db.exec(
      "INSERT INTO signal_rollup_hourly (tenant_id, hour, signal_type, severity, n, occurrences, quality_sum, high_n) SELECT tenant_id, recorded_at_us / 3600000000, signal_type, severity, COUNT(*), SUM(occurrence_count), SUM(quality_score), SUM(CASE WHEN quality_label = 'high' THEN 1 ELSE 0 END) FROM learning_signals GROUP BY 1, 2, 3, 4",
    );
  }).immediate();
}

function insertRows(target: Database.Database, table: string, rows: Record<string, unknown>[]): number {
  if (rows.length === 0) return 0;
  const columns = Object.keys(rows[0]!);
  const insert = target.prepare(`INSERT OR IGNORE INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  let n = 0;
  target.transaction(() => {
    for (const row of rows) {
      try {
        n += insert.run(...columns.map((c) => row[c] as never)).changes;
      } catch {
        // A row that violates the live schema (damaged JSON, bad enum) is dropped on its own.
      }
    }
  }).immediate();
  return n;
}

function salvageTable(source: Database.Database, target: Database.Database, table: string, from: number): number {
  let maxSeq: number | null = null;
  try {
    maxSeq = (source.prepare(`SELECT MAX(seq) AS m FROM ${table}`).get() as { m: number | null }).m;
  } catch {
    // The table's b-tree may be unreadable at its right edge; walk ranges until they stay empty.
  }
  if (maxSeq !== null && maxSeq <= from) return 0;
  let copied = 0;
  let emptyRanges = 0;
  for (let low = from; maxSeq === null ? emptyRanges < MAX_EMPTY_RANGES : low < maxSeq; low += RANGE) {
    let rows: Record<string, unknown>[] = [];
    try {
      rows = source.prepare(`SELECT * FROM ${table} WHERE seq > ? AND seq <= ? ORDER BY seq`).all(low, low + RANGE) as Record<string, unknown>[];
    } catch {
      // Unreadable range: when its bounds are known, try row by row, then move on.
      if (maxSeq === null) {
        emptyRanges += 1;
        continue;
      }
      for (let seq = low + 1; seq <= low + RANGE; seq += 1) {
        try {
          const row = source.prepare(`SELECT * FROM ${table} WHERE seq = ?`).get(seq) as Record<string, unknown> | undefined;
          if (row) rows.push(row);
        } catch {
          // this row's page is damaged
        }
      }
    }
    emptyRanges = rows.length === 0 ? emptyRanges + 1 : 0;
    try {
      copied += insertRows(target, table, rows);
    } catch {
      // A row that violates the live schema (e.g. damaged JSON) is dropped with its range.
    }
  }
  return copied;
}
