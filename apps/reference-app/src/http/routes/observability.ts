import { z } from 'zod';
import type { AlertsPart } from '../../observability/alerts-part.js';
import type { EffortTally } from '../../observability/effort-tally.js';
import type { OtelSdk } from '../../telemetry/otel-sdk.js';
import { queryInt, route, type RouteSpec } from '../route.js';
import { snake } from '../snake.js';

const spansQuery = z.strictObject({
  limit: queryInt(1, 1000).default(50),
  name: z.string().min(1).max(200).optional(),
});

/** Effort-routing summary and recent spans. */
export function observabilityRoutes(deps: { effort: EffortTally; otel: OtelSdk }): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/v1/observability/effort/summary',
      summary: 'Effort-routing decisions since start: by level, source and model, shadow vs enforced, budgets, cost',
      tag: 'observability',
      access: 'observability:read',
      handler: () => snake(deps.effort.summary()),
    }),
    route({
      method: 'get',
      path: '/v1/observability/spans',
      summary: 'The most recent finished spans (newest first), kept in memory',
      tag: 'observability',
      access: 'observability:read',
      query: spansQuery,
      handler: ({ query }) =>
        deps.otel
          .recentSpans()
          .filter((s) => query.name === undefined || s.name.startsWith(query.name))
          .slice(-query.limit)
          .reverse()
          .map((s) => ({
            name: s.name,
            trace_id: s.spanContext().traceId,
            span_id: s.spanContext().spanId,
            parent_span_id: s.parentSpanContext?.spanId,
            kind: s.kind,
            status: s.status,
            start_time_ms: s.startTime[0] * 1000 + s.startTime[1] / 1e6,
            duration_ms: s.duration[0] * 1000 + s.duration[1] / 1e6,
            attributes: s.attributes,
          })),
    }),
  ];
}

/** Alert rules, states and transitions; an on-demand evaluation for operators. */
export function alertRoutes(alerts: AlertsPart): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/v1/observability/alerts',
      summary: 'Alert rules, pending/firing instances, the dashboard snapshot and recent transitions',
      tag: 'observability',
      access: 'observability:read',
      handler: () => ({
        rules: alerts.engine.rules(),
        instances: snake(alerts.engine.instances()),
        snapshot: alerts.engine.snapshot(),
        transitions: snake([...alerts.history()].reverse().slice(0, 50)),
      }),
    }),
    route({
      method: 'post',
      path: '/v1/observability/alerts/evaluate',
      summary: 'Evaluate every rule now and return the transitions it produced',
      tag: 'observability',
      access: 'admin',
      body: z.strictObject({}),
      handler: async () => ({ events: snake(await alerts.engine.evaluate()), instances: snake(alerts.engine.instances()) }),
    }),
  ];
}
