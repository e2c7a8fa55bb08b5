import type { BenchRunRecord, BenchRunSummary, BenchTrialRecord } from '@agent33/runtime/ports';
import type { SignalRecord } from '../domain/signals.js';
import type { SummaryAggregate, SummaryRow } from '../domain/summary.js';
import type { ResearchIntake, SignalSeverity, SignalType, StoredLearningSignal } from '../domain/types.js';
import type { StoredRunEvent } from './types.js';

/** Kinds of JSON-document entities, each in its own table. */
export type DocKind = 'lesson' | 'checklist' | 'refresh' | 'snapshot';

/** A document row: its id, filter columns, sort time and JSON body. */
export interface DocRow {
  id: string;
  /** Filter columns by logical name (`phase`, `eventType`, `period`, `scope`). */
  keys: Record<string, string>;
  atUs: number;
  doc: unknown;
  version: number;
}

/** Filters of a signal listing, resolved to µs and a keyset position. */
export interface SignalFilter {
  tenantId: string | null;
  signalType?: SignalType;
  severity?: SignalSeverity;
  sinceUs?: number;
  untilUs?: number;
  limit: number;
  after?: { timeUs: number; seq: number };
}

/** Everything a legacy import writes, in one transaction. */
export interface ImportBatch {
  signals: SignalRecord[];
  intakes: ResearchIntake[];
  snapshots: DocRow[];
  receiptKey: string;
  receiptValue: string;
  mode: 'if-empty' | 'merge';
}

/** Result of {@link Backend.importBatch}. */
export interface ImportOutcome {
  outcome: 'imported' | 'skipped-receipt' | 'skipped-not-empty';
  signalsInserted: number;
  intakesInserted: number;
  snapshotsInserted: number;
}

/**
 * Storage primitives a store is built from. Every method is atomic on its own (SQLite: one IMMEDIATE transaction,
 * Postgres: one transaction), so the domain rules that must hold under concurrency (dedupe merge, exactly-once
 * intake generation, optimistic versions) run inside the backend, with the domain functions passed in.
 */
export interface Backend {
  readonly kind: 'memory' | 'sqlite' | 'postgres';
  ingest(
    records: readonly SignalRecord[],
    windowUs: number,
    merge: (existing: SignalRecord, incoming: SignalRecord) => SignalRecord,
    nowUs: number,
  ) /* record null = duplicate signalId, nothing written */: Promise<{ results: Array<{ record: SignalRecord | null; merged: boolean }> }>;
  getSignal(signalId: string, tenantId: string | null): Promise<StoredLearningSignal | null>;
  listSignals(filter: SignalFilter): Promise<Array<{ signal: StoredLearningSignal; recordedUs: number; seq: number }>>;
  /** Newest-first rows of the window (recorded_at ≥ sinceUs), at most `limit`. */
  summaryRows(tenantId: string | null, sinceUs: number | null, limit: number): Promise<SummaryRow[]>;
  /** Grouped counts of the window [sinceUs, untilUs). */
  aggregate(tenantId: string | null, sinceUs: number | null, untilUs: number | null): Promise<SummaryAggregate>;
  count(tenantId: string | null, sinceUs: number | null, untilUs: number | null): Promise<number>;
  /** Per-value counts and occurrence sums for the current and previous windows. */
  trendCounts(
    dimension: 'signal_type' | 'severity',
    tenantId: string | null,
    previousStartUs: number,
    startUs: number,
  ): Promise<Array<{ value: string; current: number; previous: number; occurrences: number }>>;
  generateIntakes(
    o: { tenantId: string | null; minRank: number; minQuality: number; maxItems: number },
    build: (signal: StoredLearningSignal) => ResearchIntake,
  ): Promise<ResearchIntake[]>;
  insertIntake(intake: ResearchIntake, nowUs: number): Promise<void>;
  getIntake(intakeId: string, tenantId: string | null): Promise<ResearchIntake | null>;
  listIntakes(f: {
    tenantId: string | null;
    status?: string;
    researchType?: string;
    sinceUs?: number;
    limit: number;
    after?: { timeUs: number; seq: number };
  }): Promise<Array<{ intake: ResearchIntake; seq: number; atUs: number }>>;
  /** Read-modify-write of one intake; `update` may throw to abort. Returns null when the intake is missing. */
  updateIntake(intakeId: string, update: (intake: ResearchIntake) => ResearchIntake, nowUs: number): Promise<ResearchIntake | null>;

  insertDoc(kind: DocKind, row: DocRow): Promise<void>;
  getDoc(kind: DocKind, id: string): Promise<unknown>;
  listDocs(kind: DocKind, keys: Record<string, string>, limit: number | null, order: 'asc' | 'desc'): Promise<unknown[]>;
  updateDoc(kind: DocKind, id: string, update: (doc: unknown) => DocRow | null): Promise<unknown>;

  appendRunEvents(events: ReadonlyArray<Omit<StoredRunEvent, 'seq' | 'recordedAt'> & { recordedUs: number }>): Promise<number>;
  listRunEvents(q: { tenantId: string | null; runId?: string; limit: number }): Promise<StoredRunEvent[]>;
  saveCheckpoint(runId: string, state: string, nowUs: number): Promise<void>;
  loadCheckpoint(runId: string): Promise<string | null>;

  benchCreateRun(run: { runId: string; config: string; provenance: string; createdAt: number }): Promise<void>;
  benchAppendTrial(record: BenchTrialRecord): Promise<boolean>;
  benchTrialIds(runId: string): Promise<Set<string>>;
  benchFinishRun(runId: string, status: string, finishedAt: number, aggregates: string | null): Promise<boolean>;
  benchGetRun(runId: string): Promise<BenchRunRecord | undefined>;
  benchListRuns(limit: number): Promise<BenchRunSummary[]>;
  benchSetBaseline(name: string, runId: string, nowUs: number): Promise<boolean>;
  benchGetBaseline(name: string): Promise<string | undefined>;

  /** Deletes signals recorded before `cutoffUs` and beyond `maxSignals`, in chunks; terminal intakes optionally. */
  retention(o: { cutoffUs: number; maxSignals: number | null; intakeCutoffUs: number | null; chunk: number }): Promise<{ signals: number; intakes: number }>;
  importBatch(batch: ImportBatch): Promise<ImportOutcome>;
  /** Every signal, intake and snapshot, oldest first (exports). */
  exportAll(): Promise<{ signals: StoredLearningSignal[]; intakes: ResearchIntake[]; snapshots: unknown[] }>;
  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string): Promise<void>;
  close(): Promise<void>;
}
