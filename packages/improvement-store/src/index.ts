/**
 * `@agent33/improvement-store`: the domain (types, scoring, intake state machine, checklists, metrics), the store
 * contract with an in-memory implementation, legacy-format parsers, the runtime port adapters and every error.
 * No native dependency: the SQLite store is `@agent33/improvement-store/sqlite`, Postgres is `/postgres`.
 */
export type {
  AutoIntakeOptions,
  ChecklistPeriod,
  IngestOptions,
  IngestResult,
  IntakeAnalysis,
  IntakeClassification,
  IntakeContent,
  IntakeDecision,
  IntakeDisposition,
  IntakeRelevance,
  IntakeStatus,
  IntakeTracking,
  IntakeUrgency,
  Iso8601,
  LearningSummary,
  LessonActionStatus,
  LessonEventType,
  MetricTrend,
  NewLearningSignal,
  NewResearchIntake,
  Page,
  QualityLabel,
  RefreshScope,
  ResearchIntake,
  ResearchType,
  SignalQuery,
  SignalSeverity,
  SignalType,
  StoredLearningSignal,
  SummaryQuery,
  TenantScope,
  TrendReport,
} from './domain/types.js';
export type {
  ChecklistEvaluation,
  ChecklistItem,
  ImprovementChecklist,
  ImprovementMetric,
  LessonAction,
  LessonLearned,
  MetricsSnapshot,
  NewLesson,
  NewRoadmapRefresh,
  RoadmapRefresh,
} from './domain/entities.js';
export {
  CHECKLIST_PERIODS,
  INTAKE_STATUSES,
  INTAKE_URGENCIES,
  LESSON_ACTION_STATUSES,
  LESSON_EVENT_TYPES,
  METRIC_TRENDS,
  QUALITY_LABELS,
  REFRESH_SCOPES,
  RESEARCH_TYPES,
  SIGNAL_SEVERITIES,
  SIGNAL_TYPES,
  severityRank,
} from './domain/enums.js';
export { scoreSignal, DEFAULT_SCORING } from './domain/scoring.js';
export type { QualityScoringConfig, SignalScore } from './domain/scoring.js';
export { codePointLength, pythonStrip, roundHalfEven } from './domain/python-text.js';
export { nextIntakeStatuses, intakePriority } from './domain/intake.js';
export { computeMetricTrend, DEFAULT_METRICS } from './domain/metrics.js';
export { CHECKLIST_TEMPLATES, evaluateChecklist } from './domain/checklists.js';
export { signalFingerprint } from './domain/signals.js';
export { encodeUlid, ulidIds, sequentialIds } from './domain/ids.js';
export type { StoreIdGenerator } from './domain/ids.js';
export { microsToIso, isoToMicros } from './domain/time.js';

export type {
  BackupManifest,
  ChecklistRepository,
  CorruptionEvent,
  ExportManifest,
  ImportReport,
  ImprovementStore,
  IntegrityReport,
  LegacySource,
  LessonRepository,
  MetricsRepository,
  RecoveryEvent,
  RefreshRepository,
  RetentionResult,
  RunRepository,
  SqliteImprovementStore,
  StoreEvents,
  StoreHealth,
  StoreRetentionPolicy,
  StoredRunEvent,
} from './store/types.js';
export type { BenchRepository } from './store/bench-types.js';
export type { BaseStoreOptions } from './store/base-store.js';
export type { GroupCommitOptions } from './store/group-commit.js';
export { createMemoryStore } from './store/memory-store.js';

export { parseLegacyState } from './legacy/parse.js';
export type { LegacyState, LegacyStateDocument } from './legacy/parse.js';
export { pythonCompactSorted, parseLossless } from './legacy/lossless-json.js';
export type { JsonNode } from './legacy/lossless-json.js';

export { StoreError } from './errors/store-error.js';
export { StoreCorruptError } from './errors/store-corrupt-error.js';
export { StoreVersionTooNewError } from './errors/store-version-too-new-error.js';
export { MigrationChecksumError } from './errors/migration-checksum-error.js';
export { IllegalTransitionError } from './errors/illegal-transition-error.js';
export { StoreUnavailableError } from './errors/store-unavailable-error.js';
export { StoreConfigError } from './errors/store-config-error.js';
export { StoreValidationError } from './errors/store-validation-error.js';
export { StoreNotFoundError } from './errors/store-not-found-error.js';
export { StoreConflictError } from './errors/store-conflict-error.js';
export { LegacyFormatError } from './errors/legacy-format-error.js';

export { learningSink, defaultSignalMapper } from './ports/learning-sink.js';
export type { LearningSinkOptions, StoreLearningSink } from './ports/learning-sink.js';
export { memoryRecall } from './ports/memory-recall.js';
export type { MemoryRecallOptions } from './ports/memory-recall.js';
export { runCheckpointer } from './ports/run-checkpointer.js';
export { benchResultStore } from './ports/bench-result-store.js';
export type { BenchResultStoreOptions } from './ports/bench-result-store.js';
