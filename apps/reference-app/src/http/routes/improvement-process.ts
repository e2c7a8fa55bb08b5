import {
  CHECKLIST_PERIODS,
  METRIC_TRENDS,
  REFRESH_SCOPES,
  type ChecklistPeriod,
  type ImprovementStore,
  type MetricTrend,
  type RefreshScope,
} from '@agent33/improvement-store';
import { z } from 'zod';
import { HttpProblem } from '../problem.js';
import { queryInt, route, type RouteSpec } from '../route.js';
import { snake } from '../snake.js';

const P = '/v1/improvements';
const text = (max: number) => z.string().max(max);
const period = z.enum(CHECKLIST_PERIODS as [ChecklistPeriod, ...ChecklistPeriod[]]);
const scope = z.enum(REFRESH_SCOPES as [RefreshScope, ...RefreshScope[]]);

const metricBody = z.strictObject({
  metric_id: text(50).min(1),
  name: text(200).optional(),
  baseline: z.number().finite().optional(),
  current: z.number().finite().optional(),
  target: z.number().finite().optional(),
  unit: text(50).optional(),
  trend: z.enum(METRIC_TRENDS as [MetricTrend, ...MetricTrend[]]).optional(),
});

/**
 * The reference's process routes under `/v1/improvements`: checklists (per release, monthly, quarterly templates),
 * improvement metrics snapshots and trends, and roadmap refreshes.
 */
export function improvementProcessRoutes(store: ImprovementStore): RouteSpec[] {
  const notFound = (what: string): never => {
    throw new HttpProblem(404, 'STORE_NOT_FOUND', `${what} not found`);
  };
  return [
    route({
      method: 'post',
      path: `${P}/checklists`,
      summary: 'Create a checklist from its period template',
      tag: 'improvements',
      access: 'improvements:write',
      body: z.strictObject({ period, reference: text(200).optional() }),
      handler: async ({ body }) => snake(await store.checklists.create(body.period, body.reference)),
    }),
    route({
      method: 'get',
      path: `${P}/checklists`,
      summary: 'List checklists (filter: period)',
      tag: 'improvements',
      access: 'improvements:read',
      query: z.strictObject({ period: period.optional(), limit: queryInt(1, 1000).optional() }),
      handler: async ({ query }) =>
        snake(await store.checklists.list({ ...(query.period === undefined ? {} : { period: query.period }), ...(query.limit === undefined ? {} : { limit: query.limit }) })),
    }),
    route({
      method: 'get',
      path: `${P}/checklists/:id`,
      summary: 'One checklist',
      tag: 'improvements',
      access: 'improvements:read',
      errors: [404],
      handler: async ({ params }) => snake((await store.checklists.get(params['id'] as string)) ?? notFound('Checklist')),
    }),
    route({
      method: 'post',
      path: `${P}/checklists/:id/complete`,
      summary: 'Complete one check of a checklist',
      tag: 'improvements',
      access: 'improvements:write',
      body: z.strictObject({ check_id: text(20).min(1), notes: text(2000).optional() }),
      errors: [404],
      handler: async ({ body, params }) =>
        snake((await store.checklists.completeItem(params['id'] as string, body.check_id, body.notes)) ?? notFound('Checklist or check')),
    }),
    route({
      method: 'get',
      path: `${P}/checklists/:id/evaluate`,
      summary: 'Whether every check is complete, and which are not ("CI-01 (name)")',
      tag: 'improvements',
      access: 'improvements:read',
      errors: [404],
      handler: async ({ params }) => {
        if ((await store.checklists.get(params['id'] as string)) === null) notFound('Checklist');
        return snake(await store.checklists.evaluate(params['id'] as string));
      },
    }),
    route({
      method: 'get',
      path: `${P}/metrics`,
      summary: 'The latest improvement-metrics snapshot, or {"snapshot": null}',
      tag: 'improvements',
      access: 'improvements:read',
      handler: async () => {
        const latest = await store.metrics.latest();
        return latest === null ? { snapshot: null } : snake(latest);
      },
    }),
    route({
      method: 'get',
      path: `${P}/metrics/history`,
      summary: 'Snapshots, newest first (default 10)',
      tag: 'improvements',
      access: 'improvements:read',
      query: z.strictObject({ limit: queryInt(1, 1000).default(10) }),
      handler: async ({ query }) => snake(await store.metrics.history(query.limit)),
    }),
    route({
      method: 'post',
      path: `${P}/metrics/snapshot`,
      summary: 'Capture a snapshot of the given metrics for a period',
      tag: 'improvements',
      access: 'improvements:write',
      body: z.strictObject({ period: text(50).min(1), metrics: z.array(metricBody).min(1).max(100) }),
      handler: async ({ body }) =>
        snake(
          await store.metrics.capture(
            body.period,
            body.metrics.map((m) => ({
              metricId: m.metric_id,
              ...(m.name === undefined ? {} : { name: m.name }),
              ...(m.baseline === undefined ? {} : { baseline: m.baseline }),
              ...(m.current === undefined ? {} : { current: m.current }),
              ...(m.target === undefined ? {} : { target: m.target }),
              ...(m.unit === undefined ? {} : { unit: m.unit }),
              ...(m.trend === undefined ? {} : { trend: m.trend }),
            })),
          ),
        ),
    }),
    route({
      method: 'post',
      path: `${P}/metrics/default-snapshot`,
      summary: 'Capture the five canonical metrics (IM-01..IM-05) for a period',
      tag: 'improvements',
      access: 'improvements:write',
      body: z.strictObject({ period: text(50).min(1) }),
      handler: async ({ body }) => snake(await store.metrics.captureDefault(body.period)),
    }),
    route({
      method: 'get',
      path: `${P}/metrics/trend/:metric_id`,
      summary: 'Trend of one metric over the last periods (default 4)',
      tag: 'improvements',
      access: 'improvements:read',
      query: z.strictObject({ periods: queryInt(1, 100).default(4) }),
      handler: async ({ params, query }) => snake(await store.metrics.trend(params['metric_id'] as string, query.periods)),
    }),
    route({
      method: 'post',
      path: `${P}/refreshes`,
      summary: 'Schedule a roadmap refresh',
      tag: 'improvements',
      access: 'improvements:write',
      body: z.strictObject({
        scope: scope.optional(),
        participants: z.array(text(200)).max(100).optional(),
        activities: z.array(text(2000)).max(100).optional(),
      }),
      handler: async ({ body }) =>
        snake(
          await store.refreshes.record({
            ...(body.scope === undefined ? {} : { scope: body.scope }),
            ...(body.participants === undefined ? {} : { participants: body.participants }),
            ...(body.activities === undefined ? {} : { activities: body.activities }),
          }),
        ),
    }),
    route({
      method: 'get',
      path: `${P}/refreshes`,
      summary: 'List roadmap refreshes (filter: scope)',
      tag: 'improvements',
      access: 'improvements:read',
      query: z.strictObject({ scope: scope.optional() }),
      handler: async ({ query }) => snake(await store.refreshes.list(query.scope === undefined ? {} : { scope: query.scope })),
    }),
    route({
      method: 'get',
      path: `${P}/refreshes/:id`,
      summary: 'One roadmap refresh',
      tag: 'improvements',
      access: 'improvements:read',
      errors: [404],
      handler: async ({ params }) => snake((await store.refreshes.get(params['id'] as string)) ?? notFound('Refresh')),
    }),
    route({
      method: 'post',
      path: `${P}/refreshes/:id/complete`,
      summary: 'Complete a roadmap refresh with its outcome',
      tag: 'improvements',
      access: 'improvements:write',
      body: z.strictObject({ outcome: text(20_000).optional(), changes_made: z.array(text(2000)).max(100).optional() }),
      errors: [404],
      handler: async ({ body, params }) =>
        snake(
          await store.refreshes.complete(params['id'] as string, {
            ...(body.outcome === undefined ? {} : { outcome: body.outcome }),
            ...(body.changes_made === undefined ? {} : { changesMade: body.changes_made }),
          }),
        ),
    }),
  ];
}
