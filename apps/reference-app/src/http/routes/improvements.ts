import type { ImprovementStore, NewLearningSignal } from '@agent33/improvement-store';
import { z } from 'zod';
import { HttpProblem } from '../problem.js';
import { route, type RouteSpec } from '../route.js';
import {
  signalBody,
  batchBody,
  signalsQuery,
  summaryQuery,
  generateBody,
  trendsQuery,
  intakeBody,
  intakesQuery,
  transitionBody,
  lessonBody,
  lessonsQuery,
  type SignalBody,
} from './improvement-schemas.js';
import { snake } from '../snake.js';
import { tenantScope, writeTenant } from '../tenant.js';

/** Settings of the improvements routes. */
export interface ImprovementSettings {
  learningEnabled: boolean;
  autoIntakeEnabled: boolean;
  summaryDefaultLimit: number;
}

const P = '/v1/improvements';
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
      body: z.strictObject({ evidence: z.string().min(1).max(20_000) }),
      errors: [404],
      handler: async ({ body, params }) => snake(await store.lessons.verify(params['id'] as string, body.evidence)),
    }),
  ];
}
