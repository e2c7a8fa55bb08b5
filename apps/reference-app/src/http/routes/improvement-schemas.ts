import {
  INTAKE_STATUSES,
  LESSON_ACTION_STATUSES,
  LESSON_EVENT_TYPES,
  RESEARCH_TYPES,
  SIGNAL_SEVERITIES,
  SIGNAL_TYPES,
} from '@agent33/improvement-store';
import { z } from 'zod';
import { queryBool, queryInt } from '../route.js';

// Request schemas of the improvements routes: they validate requests and feed the OpenAPI document.

const text = (max: number) => z.string().max(max);
const tenantField = z.string().min(1).max(200);

const signalFields = {
  signal_type: z.enum(SIGNAL_TYPES).optional(),
  type: z.enum(SIGNAL_TYPES).optional(),
  severity: z.enum(SIGNAL_SEVERITIES),
  summary: text(2000).refine((s) => s.trim() !== '', 'summary must not be blank'),
  details: text(20_000).optional(),
  source: text(500).optional(),
  tenant_id: tenantField.optional(),
  context: z.record(text(200), text(4000)).refine((c) => Object.keys(c).length <= 64, 'at most 64 context keys').optional(),
};
/** A learning signal (`type` is accepted for `signal_type`). */
export const signalBody = z
  .strictObject(signalFields)
  .refine((b) => b.signal_type !== undefined || b.type !== undefined, { message: 'signal_type is required', path: ['signal_type'] });
/** A validated signal body. */
export type SignalBody = z.output<typeof signalBody>;

/** Up to 500 signals in one transaction. */
export const batchBody = z.strictObject({ signals: z.array(signalBody).min(1).max(500) });

/** Filters and paging of the signal list. */
export const signalsQuery = z.strictObject({
  signal_type: z.enum(SIGNAL_TYPES).optional(),
  type: z.enum(SIGNAL_TYPES).optional(),
  severity: z.enum(SIGNAL_SEVERITIES).optional(),
  tenant_id: tenantField.optional(),
  limit: queryInt(0, 1000).optional(),
  cursor: z.string().min(1).max(500).optional(),
});

/** Window, legacy limit and the compatibility intake flag of the summary. */
export const summaryQuery = z.strictObject({
  limit: queryInt(1, 1_000_000).optional(),
  tenant_id: tenantField.optional(),
  window_days: queryInt(0, 3650).optional(),
  generate_intakes: queryBool.optional(),
});

/** Thresholds of intake generation. */
export const generateBody = z.strictObject({
  tenant_id: tenantField.optional(),
  min_severity: z.enum(SIGNAL_SEVERITIES).optional(),
  min_quality: z.number().min(0).max(1).optional(),
  max_items: z.number().int().min(0).max(100).optional(),
});

/** Dimension and window of the trend report. */
export const trendsQuery = z.strictObject({
  dimension: z.enum(['signal_type', 'severity']).default('signal_type'),
  window_days: queryInt(1, 3650).default(7),
  tenant_id: tenantField.optional(),
});

/** A research intake in the reference route's flat shape. */
export const intakeBody = z.strictObject({
  title: text(500).refine((s) => s.trim() !== '', 'title must not be blank'),
  summary: text(20_000).optional(),
  source: text(500).optional(),
  submitted_by: text(200).optional(),
  tenant_id: tenantField.optional(),
  research_type: z.enum(RESEARCH_TYPES).optional(),
  category: text(200).optional(),
  urgency: z.enum(['high', 'medium', 'low']).optional(),
  impact_areas: z.array(text(200)).max(100).optional(),
  affected_phases: z.array(z.number().int().min(0).max(1000)).max(100).optional(),
  priority_score: z.number().int().min(1).max(10).optional(),
});

/** Filters and paging of the intake list. */
export const intakesQuery = z.strictObject({
  status: z.enum(INTAKE_STATUSES).optional(),
  research_type: z.enum(RESEARCH_TYPES).optional(),
  tenant_id: tenantField.optional(),
  limit: queryInt(0, 1000).optional(),
  cursor: z.string().min(1).max(500).optional(),
});

/** An intake state transition with its decision details. */
export const transitionBody = z.strictObject({
  new_status: z.enum(INTAKE_STATUSES),
  decision_by: text(200).optional(),
  rationale: text(20_000).optional(),
  action_items: z.array(text(2000)).max(100).optional(),
  expected_version: z.number().int().min(0).optional(),
});

/** A lesson learned with its actions. */
export const lessonBody = z.strictObject({
  recorded_by: text(200).optional(),
  phase: text(200).optional(),
  release: text(200).optional(),
  event_type: z.enum(LESSON_EVENT_TYPES).optional(),
  what_happened: text(20_000).refine((s) => s.trim() !== '', 'what_happened must not be blank'),
  root_cause: text(20_000).optional(),
  impact: text(20_000).optional(),
  insight: text(20_000).optional(),
  recommendation: text(20_000).optional(),
  applies_to: z.array(text(200)).max(100).optional(),
  actions: z
    .array(
      z.strictObject({
        description: text(2000).min(1),
        status: z.enum(LESSON_ACTION_STATUSES).optional(),
        owner: text(200).optional(),
        target_date: text(100).optional(),
      }),
    )
    .max(100)
    .optional(),
});

/** Filters of the lesson list. */
export const lessonsQuery = z.strictObject({
  phase: z.string().min(1).max(200).optional(),
  event_type: z.enum(LESSON_EVENT_TYPES).optional(),
  limit: queryInt(1, 1000).optional(),
});
