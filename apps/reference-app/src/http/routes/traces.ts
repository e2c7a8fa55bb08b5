import {
  FAILURE_CATEGORIES,
  FAILURE_SEVERITIES,
  TRACE_STATUSES,
  type FailureCategory,
  type FailureSeverity,
  type TraceStatus,
  type TraceStore,
} from '@agent33/observability';
import { z } from 'zod';
import { hasScope, type Principal } from '../auth.js';
import { HttpProblem } from '../problem.js';
import { queryInt, route, type RouteSpec } from '../route.js';
import { snake } from '../snake.js';

const P = '/v1/traces';
const status = z.enum(TRACE_STATUSES as [TraceStatus, ...TraceStatus[]]);
const category = z.enum(FAILURE_CATEGORIES as [FailureCategory, ...FailureCategory[]]);
const severity = z.enum(FAILURE_SEVERITIES as [FailureSeverity, ...FailureSeverity[]]);
const text = (max: number) => z.string().max(max);

/** Admins read every tenant; everyone else only the token's tenant (the reference read any trace by id). */
function tenantOf(p: Principal | undefined): string {
  return p !== undefined && hasScope(p, 'admin') ? '*' : (p?.tenantId ?? 'default');
}

/**
 * The reference's `/v1/traces` routes over observability's bounded trace store: agent runs add their own records
 * (through runtime hooks); clients may start and complete traces for work done elsewhere.
 */
export function traceRoutes(store: TraceStore): RouteSpec[] {
  const found = async (id: string, p: Principal | undefined): Promise<void> => {
    if ((await store.get(id, tenantOf(p))) === undefined) throw new HttpProblem(404, 'OBS_TRACE_NOT_FOUND', `Trace ${id} not found`);
  };
  return [
    route({
      method: 'post',
      path: P,
      summary: 'Start a trace (tenant from the token)',
      tag: 'traces',
      access: 'tools:execute',
      status: 201,
      body: z.strictObject({
        session_id: text(200).optional(),
        run_id: text(200).optional(),
        task_id: text(200).optional(),
        agent_id: text(200).optional(),
        model: text(200).optional(),
        prompt: text(20_000).optional(),
      }),
      handler: async ({ body, principal }) => {
        const t = await store.start({
          tenantId: principal?.tenantId ?? 'default',
          ...(body.session_id === undefined ? {} : { sessionId: body.session_id }),
          ...(body.run_id === undefined ? {} : { runId: body.run_id }),
          ...(body.task_id === undefined ? {} : { taskId: body.task_id }),
          context: { ...(body.agent_id === undefined ? {} : { agentId: body.agent_id }), ...(body.model === undefined ? {} : { model: body.model }) },
          ...(body.prompt === undefined ? {} : { input: { prompt: body.prompt } }),
        });
        return { trace_id: t.traceId, status: t.outcome.status };
      },
    }),
    route({
      method: 'get',
      path: P,
      summary: 'Traces, newest first (filters: status, task_id; an unknown status is 422)',
      tag: 'traces',
      access: 'observability:read',
      query: z.strictObject({ status: status.optional(), task_id: z.string().min(1).max(200).optional(), limit: queryInt(1, 1000).default(100) }),
      handler: async ({ query, principal }) =>
        snake(
          await store.list({
            tenant: tenantOf(principal),
            ...(query.status === undefined ? {} : { status: query.status }),
            ...(query.task_id === undefined ? {} : { taskId: query.task_id }),
            limit: query.limit,
          }),
        ),
    }),
    route({
      method: 'get',
      path: `${P}/:id`,
      summary: 'One trace with its steps and actions (tenant-checked)',
      tag: 'traces',
      access: 'observability:read',
      errors: [404],
      handler: async ({ params, principal }) => {
        const t = await store.get(params['id'] as string, tenantOf(principal));
        if (t === undefined) throw new HttpProblem(404, 'OBS_TRACE_NOT_FOUND', `Trace ${params['id']} not found`);
        return snake(t);
      },
    }),
    route({
      method: 'post',
      path: `${P}/:id/actions`,
      summary: 'Append an action to a step (the step is created when missing)',
      tag: 'traces',
      access: 'tools:execute',
      body: z.strictObject({
        step_id: text(100).min(1),
        tool: text(200).min(1),
        input: text(20_000).optional(),
        output: text(20_000).optional(),
        exit_code: z.number().int().nullable().optional(),
        duration_ms: z.number().int().min(0).optional(),
        status: z.enum(['success', 'failure', 'timeout', 'skipped']).optional(),
      }),
      errors: [404],
      handler: async ({ body, params, principal }) => {
        await found(params['id'] as string, principal);
        return snake(
          await store.addAction(params['id'] as string, body.step_id, {
            tool: body.tool,
            ...(body.input === undefined ? {} : { input: body.input }),
            ...(body.output === undefined ? {} : { output: body.output }),
            ...(body.exit_code === undefined ? {} : { exitCode: body.exit_code }),
            ...(body.duration_ms === undefined ? {} : { durationMs: body.duration_ms }),
            ...(body.status === undefined ? {} : { status: body.status }),
          }),
        );
      },
    }),
    route({
      method: 'post',
      path: `${P}/:id/complete`,
      summary: 'Complete a trace: {trace_id, status, duration_ms}',
      tag: 'traces',
      access: 'tools:execute',
      body: z.strictObject({ status: status.default('completed'), failure_code: text(50).optional(), failure_message: text(2000).optional() }),
      errors: [404],
      handler: async ({ body, params, principal }) => {
        await found(params['id'] as string, principal);
        const t = await store.complete(params['id'] as string, body.status, body.failure_code, body.failure_message);
        return { trace_id: t.traceId, status: t.outcome.status, duration_ms: t.durationMs };
      },
    }),
    route({
      method: 'post',
      path: `${P}/:id/failures`,
      summary: 'Record a classified failure: 201 {failure_id, category}',
      tag: 'traces',
      access: 'tools:execute',
      status: 201,
      body: z.strictObject({ message: text(20_000).min(1), category: category.optional(), severity: severity.optional(), subcode: text(50).optional() }),
      errors: [404],
      handler: async ({ body, params, principal }) => {
        await found(params['id'] as string, principal);
        const f = await store.recordFailure(params['id'] as string, {
          message: body.message,
          ...(body.category === undefined ? {} : { category: body.category }),
          ...(body.severity === undefined ? {} : { severity: body.severity }),
          ...(body.subcode === undefined ? {} : { subcode: body.subcode }),
        });
        return { failure_id: f.failureId, category: f.classification.category };
      },
    }),
    route({
      method: 'get',
      path: `${P}/:id/failures`,
      summary: 'Failures of one trace, newest first (filter: category)',
      tag: 'traces',
      access: 'observability:read',
      query: z.strictObject({ category: category.optional() }),
      errors: [404],
      handler: async ({ params, query, principal }) => {
        await found(params['id'] as string, principal);
        return snake(
          await store.listFailures({ traceId: params['id'] as string, tenant: tenantOf(principal), ...(query.category === undefined ? {} : { category: query.category }) }),
        );
      },
    }),
  ];
}
