import {
  INTAKE_STATUSES,
  LESSON_ACTION_STATUSES,
  LESSON_EVENT_TYPES,
  RESEARCH_TYPES,
  SIGNAL_SEVERITIES,
  SIGNAL_TYPES,
  type ImprovementStore,
  type NewLearningSignal,
} from '@agent33/improvement-store';
import { z } from 'zod';
import { HttpProblem } from '../problem.js';
import { queryBool, queryInt, route, type RouteSpec } from '../route.js';
import { snake } from '../snake.js';
import { tenantScope, writeTenant } from '../tenant.js';

/** Settings of the improvements routes. */
export interface ImprovementSettings {
  learningEnabled: boolean;
  autoIntakeEnabled: boolean;
  summaryDefaultLimit: number;
}

const P = '/v1/improvements';
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
const signalBody = z
  .strictObject(signalFields)
  .refine((b) => b.signal_type !== undefined || b.type !== undefined, { message: 'signal_type is required', path: ['signal_type'] });
type SignalBody = z.output<typeof signalBody>;

const batchBody = z.strictObject({ signals: z.array(signalBody).min(1).max(500) });

const signalsQuery = z.strictObject({
  signal_type: z.enum(SIGNAL_TYPES).optional(),
  type: z.enum(SIGNAL_TYPES).optional(),
  severity: z.enum(SIGNAL_SEVERITIES).optional(),
  tenant_id: tenantField.optional(),
  limit: queryInt(0, 1000).optional(),
  cursor: z.string().min(1).max(500).optional(),
});

const summaryQuery = z.strictObject({
  limit: queryInt(1, 1_000_000).optional(),
  tenant_id: tenantField.optional(),
  window_days: queryInt(0, 3650).optional(),
  generate_intakes: queryBool.optional(),
});

const generateBody = z.strictObject({
  tenant_id: tenantField.optional(),
  min_severity: z.enum(SIGNAL_SEVERITIES).optional(),
  min_quality: z.number().min(0).max(1).optional(),
  max_items: z.number().int().min(0).max(100).optional(),
});

const trendsQuery = z.strictObject({
  dimension: z.enum(['signal_type', 'severity']).default('signal_type'),
  window_days: queryInt(1, 3650).default(7),
  tenant_id: tenantField.optional(),
});

const intakeBody = z.strictObject({
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

const intakesQuery = z.strictObject({
  status: z.enum(INTAKE_STATUSES).optional(),
  research_type: z.enum(RESEARCH_TYPES).optional(),
  tenant_id: tenantField.optional(),
  limit: queryInt(0, 1000).optional(),
  cursor: z.string().min(1).max(500).optional(),
});

const transitionBody = z.strictObject({
  new_status: z.enum(INTAKE_STATUSES),
  decision_by: text(200).optional(),
  rationale: text(20_000).optional(),
  action_items: z.array(text(2000)).max(100).optional(),
  expected_version: z.number().int().min(0).optional(),
});

const lessonBody = z.strictObject({
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

const lessonsQuery = z.strictObject({
  phase: z.string().min(1).max(200).optional(),
  event_type: z.enum(LESSON_EVENT_TYPES).optional(),
  limit: queryInt(1, 1000).optional(),
});

function toSignal(b: SignalBody, tenantId: string): NewLearningSignal {
  return {
    summary: b.summary,
    signalType: (b.signal_type ?? b.type) as NonNullable<SignalBody['type']>,
    severity: b.severity,
    tenantId,
    ...(b.details === undefined ? {} : { details: b.details }),
    ...(b.source === undefined ? {} : { source: b.source }),
    ...(b.context === undefined ? {} : { context: b.context }),
  };
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** `/v1/improvements`: learning signals (ingest, list, summary, trends, intake generation), intakes and lessons. */
export function improvementRoutes(store: ImprovementStore, settings: ImprovementSettings): RouteSpec[] {
  const learning = (): void => {
    // Parity: the learning routes do not exist while learning is disabled.
    if (!settings.learningEnabled) throw new HttpProblem(404, 'APP_NOT_FOUND', 'Not found');
  };
  return [
    route({
      method: 'post',
      path: `${P}/learning/signals`,
      summary: 'Record one learning signal (scored and enriched; duplicates within the dedupe window merge)',
      tag: 'improvements',
      access: 'improvements:write',
      body: signalBody,
      errors: [404],
      handler: async ({ body, principal }) => {
        learning();
        return snake(await store.record(toSignal(body, writeTenant(principal, body.tenant_id))));
      },
    }),
    route({
      method: 'post',
      path: `${P}/learning/signals/batch`,
      summary: 'Record up to 500 signals in one transaction; answers what was inserted, merged and rejected',
      tag: 'improvements',
      access: 'improvements:write',
      body: batchBody,
      errors: [404],
      handler: async ({ body, principal }) => {
        learning();
        const result = await store.ingest(body.signals.map((s) => toSignal(s, writeTenant(principal, s.tenant_id))));
        return {
          inserted: result.inserted.length,
          merged: result.merged.length,
          rejected: result.rejected,
          signal_ids: [...result.inserted, ...result.merged].map((s) => s.signalId),
        };
      },
    }),
    route({
      method: 'get',
      path: `${P}/learning/signals`,
      summary: 'List signals, newest first (filters: type, severity, tenant; cursor pagination)',
      tag: 'improvements',
      access: 'improvements:read',
      query: signalsQuery,
      errors: [404],
      handler: async ({ c, query, principal }) => {
        learning();
        const type = query.signal_type ?? query.type;
        const page = await store.listSignals({
          scope: tenantScope(principal, query.tenant_id, true),
          ...(type === undefined ? {} : { signalType: type }),
          ...defined({ severity: query.severity, limit: query.limit ?? 50, cursor: query.cursor }),
        });
        if (page.nextCursor !== null) c.header('x-next-cursor', page.nextCursor);
        return snake(page.items);
      },
    }),
    route({
      method: 'get',
      path: `${P}/learning/signals/:id`,
      summary: 'One signal',
      tag: 'improvements',
      access: 'improvements:read',
      errors: [404],
      handler: async ({ params, principal }) => {
        learning();
        const found = await store.getSignal(params['id'] as string, tenantScope(principal, undefined, true));
        if (found === null) throw new HttpProblem(404, 'STORE_NOT_FOUND', 'Signal not found');
        return snake(found);
      },
    }),
    route({
      method: 'get',
      path: `${P}/learning/summary`,
      summary: 'Summary over a window (legacy capped counts with a numeric limit); generate_intakes kept for compatibility',
      tag: 'improvements',
      access: 'improvements:read',
      query: summaryQuery,
      errors: [404],
      handler: async ({ query, principal }) => {
        learning();
        const scope = tenantScope(principal, query.tenant_id, true);
        const summary = await store.summarize({
          scope,
          limit: query.limit ?? settings.summaryDefaultLimit,
          windowDays: query.window_days ?? null,
        });
        const generated = query.generate_intakes === true && settings.autoIntakeEnabled ? await store.generateIntakes({ scope }) : [];
        return { summary: snake(summary), generated_intakes: snake(generated) };
      },
    }),
    route({
      method: 'post',
      path: `${P}/learning/intakes/generate`,
      summary: 'Generate research intakes from high-severity signals (idempotent per signal)',
      tag: 'improvements',
      access: 'improvements:write',
      body: generateBody,
      errors: [404],
      handler: async ({ body, principal }) => {
        learning();
        const generated = await store.generateIntakes({
          scope: tenantScope(principal, body.tenant_id, false),
          ...defined({ minSeverity: body.min_severity, minQuality: body.min_quality, maxItems: body.max_items }),
        });
        return { generated_intakes: snake(generated) };
      },
    }),
    route({
      method: 'get',
      path: `${P}/learning/trends`,
      summary: 'Occurrence-aware counts per signal type or severity against the previous window',
      tag: 'improvements',
      access: 'improvements:read',
      query: trendsQuery,
      errors: [404],
      handler: async ({ query, principal }) => {
        learning();
        return snake(
          await store.trends({ scope: tenantScope(principal, query.tenant_id, true), windowDays: query.window_days, dimension: query.dimension }),
        );
      },
    }),
    route({
      method: 'post',
      path: `${P}/intakes`,
      summary: 'Submit a research intake',
      tag: 'improvements',
      access: 'improvements:write',
      body: intakeBody,
      handler: async ({ body, principal }) =>
        snake(
          await store.submitIntake({
            tenantId: writeTenant(principal, body.tenant_id),
            ...defined({ submittedBy: body.submitted_by }),
            classification: defined({ researchType: body.research_type, category: body.category, urgency: body.urgency }),
            content: defined({ title: body.title, summary: body.summary, source: body.source }),
            relevance: defined({ impactAreas: body.impact_areas, affectedPhases: body.affected_phases, priorityScore: body.priority_score }),
          }),
        ),
    }),
    route({
      method: 'get',
      path: `${P}/intakes`,
      summary: 'List intakes (filters: status, research type, tenant)',
      tag: 'improvements',
      access: 'improvements:read',
      query: intakesQuery,
      handler: async ({ c, query, principal }) => {
        const page = await store.listIntakes({
          scope: tenantScope(principal, query.tenant_id, true),
          ...defined({ status: query.status, researchType: query.research_type, limit: query.limit, cursor: query.cursor }),
        });
        if (page.nextCursor !== null) c.header('x-next-cursor', page.nextCursor);
        return snake(page.items);
      },
    }),
    route({
      method: 'get',
      path: `${P}/intakes/:id`,
      summary: 'One intake',
      tag: 'improvements',
      access: 'improvements:read',
      errors: [404],
      handler: async ({ params, principal }) => {
        const found = await store.getIntake(params['id'] as string, tenantScope(principal, undefined, true));
        if (found === null) throw new HttpProblem(404, 'STORE_NOT_FOUND', 'Intake not found');
        return snake(found);
      },
    }),
    route({
      method: 'post',
      path: `${P}/intakes/:id/transition`,
      summary: 'Move an intake through its state machine (optimistic concurrency with expected_version)',
      tag: 'improvements',
      access: 'improvements:write',
      body: transitionBody,
      errors: [404, 409],
      handler: async ({ body, params, principal }) => {
        const id = params['id'] as string;
        if ((await store.getIntake(id, tenantScope(principal, undefined, true))) === null) {
          throw new HttpProblem(404, 'STORE_NOT_FOUND', 'Intake not found');
        }
        return snake(
          await store.transitionIntake(
            id,
            body.new_status,
            defined({ decisionBy: body.decision_by, rationale: body.rationale, actionItems: body.action_items, expectedVersion: body.expected_version }),
          ),
        );
      },
    }),
    route({
      method: 'post',
      path: `${P}/lessons`,
      summary: 'Record a lesson learned',
      tag: 'improvements',
      access: 'improvements:write',
      body: lessonBody,
      handler: async ({ body }) =>
        snake(
          await store.lessons.record({
            ...defined({
              recordedBy: body.recorded_by,
              phase: body.phase,
              release: body.release,
              eventType: body.event_type,
              whatHappened: body.what_happened,
              rootCause: body.root_cause,
              impact: body.impact,
              insight: body.insight,
              recommendation: body.recommendation,
              appliesTo: body.applies_to,
            }),
            ...(body.actions === undefined
              ? {}
              : {
                  actions: body.actions.map((a) => ({
                    description: a.description,
                    ...defined({ status: a.status, owner: a.owner, targetDate: a.target_date }),
                  })),
                }),
          }),
        ),
    }),
    route({
      method: 'get',
      path: `${P}/lessons`,
      summary: 'List lessons (filters: phase, event type)',
      tag: 'improvements',
      access: 'improvements:read',
      query: lessonsQuery,
      handler: async ({ query }) =>
        snake(await store.lessons.list(defined({ phase: query.phase, eventType: query.event_type, limit: query.limit }))),
    }),
    route({
      method: 'get',
      path: `${P}/lessons/:id`,
      summary: 'One lesson',
      tag: 'improvements',
      access: 'improvements:read',
      errors: [404],
      handler: async ({ params }) => {
        const found = await store.lessons.get(params['id'] as string);
        if (found === null) throw new HttpProblem(404, 'STORE_NOT_FOUND', 'Lesson not found');
        return snake(found);
      },
    }),
    route({
      method: 'post',
      path: `${P}/lessons/:id/complete-action`,
      summary: 'Mark one action of a lesson completed',
      tag: 'improvements',
      access: 'improvements:write',
      body: z.strictObject({ action_index: z.number().int().min(0).max(1000) }),
      errors: [404],
      handler: async ({ body, params }) => snake(await store.lessons.completeAction(params['id'] as string, body.action_index)),
    }),
    route({
      method: 'post',
      path: `${P}/lessons/:id/verify`,
      summary: 'Verify a lesson as implemented, with evidence',
      tag: 'improvements',
      access: 'improvements:write',
      body: z.strictObject({ evidence: text(20_000).min(1) }),
      errors: [404],
      handler: async ({ body, params }) => snake(await store.lessons.verify(params['id'] as string, body.evidence)),
    }),
  ];
}
