/** Kinds of learning signal (reference enum `LearningSignalType`). */
export type SignalType = 'bug' | 'incident' | 'feedback' | 'performance' | 'security' | 'process';
/** Severity of a learning signal, ranked 1..4 (prefixed: observability's `Severity` is the alert severity). */
export type SignalSeverity = 'low' | 'medium' | 'high' | 'critical';
/** Quality label derived from the quality score. */
export type QualityLabel = 'low' | 'medium' | 'high';
/** Research intake lifecycle status. */
export type IntakeStatus = 'submitted' | 'triaged' | 'analyzing' | 'accepted' | 'deferred' | 'rejected' | 'tracked';
/** Research intake type. */
export type ResearchType = 'external' | 'internal' | 'competitive' | 'user' | 'technical';
/** Research intake urgency. */
export type IntakeUrgency = 'high' | 'medium' | 'low';
/** Lesson event type. */
export type LessonEventType = 'success' | 'failure' | 'observation';
/** Lesson action status. */
export type LessonActionStatus = 'pending' | 'in_progress' | 'completed' | 'wont_fix';
/** Checklist cadence. */
export type ChecklistPeriod = 'per_release' | 'monthly' | 'quarterly';
/** Roadmap refresh scope. */
export type RefreshScope = 'micro' | 'minor' | 'major' | 'ad_hoc';
/** Direction of a metric over time. */
export type MetricTrend = 'improving' | 'stable' | 'declining';
/** Which tenants a call may see: one tenant, or all of them (never "all" by omission). */
export type TenantScope = { tenantId: string } | { allTenants: true };
/** An ISO-8601 UTC timestamp with microsecond precision, e.g. `2026-01-02T03:04:05.123456Z`. */
export type Iso8601 = string;

/** A stored learning signal (prefixed: the runtime's `LearningSignal` is the port's event union). */
export interface StoredLearningSignal {
  signalId: string;
  recordedAt: Iso8601;
  signalType: SignalType;
  severity: SignalSeverity;
  tenantId: string;
  summary: string;
  details: string;
  source: string;
  context: Record<string, string>;
  qualityScore: number;
  qualityLabel: QualityLabel;
  qualityReasons: string[];
  enrichment: Record<string, string>;
  occurrenceCount: number;
  firstSeenAt: Iso8601;
  lastSeenAt: Iso8601;
  intakeGenerated: boolean;
  relatedIntakeId: string | null;
}

/** Input of `record()` / `ingest()`; `signalType` defaults to `feedback`, `severity` to `medium`. */
export type NewLearningSignal = Pick<StoredLearningSignal, 'summary'> &
  Partial<Pick<StoredLearningSignal, 'signalType' | 'severity' | 'signalId' | 'recordedAt' | 'tenantId' | 'details' | 'source' | 'context'>>;

/** Intake classification section. */
export interface IntakeClassification {
  researchType: ResearchType;
  category: string;
  urgency: IntakeUrgency;
}
/** Intake content section. */
export interface IntakeContent {
  title: string;
  summary: string;
  source: string;
  sourceDate: string;
}
/** Intake relevance section; `priorityScore` is validated to 1..10. */
export interface IntakeRelevance {
  impactAreas: string[];
  affectedPhases: number[];
  affectedAgents: string[];
  priorityScore: number;
}
/** Intake analysis section. */
export interface IntakeAnalysis {
  keyFindings: string[];
  recommendations: string[];
  risks: string[];
  opportunities: string[];
}
/** Intake disposition section. */
export interface IntakeDisposition {
  status: IntakeStatus;
  decisionDate: Iso8601 | null;
  decisionBy: string;
  rationale: string;
  actionItems: string[];
}
/** Intake tracking section. */
export interface IntakeTracking {
  backlogRefs: string[];
  roadmapImpact: string;
  implementationTarget: string;
}

/** A research intake (manual, or generated from a learning signal). */
export interface ResearchIntake {
  intakeId: string;
  submittedAt: Iso8601;
  submittedBy: string;
  tenantId: string;
  generatedFromSignalId: string | null;
  automatedQualityScore: number | null;
  automatedQualityLabel: QualityLabel | null;
  classification: IntakeClassification;
  content: IntakeContent;
  relevance: IntakeRelevance;
  analysis: IntakeAnalysis;
  disposition: IntakeDisposition;
  tracking: IntakeTracking;
  /** Optimistic-concurrency version, 1 on submit, +1 per transition. */
  version: number;
}

/** Input of `submitIntake()`; every section is optional and partially specifiable. */
export interface NewResearchIntake {
  intakeId?: string;
  submittedAt?: Iso8601;
  submittedBy?: string;
  tenantId?: string;
  classification?: Partial<IntakeClassification>;
  content?: Partial<IntakeContent>;
  relevance?: Partial<IntakeRelevance>;
  analysis?: Partial<IntakeAnalysis>;
  disposition?: Partial<Omit<IntakeDisposition, 'status'>>;
  tracking?: Partial<IntakeTracking>;
}

/** Optional decision details of an intake transition. */
export interface IntakeDecision {
  decisionBy?: string;
  rationale?: string;
  actionItems?: string[];
  expectedVersion?: number;
}

/** Computed summary of learning signals. */
export interface LearningSummary {
  totalSignals: number;
  countsByType: Partial<Record<SignalType, number>>;
  countsBySeverity: Partial<Record<SignalSeverity, number>>;
  countsByTenant: Record<string, number>;
  latestRecordedAt: Iso8601 | null;
  averageQualityScore: number;
  highQualitySignals: number;
  tenantId: string | null;
  windowDays: number | null;
  windowStartAt: Iso8601 | null;
  previousWindowTotal: number | null;
  trendDelta: number | null;
  trendDirection: 'up' | 'down' | 'stable';
  generatedAt: Iso8601;
}

/** One page of a keyset-paginated listing. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Filters of `listSignals`. */
export interface SignalQuery {
  scope: TenantScope;
  signalType?: SignalType;
  severity?: SignalSeverity;
  since?: Iso8601;
  until?: Iso8601;
  /** Default 50, at most 1000; 0 gives an empty page. */
  limit?: number;
  cursor?: string;
}

/** Arguments of `summarize`: a number `limit` reproduces the reference's capped counts, `null` counts the whole window. */
export interface SummaryQuery {
  scope: TenantScope;
  windowDays?: number | null;
  limit?: number | null;
}

/** Thresholds of automatic intake generation. */
export interface AutoIntakeOptions {
  scope: TenantScope;
  /** Default `high`. */
  minSeverity?: SignalSeverity;
  /** Default 0.45. */
  minQuality?: number;
  /** Default 3; 0 or less generates nothing. */
  maxItems?: number;
}

/** Per-call ingest options. */
export interface IngestOptions {
  /** Dedupe window in minutes; 0 disables merging. Defaults to the store's setting (30). */
  dedupeWindowMinutes?: number;
  signal?: AbortSignal;
}

/** Outcome of `ingest()`: which signals were inserted, which merged into an earlier one, which were rejected. */
export interface IngestResult {
  inserted: StoredLearningSignal[];
  merged: StoredLearningSignal[];
  rejected: { index: number; reason: string }[];
}

/** Occurrence-aware counts per dimension value over a window, against the previous window. */
export interface TrendReport {
  dimension: 'signal_type' | 'severity';
  windowDays: number;
  items: { value: string; current: number; previous: number; occurrences: number; delta: number; direction: 'up' | 'down' | 'stable' }[];
}
