import type { ChecklistPeriod, Iso8601, LessonActionStatus, LessonEventType, MetricTrend, RefreshScope } from './types.js';

/** A follow-up action of a lesson. */
export interface LessonAction {
  description: string;
  status: LessonActionStatus;
  owner: string;
  targetDate: string;
}

/** A lesson learned. */
export interface LessonLearned {
  lessonId: string;
  recordedAt: Iso8601;
  recordedBy: string;
  phase: string;
  release: string;
  eventType: LessonEventType;
  whatHappened: string;
  rootCause: string;
  impact: string;
  insight: string;
  recommendation: string;
  appliesTo: string[];
  actions: LessonAction[];
  implemented: boolean;
  verifiedAt: Iso8601 | null;
  evidence: string;
  version: number;
}

/** Input of `lessons.record()`. */
export type NewLesson = Partial<Omit<LessonLearned, 'lessonId' | 'version' | 'actions' | 'implemented' | 'verifiedAt'>> & {
  lessonId?: string;
  actions?: Array<Partial<LessonAction> & { description: string }>;
};

/** One item of a checklist. */
export interface ChecklistItem {
  checkId: string;
  name: string;
  completed: boolean;
  notes: string;
}

/** An improvement checklist created from a period template. */
export interface ImprovementChecklist {
  checklistId: string;
  period: ChecklistPeriod;
  reference: string;
  createdAt: Iso8601;
  items: ChecklistItem[];
  version: number;
}

/** Result of evaluating a checklist; incomplete entries read `CI-01 (name)`. */
export interface ChecklistEvaluation {
  complete: boolean;
  incomplete: string[];
}

/** One tracked improvement metric. */
export interface ImprovementMetric {
  metricId: string;
  name: string;
  baseline: number;
  current: number;
  target: number;
  unit: string;
  trend: MetricTrend;
}

/** A snapshot of metrics for a period. */
export interface MetricsSnapshot {
  snapshotId: string;
  period: string;
  capturedAt: Iso8601;
  metrics: ImprovementMetric[];
}

/** A roadmap refresh. */
export interface RoadmapRefresh {
  refreshId: string;
  scope: RefreshScope;
  scheduledAt: Iso8601;
  completedAt: Iso8601 | null;
  participants: string[];
  activities: string[];
  outcome: string;
  changesMade: string[];
  version: number;
}

/** Input of `refreshes.record()`. */
export type NewRoadmapRefresh = Partial<Omit<RoadmapRefresh, 'refreshId' | 'version'>> & { refreshId?: string };
