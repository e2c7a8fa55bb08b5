import type {
  ChecklistEvaluation,
  ImprovementChecklist,
  ImprovementMetric,
  LessonLearned,
  MetricsSnapshot,
  NewLesson,
  NewRoadmapRefresh,
  RoadmapRefresh,
} from '../domain/entities.js';
import type {
  AutoIntakeOptions,
  ChecklistPeriod,
  IngestOptions,
  IngestResult,
  IntakeDecision,
  IntakeStatus,
  Iso8601,
  LearningSummary,
  LessonEventType,
  MetricTrend,
  NewLearningSignal,
  NewResearchIntake,
  Page,
  RefreshScope,
  ResearchIntake,
  SignalQuery,
  StoredLearningSignal,
  SummaryQuery,
  TenantScope,
  TrendReport,
} from '../domain/types.js';
import type { BenchRepository } from './bench-types.js';

/** Retention policy of `applyRetention()`. */
export interface StoreRetentionPolicy {
  /** Signals recorded longer ago than this are deleted. Default 180. */
  maxAgeDays: number;
  /** Keep at most this many signals (oldest go first); null = no cap. */
  maxSignals: number | null;
  /** Terminal intakes (rejected, tracked) older than this are deleted; null = keep. Generated intakes stay linked. */
  terminalIntakeMaxAgeDays: number | null;
}

/** What `applyRetention()` deleted. */
export interface RetentionResult {
  signalsDeleted: number;
  intakesDeleted: number;
  cutoff: Iso8601;
}

/** A legacy source to import (never modified). */
export type LegacySource = { kind: 'json-file'; path: string } | { kind: 'backup-file'; path: string } | { kind: 'legacy-sqlite'; path: string };

/** Outcome of `importLegacy()`. */
export interface ImportReport {
  source: LegacySource;
  sourceSha256: string;
  format: 'state' | 'envelope-v1' | 'legacy-sqlite';
  /** `imported`; `skipped-receipt` when this exact source was imported before; `skipped-not-empty` for if-empty. */
  outcome: 'imported' | 'skipped-receipt' | 'skipped-not-empty';
  signals: { read: number; inserted: number; existing: number };
  intakes: { read: number; inserted: number; existing: number };
  metricsSnapshots: { read: number; inserted: number; existing: number };
  mapMismatches: string[];
  invalid: { path: string; reason: string }[];
}

/** A file written by `exportJson()` / `exportLegacy()`. */
export interface ExportManifest {
  path: string;
  format: 'agent33-jsonl-v1' | 'legacy-state';
  sha256: string;
  bytes: number;
  counts: Record<string, number>;
  createdAt: Iso8601;
}

/** Store health. */
export interface StoreHealth {
  status: 'ok' | 'degraded' | 'corrupt' | 'recovering' | 'closed';
  kind: 'memory' | 'sqlite' | 'postgres';
  reason?: string;
  dbBytes?: number;
  walBytes?: number;
  lastBackupAt?: Iso8601 | null;
  lastVerifyAt?: Iso8601 | null;
}

/** Emitted when corruption is detected (at open, at runtime, or by `verify()`). */
export interface CorruptionEvent {
  path: string;
  reason: string;
  sqliteCode?: string;
  checkOutput?: string[];
  policy: 'restore' | 'raise' | 'reset';
  quarantinePath?: string;
}

/** Emitted after a corrupt database was replaced. */
export interface RecoveryEvent {
  path: string;
  action: 'restored' | 'reset';
  backup: string | null;
  salvagedRows: number;
  /** Between the backup's creation and the detection, rows that could not be salvaged may be lost. */
  lossWindow: { from: Iso8601 | null; to: Iso8601 };
  quarantinePath: string;
}

/** Manifest of one backup file. */
export interface BackupManifest {
  format: 1;
  id: string;
  file: string;
  storeId: string;
  migrationTag: string | null;
  kind: 'scheduled' | 'manual' | 'vacuum' | 'pre-migrate' | 'pre-import';
  label?: string;
  createdAt: Iso8601;
  sqliteVersion: string;
  bytes: number;
  sha256: string;
  counts: Record<string, number>;
  maxSeq: Record<string, number>;
}

/** Result of `verify()`. */
export interface IntegrityReport {
  mode: 'quick' | 'full';
  ok: boolean;
  output: string[];
  checkedAt: Iso8601;
}

/** Events a store emits. */
export interface StoreEvents {
  corruption: CorruptionEvent;
  recovered: RecoveryEvent;
  backup: BackupManifest;
  migration: { applied: string[] };
  retention: RetentionResult;
  /** A background failure nobody awaited (group commit, timers); the error is also surfaced to the awaiting caller. */
  error: { operation: string; error: unknown };
}

/** Lessons learned. */
export interface LessonRepository {
  record(input: NewLesson): Promise<LessonLearned>;
  get(lessonId: string): Promise<LessonLearned | null>;
  list(q?: { phase?: string; eventType?: LessonEventType; limit?: number }): Promise<LessonLearned[]>;
  completeAction(lessonId: string, actionIndex: number): Promise<LessonLearned>;
  verify(lessonId: string, evidence: string): Promise<LessonLearned>;
}

/** Improvement checklists. */
export interface ChecklistRepository {
  create(period: ChecklistPeriod, reference?: string): Promise<ImprovementChecklist>;
  get(checklistId: string): Promise<ImprovementChecklist | null>;
  list(q?: { period?: ChecklistPeriod; limit?: number }): Promise<ImprovementChecklist[]>;
  /** Null when the checklist has no item `checkId` (reference parity); unknown checklist → not-found error. */
  completeItem(checklistId: string, checkId: string, notes?: string): Promise<ImprovementChecklist | null>;
  evaluate(checklistId: string): Promise<ChecklistEvaluation>;
}

/** Roadmap refreshes. */
export interface RefreshRepository {
  record(input: NewRoadmapRefresh): Promise<RoadmapRefresh>;
  get(refreshId: string): Promise<RoadmapRefresh | null>;
  list(q?: { scope?: RefreshScope; limit?: number }): Promise<RoadmapRefresh[]>;
  complete(refreshId: string, result: { outcome?: string; changesMade?: string[] }): Promise<RoadmapRefresh>;
}

/** Metrics snapshots. `history(0)` returns no snapshots (the reference returned all); `history(null)` returns all. */
export interface MetricsRepository {
  capture(period: string, metrics: readonly Partial<ImprovementMetric>[]): Promise<MetricsSnapshot>;
  captureDefault(period: string): Promise<MetricsSnapshot>;
  latest(): Promise<MetricsSnapshot | null>;
  history(limit?: number | null): Promise<MetricsSnapshot[]>;
  trend(metricId: string, periods?: number): Promise<{ metricId: string; trend: MetricTrend; values: number[] }>;
}

/** One event of an agent run, as persisted by the learning sink. */
export interface StoredRunEvent {
  seq: number;
  runId: string;
  type: string;
  tenantId: string;
  content: string;
  payload: unknown;
  recordedAt: Iso8601;
}

/** Run events and checkpoints (backing the runtime's LearningSink, MemoryRecall and RunCheckpointer ports). */
export interface RunRepository {
  appendEvents(events: readonly { runId: string; type: string; tenantId?: string; content: string; payload: unknown }[]): Promise<number>;
  listEvents(q: { scope: TenantScope; runId?: string; limit?: number }): Promise<StoredRunEvent[]>;
  saveCheckpoint(runId: string, state: unknown): Promise<void>;
  loadCheckpoint(runId: string): Promise<unknown>;
}

/** The store contract shared by the memory, SQLite and Postgres stores. */
export interface ImprovementStore {
  readonly kind: 'memory' | 'sqlite' | 'postgres';
  record(signal: NewLearningSignal, opts?: IngestOptions): Promise<StoredLearningSignal>;
  ingest(signals: readonly NewLearningSignal[], opts?: IngestOptions): Promise<IngestResult>;
  getSignal(signalId: string, scope: TenantScope): Promise<StoredLearningSignal | null>;
  listSignals(q: SignalQuery): Promise<Page<StoredLearningSignal>>;
  summarize(q: SummaryQuery): Promise<LearningSummary>;
  trends(q: { scope: TenantScope; windowDays: number; dimension: 'signal_type' | 'severity' }): Promise<TrendReport>;
  generateIntakes(opts: AutoIntakeOptions): Promise<ResearchIntake[]>;

  submitIntake(input: NewResearchIntake): Promise<ResearchIntake>;
  getIntake(intakeId: string, scope: TenantScope): Promise<ResearchIntake | null>;
  listIntakes(q: { scope: TenantScope; status?: IntakeStatus; researchType?: string; since?: Iso8601; limit?: number; cursor?: string }): Promise<Page<ResearchIntake>>;
  transitionIntake(intakeId: string, to: IntakeStatus, decision?: IntakeDecision): Promise<ResearchIntake>;

  readonly lessons: LessonRepository;
  readonly checklists: ChecklistRepository;
  readonly refreshes: RefreshRepository;
  readonly metrics: MetricsRepository;
  readonly runs: RunRepository;
  readonly bench: BenchRepository;

  applyRetention(policy?: Partial<StoreRetentionPolicy>): Promise<RetentionResult>;
  importLegacy(source: LegacySource, opts?: { mode?: 'if-empty' | 'merge'; strict?: boolean; backupFirst?: boolean }): Promise<ImportReport>;
  exportJson(destPath: string): Promise<ExportManifest>;
  exportLegacy(destPath: string): Promise<ExportManifest>;
  health(): Promise<StoreHealth>;
  on<E extends keyof StoreEvents>(event: E, listener: (e: StoreEvents[E]) => void): () => void;
  close(): Promise<void>;
}

/** The SQLite store adds file-level operations. */
export interface SqliteImprovementStore extends ImprovementStore {
  readonly kind: 'sqlite';
  readonly path: string;
  backup(opts?: { kind?: 'scheduled' | 'manual' | 'vacuum'; label?: string }): Promise<BackupManifest>;
  listBackups(): Promise<BackupManifest[]>;
  verify(opts?: { mode?: 'quick' | 'full' }): Promise<IntegrityReport>;
}
