import type Database from 'better-sqlite3';

/** Rollup rows and the same aggregates recomputed from the base rows, both sorted, for equality checks. */
export function rollupsVsBase(db: Database.Database): { rollups: unknown[]; recomputed: unknown[] } {
  const rollups = db
    .prepare('SELECT tenant_id, hour, signal_type, severity, n, occurrences, ROUND(quality_sum, 6) AS q, high_n FROM signal_rollup_hourly WHERE n != 0 ORDER BY 1, 2, 3, 4')
    .all();
  const recomputed = db
    .prepare(
      "SELECT tenant_id, recorded_at_us / 3600000000 AS hour, signal_type, severity, COUNT(*) AS n, SUM(occurrence_count) AS occurrences, ROUND(SUM(quality_score), 6) AS q, SUM(CASE WHEN quality_label = 'high' THEN 1 ELSE 0 END) AS high_n FROM learning_signals GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
    )
    .all();
  return { rollups, recomputed };
}
