import type { Message, ToolCall } from '../model/types.js';
import type { SchemaValidator } from '../ports/index.js';
import type { PolicyContext, RunBudget, ToolPolicy } from '../policy/types.js';
import { repairJson } from '../tools/repair.js';
import { formatValidationErrors } from '../tools/validate.js';
import type { PreparedToolCall, ToolCallRepairFn, ToolDefinition, ToolSet } from '../tools/types.js';
import type { RunSnapshot, ToolCallOutcome, ToolCallOutcomeKind } from './types.js';

/** What preparing one call produced. */
export type Preparation =
  | { kind: 'ready'; prepared: PreparedToolCall; tool: ToolDefinition }
  | { kind: 'ask'; prepared: PreparedToolCall; tool: ToolDefinition; reason: string }
  | { kind: 'budget'; prepared: PreparedToolCall; reason: string }
  | { kind: 'done'; outcome: ToolCallOutcome };

/** Everything preparation needs from the run. */
export interface PrepareContext {
  tools: ToolSet | undefined;
  validator: SchemaValidator;
  repair: ToolCallRepairFn | undefined;
  messages: readonly Message[];
  signal: AbortSignal;
  defaults: Record<string, Record<string, unknown>> | undefined;
  policy: ToolPolicy | undefined;
  policyContext: PolicyContext;
  budget: RunBudget | undefined;
  snapshot: () => RunSnapshot;
}

/** A finished outcome that never reached execution. */
export function outcome(call: { id: string; name: string }, kind: ToolCallOutcomeKind, content: string, extra: Partial<ToolCallOutcome> = {}): ToolCallOutcome {
  return { callId: call.id, tool: call.name, kind, content, durationMs: 0, ...extra };
}

function parseArgs(raw: string): { ok: true; value: unknown; repaired: boolean } | { ok: false; error: string } {
  const text = raw.trim() === '' ? '{}' : raw;
  try {
    return { ok: true, value: JSON.parse(text), repaired: false };
  } catch (error) {
    const repaired = repairJson(text);
    if (repaired !== undefined) return { ok: true, value: repaired, repaired: true };
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

const squash = (name: string): string => name.toLowerCase().replace(/[-_\s]/g, '');

function resolveName(tools: ToolSet | undefined, name: string): ToolDefinition | undefined {
  if (tools === undefined) return undefined;
  const exact = tools.get(name);
  if (exact !== undefined) return exact;
  const matches = tools.names.filter((n) => squash(n) === squash(name));
  return matches.length === 1 ? tools.get(matches[0]!) : undefined;
}

/**
 * Prepares one call: parse arguments (strict, then lenient repair, then the repair hook), resolve the name (exact,
 * then case/`-`/`_`-insensitive unique match, then the hook), apply skill parameter defaults, validate the input
 * schema, then consult policy and budget. The repair hook is called at most once per call.
 */
export async function prepareCall(call: ToolCall, index: number, ctx: PrepareContext): Promise<Preparation> {
  let current = call;
  let hookUsed = false;
  let repaired = false;
  const tryHook = async (error: 'invalid_json' | 'unknown_tool' | 'invalid_args', detail: string): Promise<ToolCall | null> => {
    if (hookUsed || ctx.repair === undefined || ctx.tools === undefined) return null;
    hookUsed = true;
    try {
      return await ctx.repair({ call: current, error, detail, tools: ctx.tools, messages: ctx.messages, signal: ctx.signal });
    } catch {
      return null;
    }
  };

  for (;;) {
    const parsed = parseArgs(current.arguments);
    if (!parsed.ok) {
      const fixed = await tryHook('invalid_json', parsed.error);
      if (fixed !== null) {
        current = fixed;
        repaired = true;
        continue;
      }
      return { kind: 'done', outcome: outcome(call, 'invalid_json', `Error: Invalid JSON arguments for tool '${call.name}': ${parsed.error}`, { reason: parsed.error }) };
    }
    repaired ||= parsed.repaired;
    const tool = resolveName(ctx.tools, current.name);
    if (tool === undefined) {
      const available = ctx.tools?.names.join(', ') ?? '';
      const detail = `Tool '${current.name}' not found in registry`;
      const fixed = await tryHook('unknown_tool', detail);
      if (fixed !== null) {
        current = fixed;
        repaired = true;
        continue;
      }
      return {
        kind: 'done',
        outcome: outcome(call, 'unknown_tool', `Error: ${detail}. Available tools: ${available === '' ? '(none)' : available}`, { reason: detail }),
      };
    }
    let input = parsed.value;
    const defaults = ctx.defaults?.[tool.name];
    if (defaults !== undefined && typeof input === 'object' && input !== null && !Array.isArray(input)) {
      input = { ...defaults, ...(input as Record<string, unknown>) };
    }
    const verdict = ctx.validator.validate(tool.inputSchema, input);
    if (!verdict.valid) {
      const detail = formatValidationErrors(verdict.errors);
      const fixed = await tryHook('invalid_args', detail);
      if (fixed !== null) {
        current = fixed;
        repaired = true;
        continue;
      }
      return {
        kind: 'done',
        outcome: outcome({ id: call.id, name: tool.name }, 'invalid_args', `Error: Parameter validation failed: ${detail}`, { reason: detail, ...(repaired ? { repaired } : {}) }),
      };
    }
    const prepared: PreparedToolCall = {
      callId: call.id,
      index,
      name: tool.name,
      requestedName: call.name,
      arguments: current.arguments,
      input,
      annotations: tool.annotations ?? {},
      repaired,
    };
    if (ctx.policy !== undefined) {
      let decision;
      try {
        decision = await ctx.policy.check(prepared, ctx.policyContext);
      } catch (error) {
        const reason = `policy check failed: ${error instanceof Error ? error.message : String(error)}`;
        decision = { decision: 'deny' as const, reason, rule: 'policy-error' };
      }
      if (decision.decision === 'deny') {
        const rule = decision.rule !== undefined ? ` \`${decision.rule}\`` : '';
        return {
          kind: 'done',
          outcome: outcome({ id: call.id, name: tool.name }, 'denied', `Error: Tool '${tool.name}' denied by policy${rule}: ${decision.reason}`, { reason: decision.reason }),
        };
      }
      if (decision.decision === 'ask') {
        const rule = decision.rule !== undefined ? `\`${decision.rule}\`: ` : '';
        return { kind: 'ask', prepared, tool, reason: `${rule}${decision.reason}` };
      }
    }
    if (ctx.budget !== undefined) {
      const b = ctx.budget.beforeToolCall(prepared, ctx.snapshot());
      if (!b.ok) return { kind: 'budget', prepared, reason: b.reason ?? 'tool-call budget exceeded' };
    }
    return { kind: 'ready', prepared, tool };
  }
}
