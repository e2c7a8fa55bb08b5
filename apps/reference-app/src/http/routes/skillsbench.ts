import { z } from 'zod';
import { BENCH_AGENTS, REPORT_FORMATS, type BenchService } from '../../bench/bench-service.js';
import { HttpProblem } from '../problem.js';
import { queryInt, route, type RouteSpec } from '../route.js';
import { snake } from '../snake.js';

const taskId = z.string().min(1).max(200).regex(/^[A-Za-z0-9._/-]+$/);

const runBody = z.strictObject({
  agent: z.enum(BENCH_AGENTS).default('scripted-mini'),
  tasks: z.array(taskId).min(1).max(500).optional(),
  conditions: z.array(z.enum(['none', 'curated', 'self_generated'])).min(1).max(3).optional(),
  trials: z.number().int().min(1).max(100).optional(),
  concurrency: z.number().int().min(1).max(64).optional(),
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  baseline: z.string().min(1).max(100).optional(),
});

/** Start runs, list them, read one, fetch its reports, name baselines. */
export function skillsbenchRoutes(bench: BenchService): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/v1/skillsbench/tasks',
      summary: 'The task set under the configured tasks directory',
      tag: 'skillsbench',
      access: 'bench:run',
      handler: async () =>
        (await bench.tasks()).map((t) => ({
          id: t.id,
          category: t.category,
          difficulty: t.difficulty ?? null,
          skills: t.skills.map((s) => s.name),
          requires_container: t.requiresContainer,
        })),
    }),
    route({
      method: 'post',
      path: '/v1/skillsbench/runs',
      summary: 'Start a run (paired skill conditions, trials per task); answers 202 with the run id',
      tag: 'skillsbench',
      access: 'bench:run',
      body: runBody,
      status: 202,
      errors: [400],
      handler: async ({ body }) => {
        const started = await bench.start({
          agent: body.agent,
          ...(body.tasks === undefined ? {} : { tasks: body.tasks }),
          ...(body.conditions === undefined ? {} : { conditions: body.conditions }),
          ...(body.trials === undefined ? {} : { trials: body.trials }),
          ...(body.concurrency === undefined ? {} : { concurrency: body.concurrency }),
          ...(body.seed === undefined ? {} : { seed: body.seed }),
          ...(body.baseline === undefined ? {} : { baseline: body.baseline }),
        });
        // The run continues in the background; a failure is recorded on the run itself.
        started.done.catch(() => undefined);
        return { run_id: started.runId, status: 'running', planned_trials: started.total };
      },
    }),
    route({
      method: 'get',
      path: '/v1/skillsbench/runs',
      summary: 'Runs, newest first',
      tag: 'skillsbench',
      access: 'bench:run',
      query: z.strictObject({ limit: queryInt(1, 500).default(50) }),
      handler: async ({ query }) => snake(await bench.store.listRuns({ limit: query.limit })),
    }),
    route({
      method: 'get',
      path: '/v1/skillsbench/runs/:id',
      summary: 'One run: status, outcome counts and, once finished, pass rates and skill deltas',
      tag: 'skillsbench',
      access: 'bench:run',
      errors: [404],
      handler: async ({ params }) => {
        const run = await bench.store.getRun(params['id'] as string);
        if (run === undefined) throw new HttpProblem(404, 'BENCH_RUN_NOT_FOUND', `Run ${params['id']} not found`);
        const outcomes: Record<string, number> = {};
        for (const t of run.trials) outcomes[t.outcome] = (outcomes[t.outcome] ?? 0) + 1;
        const agg = run.aggregates as { byAgentCondition?: unknown; skillDeltas?: unknown; denominators?: unknown } | undefined;
        return {
          run_id: run.runId,
          status: run.status,
          active: bench.isActive(run.runId),
          created_at: run.createdAt,
          finished_at: run.finishedAt ?? null,
          trial_count: run.trials.length,
          outcomes,
          ...(agg === undefined
            ? {}
            : { pass_rates: snake(agg.byAgentCondition), skill_deltas: snake(agg.skillDeltas), denominators: snake(agg.denominators) }),
        };
      },
    }),
    route({
      method: 'get',
      path: '/v1/skillsbench/runs/:id/report',
      summary: 'Report of a finished run: json, md, html (self-contained) or ctrf',
      tag: 'skillsbench',
      access: 'bench:run',
      query: z.strictObject({ format: z.enum(REPORT_FORMATS).default('json') }),
      produces: 'application/json, text/markdown, text/html',
      errors: [404, 409],
      handler: async ({ c, params, query }) => {
        const report = await bench.report(params['id'] as string, query.format);
        return c.body(report.body, 200, { 'content-type': report.contentType });
      },
    }),
    route({
      method: 'put',
      path: '/v1/skillsbench/baselines/:name',
      summary: 'Name a finished run as a baseline for later comparisons',
      tag: 'skillsbench',
      access: 'bench:run',
      body: z.strictObject({ run_id: z.string().min(1).max(200) }),
      errors: [404, 409],
      handler: async ({ body, params }) => {
        await bench.finished(body.run_id);
        await bench.store.setBaseline(params['name'] as string, body.run_id);
        return { name: params['name'], run_id: body.run_id };
      },
    }),
  ];
}
