import type { AgentDefinition } from '@agent33/runtime';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { SCOPES } from '../../config/index.js';
import type { Principal } from '../auth.js';
import { scanForInjection } from '../guards/prompt-injection.js';
import { HttpProblem } from '../problem.js';
import { route, type RouteSpec } from '../route.js';


/** Options the routes pass to an invocation. */
export interface AgentCallOptions {
  model?: string;
  effort?: 'low' | 'medium' | 'high';
  temperature?: number;
  subject: { id: string; scopes: string[]; tenantId: string };
  /** The caller's tenant: effort-routing policies and tenant-scoped tools use it. */
  tenantId: string;
  signal: AbortSignal;
}

/** Options of an iterative invocation, in the runtime's spelling. */
export interface IterativeCallOptions extends AgentCallOptions {
  maxIterations: number;
  maxToolCallsPerStep: number;
  completion: { mode: 'confirm' } | { mode: 'first-text' };
  loopDetection: false | { threshold: number };
  activeSkills?: string[];
}

/** A single-shot result (the runtime's `AgentResult`). */
export interface AgentResultView {
  output: Record<string, unknown>;
  rawResponse: string;
  tokensUsed: number;
  usage: unknown;
  model: string;
  routingDecision?: unknown;
}

/** An iterative result (the runtime's `IterativeAgentResult`). */
export interface IterativeResultView extends AgentResultView {
  iterations: number;
  toolCallsMade: number;
  toolsUsed: string[];
  terminationReason: string;
  status: string;
  detail?: string;
  /** Set when the run can be resumed (it paused for approval). */
  runId?: string;
  /** Tool calls waiting for an approval decision. */
  pendingApprovals?: Array<{ callId: string; tool: string; reason: string }>;
}

/** One approval decision, in the runtime's spelling. */
export interface ApprovalView {
  callId: string;
  approved: boolean;
  note?: string;
  editedArgs?: unknown;
}

/** What the agents routes need from the composed runtime. */
export interface AgentsPort {
  list(): AgentDefinition[];
  get(name: string): AgentDefinition | undefined;
  invoke(name: string, inputs: Record<string, unknown>, o: AgentCallOptions): Promise<AgentResultView>;
  invokeIterative(name: string, inputs: Record<string, unknown>, o: IterativeCallOptions): Promise<IterativeResultView>;
  stream(
    name: string,
    inputs: Record<string, unknown>,
    o: IterativeCallOptions,
  ): { events: AsyncIterable<{ type: string }>; result: Promise<IterativeResultView> };
  /** Resumes a run paused for approval; undefined when no such run is checkpointed. */
  resume(
    runId: string,
    decisions: ApprovalView[],
    subject: { id: string; scopes: string[]; tenantId: string },
  ): Promise<{ agent: string; result: IterativeResultView } | undefined>;
  /** Undefined when the model can be called; otherwise why invocations answer 503. */
  unavailable(): Promise<string | undefined>;
}

const inputsSchema = z.record(z.string(), z.unknown()).default({});

const effortField = z.enum(['low', 'medium', 'high']).optional();

const invokeBody = z.strictObject({
  inputs: inputsSchema,
  model: z.string().min(1).max(200).optional(),
  temperature: z.number().min(0).max(2).optional(),
  effort: effortField,
});

/** Body of `invoke-iterative` and `stream`, with the reference route's defaults. */
export const iterativeBody = z.strictObject({
  inputs: inputsSchema,
  model: z.string().min(1).max(200).optional(),
  temperature: z.number().min(0).max(2).default(0.7),
  max_iterations: z.number().int().min(1).max(200).default(20),
  max_tool_calls_per_iteration: z.number().int().min(1).max(100).default(5),
  enable_double_confirmation: z.boolean().default(true),
  loop_detection_threshold: z.number().int().min(0).max(100).default(3),
  active_skills: z.array(z.string().min(1)).max(50).optional(),
  effort: effortField,
});
type IterativeBody = z.output<typeof iterativeBody>;

const listQuery = z.strictObject({
  role: z.string().min(1).optional(),
  status: z.string().min(1).optional(),
});

async function guard(agents: AgentsPort, name: string, inputs: Record<string, unknown>): Promise<void> {
  if (agents.get(name) === undefined) throw new HttpProblem(404, 'RUNTIME_UNKNOWN_AGENT', `Agent '${name}' not found`);
  const scan = scanForInjection(inputs);
  if (!scan.safe) {
    throw new HttpProblem(400, 'APP_PROMPT_INJECTION', `Input rejected: ${scan.threats.join(', ')}`, scan);
  }
  const why = await agents.unavailable();
  if (why !== undefined) throw new HttpProblem(503, 'APP_MODEL_UNAVAILABLE', why);
}

/** The runtime subject: the token's scopes (`admin` expanded to every scope), which the tool policy checks. */
function subjectOf(p: Principal | undefined): { id: string; scopes: string[]; tenantId: string } {
  const scopes = p?.scopes.includes('admin') === true ? [...SCOPES] : [...(p?.scopes ?? [])];
  return { id: p?.subject ?? 'anonymous', scopes, tenantId: p?.tenantId ?? 'default' };
}

function iterativeOptions(body: IterativeBody, principal: Principal | undefined, signal: AbortSignal): IterativeCallOptions {
  return {
    ...(body.model === undefined ? {} : { model: body.model }),
    temperature: body.temperature,
    maxIterations: body.max_iterations,
    maxToolCallsPerStep: body.max_tool_calls_per_iteration,
    completion: body.enable_double_confirmation ? { mode: 'confirm' } : { mode: 'first-text' },
    loopDetection: body.loop_detection_threshold === 0 ? false : { threshold: body.loop_detection_threshold },
    ...(body.active_skills === undefined ? {} : { activeSkills: body.active_skills }),
    ...(body.effort === undefined ? {} : { effort: body.effort }),
    subject: subjectOf(principal),
    tenantId: principal?.tenantId ?? 'default',
    signal,
  };
}

/** The reference route's response shape (snake_case parity fields) plus the richer fields of this runtime. */
export function iterativeResponse(agent: string, r: IterativeResultView): Record<string, unknown> {
  return {
    agent,
    output: r.output,
    raw_response: r.rawResponse,
    tokens_used: r.tokensUsed,
    model: r.model,
    iterations: r.iterations,
    tool_calls_made: r.toolCallsMade,
    tools_used: r.toolsUsed,
    termination_reason: r.terminationReason,
    status: r.status,
    ...(r.detail === undefined ? {} : { detail: r.detail }),
    usage: r.usage,
    ...(r.routingDecision === undefined ? {} : { routing: r.routingDecision }),
    ...(r.runId === undefined ? {} : { run_id: r.runId }),
    ...(r.pendingApprovals === undefined
      ? {}
      : { pending_approvals: r.pendingApprovals.map((p) => ({ call_id: p.callId, tool: p.tool, reason: p.reason })) }),
  };
}

const approveBody = z.strictObject({
  decisions: z
    .array(
      z.strictObject({
        call_id: z.string().min(1).max(200),
        approved: z.boolean(),
        note: z.string().max(2000).optional(),
        edited_args: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .min(1)
    .max(100),
});

/** Agents: list, get, invoke, invoke-iterative, and the SSE stream of an iterative run. */
export function agentRoutes(agents: AgentsPort): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/v1/agents',
      summary: 'List agent definitions (optionally by role or status)',
      tag: 'agents',
      access: 'agents:read',
      query: listQuery,
      handler: ({ query }) =>
        agents
          .list()
          .filter((a) => (query.role === undefined || a.role === query.role) && (query.status === undefined || a.status === query.status))
          .map((a) => ({
            name: a.name,
            version: a.version,
            role: a.role,
            description: a.description,
            status: a.status,
            capabilities: a.capabilities,
            skills: a.skills,
          })),
    }),
    route({
      method: 'get',
      path: '/v1/agents/:name',
      summary: 'One agent definition',
      tag: 'agents',
      access: 'agents:read',
      errors: [404],
      handler: ({ params }) => {
        const def = agents.get(params['name'] as string);
        if (def === undefined) throw new HttpProblem(404, 'RUNTIME_UNKNOWN_AGENT', `Agent '${params['name']}' not found`);
        return def;
      },
    }),
    route({
      method: 'post',
      path: '/v1/agents/:name/invoke',
      summary: 'Single-shot invocation',
      tag: 'agents',
      access: 'agents:invoke',
      body: invokeBody,
      errors: [400, 404, 422, 502, 503],
      handler: async ({ c, body, params, principal }) => {
        const name = params['name'] as string;
        await guard(agents, name, body.inputs);
        const r = await agents.invoke(name, body.inputs, {
          ...(body.model === undefined ? {} : { model: body.model }),
          ...(body.temperature === undefined ? {} : { temperature: body.temperature }),
          ...(body.effort === undefined ? {} : { effort: body.effort }),
          subject: subjectOf(principal),
          tenantId: principal?.tenantId ?? 'default',
          signal: c.req.raw.signal,
        });
        return {
          agent: name,
          output: r.output,
          raw_response: r.rawResponse,
          tokens_used: r.tokensUsed,
          model: r.model,
          usage: r.usage,
          ...(r.routingDecision === undefined ? {} : { routing: r.routingDecision }),
        };
      },
    }),
    route({
      method: 'post',
      path: '/v1/agents/:name/invoke-iterative',
      summary: 'Iterative tool-loop invocation (defaults: 20 iterations, 5 calls per iteration, double confirmation, loop threshold 3, temperature 0.7)',
      tag: 'agents',
      access: 'agents:invoke',
      body: iterativeBody,
      errors: [400, 404, 422, 502, 503],
      handler: async ({ c, body, params, principal }) => {
        const name = params['name'] as string;
        await guard(agents, name, body.inputs);
        const r = await agents.invokeIterative(name, body.inputs, iterativeOptions(body, principal, c.req.raw.signal));
        return iterativeResponse(name, r);
      },
    }),
    route({
      method: 'post',
      path: '/v1/agents/runs/:id/approve',
      summary: 'Approve or reject the tool calls a paused run is waiting on, and resume it (state from the store)',
      tag: 'agents',
      access: 'agents:invoke',
      body: approveBody,
      errors: [404, 409, 502, 503],
      handler: async ({ body, params, principal }) => {
        const why = await agents.unavailable();
        if (why !== undefined) throw new HttpProblem(503, 'APP_MODEL_UNAVAILABLE', why);
        const resumed = await agents.resume(
          params['id'] as string,
          body.decisions.map((d) => ({
            callId: d.call_id,
            approved: d.approved,
            ...(d.note === undefined ? {} : { note: d.note }),
            ...(d.edited_args === undefined ? {} : { editedArgs: d.edited_args }),
          })),
          subjectOf(principal),
        );
        if (resumed === undefined) throw new HttpProblem(404, 'APP_RUN_NOT_FOUND', `No paused run ${params['id']}`);
        return iterativeResponse(resumed.agent, resumed.result);
      },
    }),
    route({
      method: 'post',
      path: '/v1/agents/:name/stream',
      summary: 'Iterative invocation streamed as server-sent events (run events, then a `result` event)',
      tag: 'agents',
      access: 'agents:invoke',
      body: iterativeBody,
      produces: 'text/event-stream',
      errors: [400, 404, 422, 503],
      handler: async ({ c, body, params, principal }) => {
        const name = params['name'] as string;
        await guard(agents, name, body.inputs);
        const controller = new AbortController();
        const run = agents.stream(name, body.inputs, iterativeOptions(body, principal, controller.signal));
        return streamSSE(c, async (sse) => {
          sse.onAbort(() => controller.abort());
          let id = 0;
          for await (const event of run.events) {
            await sse.writeSSE({ event: event.type, data: JSON.stringify(event), id: String(id++) });
          }
          try {
            const result = await run.result;
            await sse.writeSSE({ event: 'result', data: JSON.stringify(iterativeResponse(name, result)), id: String(id++) });
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            await sse.writeSSE({ event: 'error', data: JSON.stringify({ message }), id: String(id++) });
          }
        });
      },
    }),
  ];
}
