import { z } from 'zod';
import { BENCH_AGENTS, type BenchService } from '../../bench/bench-service.js';
import { route, type RouteSpec } from '../route.js';
import { snake } from '../snake.js';

const P = '/v1/evaluations/experiments';
const taskId = z.string().min(1).max(200).regex(/^[A-Za-z0-9._/-]+$/);

const experimentBody = z.strictObject({
  tasks: z.array(taskId).min(1).max(50),
  agents: z.array(z.enum(BENCH_AGENTS)).min(1).max(20),
  // Kept for the reference's body shape; each agent runs on the model it is configured with.
  models: z.array(z.string().min(1).max(200)).min(1).max(20).optional(),
  trials: z.number().int().min(1).max(100).default(1),
  conditions: z.array(z.enum(['none', 'curated', 'self_generated'])).min(1).max(3).default(['none', 'curated']),
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
});

/**
 * The reference engine's `/v1/evaluations` experiment routes on top of SkillsBench: a synchronous experiment run
 * (201), the full run, its CTRF report in the reference's cell-level shape, and the skills impact.
 */
export function evaluationRoutes(bench: BenchService): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: P,
      summary: 'Run an experiment synchronously (tasks 1..50, agents 1..20, trials 1..100); 201 with counts',
      tag: 'skillsbench',
      access: 'bench:run',
      body: experimentBody,
      status: 201,
      errors: [400],
      handler: async ({ body }) => {
        const [first, ...rest] = body.agents;
        const started = await bench.start({
          agent: first as (typeof BENCH_AGENTS)[number],
          extraAgents: rest,
          tasks: body.tasks,
          conditions: body.conditions,
          trials: body.trials,
          ...(body.seed === undefined ? {} : { seed: body.seed }),
        });
        const run = await started.done;
        const impacts = Object.values(run.aggregates.skillDeltas).reduce((n, byCondition) => n + Object.keys(byCondition).length, 0);
        return { run_id: run.runId, status: run.status, results_count: run.trials.length, skills_impacts_count: impacts };
      },
    }),
    route({
      method: 'get',
      path: `${P}/:id`,
      summary: 'The full experiment run (config, provenance, trials, aggregates)',
      tag: 'skillsbench',
      access: 'bench:run',
      errors: [404, 409],
      handler: async ({ params }) => snake(await bench.finished(params['id'] as string)),
    }),
    route({
      method: 'get',
      path: `${P}/:id/ctrf`,
      summary: 'CTRF report in the reference shape (one test per task/agent/condition cell, 0.6 threshold)',
      tag: 'skillsbench',
      access: 'bench:run',
      errors: [404, 409],
      handler: async ({ params }) => bench.legacyCtrf(params['id'] as string),
    }),
    route({
      method: 'get',
      path: `${P}/:id/skills-impact`,
      summary: 'Skills impact: paired with/without-skills deltas per agent and condition',
      tag: 'skillsbench',
      access: 'bench:run',
      errors: [404, 409],
      handler: async ({ params }) => snake((await bench.finished(params['id'] as string)).aggregates.skillDeltas),
    }),
  ];
}
