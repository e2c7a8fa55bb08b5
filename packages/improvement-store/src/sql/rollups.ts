import { q, type Program } from './program.js';

/** One hour in microseconds: the rollup bucket. */
export const HOUR_US = 3_600_000_000;

const UPSERT_ROLLUP =
  'INSERT INTO signal_rollup_hourly (tenant_id, hour, signal_type, severity, n, occurrences, quality_sum, high_n) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, hour, signal_type, severity) DO UPDATE SET n = signal_rollup_hourly.n + excluded.n, occurrences = signal_rollup_hourly.occurrences + excluded.occurrences, quality_sum = signal_rollup_hourly.quality_sum + excluded.quality_sum, high_n = signal_rollup_hourly.high_n + excluded.high_n';

/** The rollup-relevant fields of one signal row. */
export interface RollupEntry {
  tenantId: string;
  recordedUs: number;
  signalType: string;
  severity: string;
  occurrenceCount: number;
  qualityScore: number;
  high: boolean;
}

interface Bucket {
  tenantId: string;
  hour: number;
  signalType: string;
  severity: string;
  n: number;
  occurrences: number;
  qualitySum: number;
  highN: number;
}

/**
 * Rollup deltas of one write transaction, summed per hourly bucket and upserted once per bucket when the
 * transaction's rows are written. A 1000-row batch touches far fewer buckets than rows (one tenant, hour, type and
 * severity), so this replaces one upsert per row with one per bucket. Every touched bucket is upserted, even when
 * its deltas cancel out, so the set of rollup rows is the same as with per-row maintenance.
 */
export class RollupDeltas {
  private readonly buckets = new Map<string, Bucket>();

  /** Adds (sign 1) or removes (sign -1) one signal. */
  add(r: RollupEntry, sign: 1 | -1): void {
    const hour = Math.floor(r.recordedUs / HOUR_US);
    // Type and severity are enum values and the hour is an integer, so the key is unambiguous read from the right.
    const key = `${r.tenantId}\u0000${hour}\u0000${r.signalType}\u0000${r.severity}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tenantId: r.tenantId, hour, signalType: r.signalType, severity: r.severity, n: 0, occurrences: 0, qualitySum: 0, highN: 0 };
      this.buckets.set(key, bucket);
    }
    bucket.n += sign;
    bucket.occurrences += sign * r.occurrenceCount;
    bucket.qualitySum += sign * r.qualityScore;
    if (r.high) bucket.highN += sign;
  }

  /** Upserts every touched bucket inside the caller's transaction, then forgets them. */
  *flush(): Program<void> {
    for (const b of this.buckets.values()) yield q(UPSERT_ROLLUP, b.tenantId, b.hour, b.signalType, b.severity, b.n, b.occurrences, b.qualitySum, b.highN);
    this.buckets.clear();
  }
}
