import type {
  ChecklistPeriod,
  IntakeStatus,
  IntakeUrgency,
  LessonActionStatus,
  LessonEventType,
  MetricTrend,
  QualityLabel,
  RefreshScope,
  ResearchType,
  SignalSeverity,
  SignalType,
} from './types.js';

/** Every signal type, in the reference's declaration order. */
export const SIGNAL_TYPES: readonly SignalType[] = ['bug', 'incident', 'feedback', 'performance', 'security', 'process'];
/** Every signal severity, lowest first. */
export const SIGNAL_SEVERITIES: readonly SignalSeverity[] = ['low', 'medium', 'high', 'critical'];
/** Every quality label. */
export const QUALITY_LABELS: readonly QualityLabel[] = ['low', 'medium', 'high'];
/** Every intake status. */
export const INTAKE_STATUSES: readonly IntakeStatus[] = ['submitted', 'triaged', 'analyzing', 'accepted', 'deferred', 'rejected', 'tracked'];
/** Every research type. */
export const RESEARCH_TYPES: readonly ResearchType[] = ['external', 'internal', 'competitive', 'user', 'technical'];
/** Every urgency. */
export const INTAKE_URGENCIES: readonly IntakeUrgency[] = ['high', 'medium', 'low'];
/** Every lesson event type. */
export const LESSON_EVENT_TYPES: readonly LessonEventType[] = ['success', 'failure', 'observation'];
/** Every lesson action status. */
export const LESSON_ACTION_STATUSES: readonly LessonActionStatus[] = ['pending', 'in_progress', 'completed', 'wont_fix'];
/** Every checklist period. */
export const CHECKLIST_PERIODS: readonly ChecklistPeriod[] = ['per_release', 'monthly', 'quarterly'];
/** Every refresh scope. */
export const REFRESH_SCOPES: readonly RefreshScope[] = ['micro', 'minor', 'major', 'ad_hoc'];
/** Every metric trend. */
export const METRIC_TRENDS: readonly MetricTrend[] = ['improving', 'stable', 'declining'];

/** Severity rank 1 (low) .. 4 (critical). */
export function severityRank(severity: SignalSeverity): number {
  return SIGNAL_SEVERITIES.indexOf(severity) + 1;
}

/** Inverse of {@link severityRank}. */
export function severityFromRank(rank: number): SignalSeverity {
  return SIGNAL_SEVERITIES[Math.min(4, Math.max(1, rank)) - 1] ?? 'low';
}

/** Type guard for a member of a string enum list. */
export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}
