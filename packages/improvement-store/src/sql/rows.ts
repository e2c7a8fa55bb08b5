import type { BenchTrialRecord } from '@agent33/runtime/ports';
import type { SignalRecord } from '../domain/signals.js';
import { microsToIso } from '../domain/time.js';
import type { QualityLabel, SignalSeverity, SignalType, StoredLearningSignal } from '../domain/types.js';
import type { DocKind } from '../store/backend.js';
import { num, type SqlValue } from './program.js';

/** Columns of `learning_signals` in the order of {@link signalParams}. */
export const SIGNAL_COLUMNS =
  'signal_id, tenant_id, recorded_at_us, ingested_at_us, signal_type, severity, severity_rank, summary, details, source, context, quality_score, quality_label, quality_reasons, enrichment, fingerprint, occurrence_count, first_seen_at_us, last_seen_at_us, intake_generated, related_intake_id';

/** Columns selected to rebuild a signal record. */
export const SIGNAL_SELECT = `seq, ${SIGNAL_COLUMNS}`;

/** Insert parameters of a signal record, in {@link SIGNAL_COLUMNS} order. */
export function signalParams(r: SignalRecord, ingestedUs: number): SqlValue[] {
  const s = r.signal;
  return [
    s.signalId,
    s.tenantId,
    r.recordedUs,
    ingestedUs,
    s.signalType,
    s.severity,
    r.severityRank,
    s.summary,
    s.details,
    s.source,
    JSON.stringify(s.context),
    s.qualityScore,
    s.qualityLabel,
    JSON.stringify(s.qualityReasons),
    JSON.stringify(s.enrichment),
    r.fingerprint,
    s.occurrenceCount,
    r.firstSeenUs,
    r.lastSeenUs,
    s.intakeGenerated ? 1 : 0,
    s.relatedIntakeId,
  ];
}

/** Rebuilds a signal record (and its seq) from a selected row. */
export function signalFromRow(row: Record<string, unknown>): SignalRecord & { seq: number } {
  const recordedUs = num(row.recorded_at_us);
  const firstSeenUs = num(row.first_seen_at_us);
  const lastSeenUs = num(row.last_seen_at_us);
  const signal: StoredLearningSignal = {
    signalId: row.signal_id as string,
    recordedAt: microsToIso(recordedUs),
    signalType: row.signal_type as SignalType,
    severity: row.severity as SignalSeverity,
    tenantId: row.tenant_id as string,
    summary: row.summary as string,
    details: row.details as string,
    source: row.source as string,
    context: JSON.parse(row.context as string) as Record<string, string>,
    qualityScore: num(row.quality_score),
    qualityLabel: row.quality_label as QualityLabel,
    qualityReasons: JSON.parse(row.quality_reasons as string) as string[],
    enrichment: JSON.parse(row.enrichment as string) as Record<string, string>,
    occurrenceCount: num(row.occurrence_count),
    firstSeenAt: microsToIso(firstSeenUs),
    lastSeenAt: microsToIso(lastSeenUs),
    intakeGenerated: num(row.intake_generated) === 1,
    relatedIntakeId: (row.related_intake_id as string | null) ?? null,
  };
  return { seq: num(row.seq), signal, recordedUs, firstSeenUs, lastSeenUs, severityRank: num(row.severity_rank), fingerprint: row.fingerprint as string };
}

/** Table layout of a document kind. */
export interface DocTable {
  table: string;
  idColumn: string;
  keyColumns: Record<string, string>;
  atColumn: string;
}

/** Where each document kind lives. */
export const DOC_TABLES: Record<DocKind, DocTable> = {
  lesson: { table: 'lessons', idColumn: 'lesson_id', keyColumns: { phase: 'phase', eventType: 'event_type' }, atColumn: 'recorded_at_us' },
  checklist: { table: 'checklists', idColumn: 'checklist_id', keyColumns: { period: 'period' }, atColumn: 'created_at_us' },
  refresh: { table: 'roadmap_refreshes', idColumn: 'refresh_id', keyColumns: { scope: 'scope' }, atColumn: 'scheduled_at_us' },
  snapshot: { table: 'metrics_snapshots', idColumn: 'snapshot_id', keyColumns: { period: 'period' }, atColumn: 'captured_at_us' },
};

/** Rebuilds a benchmark trial from its stored JSON. */
export function trialFromRow(row: Record<string, unknown>): BenchTrialRecord {
  return JSON.parse(row.record as string) as BenchTrialRecord;
}
