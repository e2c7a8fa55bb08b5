import { roundHalfEven } from './python-text.js';
import { microsToIso } from './time.js';
import type { LearningSummary, QualityLabel, SignalSeverity, SignalType } from './types.js';

/** Counts a summary is built from; SQL stores compute it with GROUP BY, the memory store by folding rows. */
export interface SummaryAggregate {
  total: number;
  byType: Partial<Record<SignalType, number>>;
  bySeverity: Partial<Record<SignalSeverity, number>>;
  byTenant: Record<string, number>;
  latestUs: number | null;
  qualitySum: number;
  highCount: number;
}

/** The columns of a signal a summary needs. */
export interface SummaryRow {
  signalType: SignalType;
  severity: SignalSeverity;
  tenantId: string;
  qualityScore: number;
  qualityLabel: QualityLabel;
  recordedUs: number;
}

/** An empty aggregate. */
export function emptyAggregate(): SummaryAggregate {
  return { total: 0, byType: {}, bySeverity: {}, byTenant: {}, latestUs: null, qualitySum: 0, highCount: 0 };
}

/** Adds `n` signals of one (type, severity, tenant) group to an aggregate. */
export function addToAggregate(
  agg: SummaryAggregate,
  group: { signalType: SignalType; severity: SignalSeverity; tenantId: string; n: number; qualitySum: number; highCount: number; latestUs: number | null },
): void {
  agg.total += group.n;
  agg.byType[group.signalType] = (agg.byType[group.signalType] ?? 0) + group.n;
  agg.bySeverity[group.severity] = (agg.bySeverity[group.severity] ?? 0) + group.n;
  agg.byTenant[group.tenantId] = (agg.byTenant[group.tenantId] ?? 0) + group.n;
  agg.qualitySum += group.qualitySum;
  agg.highCount += group.highCount;
  if (group.latestUs !== null && (agg.latestUs === null || group.latestUs > agg.latestUs)) agg.latestUs = group.latestUs;
}

/** Folds rows (newest first, as the reference sums them) into an aggregate. */
export function aggregateRows(rows: readonly SummaryRow[]): SummaryAggregate {
  const agg = emptyAggregate();
  for (const row of rows) {
    addToAggregate(agg, {
      signalType: row.signalType,
      severity: row.severity,
      tenantId: row.tenantId,
      n: 1,
      qualitySum: row.qualityScore,
      highCount: row.qualityLabel === 'high' ? 1 : 0,
      latestUs: row.recordedUs,
    });
  }
  return agg;
}

/** Window bounds of a summary: current = [now − days, ∞), previous = [now − 2·days, now − days). */
export function summaryWindow(windowDays: number | null | undefined, nowUs: number): { startUs: number; previousStartUs: number } | null {
  if (windowDays === null || windowDays === undefined || windowDays <= 0) return null;
  const span = Math.round(windowDays * 86_400_000_000);
  return { startUs: nowUs - span, previousStartUs: nowUs - 2 * span };
}

/** Builds the summary document from the counts and the (uncapped) window totals. */
export function finishSummary(
  agg: SummaryAggregate,
  o: { tenantId: string | null; windowDays: number | null; nowUs: number; currentTotal: number | null; previousTotal: number | null },
): LearningSummary {
  const window = summaryWindow(o.windowDays, o.nowUs);
  const delta = window && o.currentTotal !== null && o.previousTotal !== null ? o.currentTotal - o.previousTotal : null;
  return {
    totalSignals: agg.total,
    countsByType: agg.byType,
    countsBySeverity: agg.bySeverity,
    countsByTenant: agg.byTenant,
    latestRecordedAt: agg.latestUs === null ? null : microsToIso(agg.latestUs),
    averageQualityScore: agg.total === 0 ? 0 : roundHalfEven(agg.qualitySum / agg.total, 3),
    highQualitySignals: agg.highCount,
    tenantId: o.tenantId,
    windowDays: o.windowDays,
    windowStartAt: window ? microsToIso(window.startUs) : null,
    previousWindowTotal: window ? o.previousTotal : null,
    trendDelta: delta,
    trendDirection: delta === null || delta === 0 ? 'stable' : delta > 0 ? 'up' : 'down',
    generatedAt: microsToIso(o.nowUs),
  };
}
