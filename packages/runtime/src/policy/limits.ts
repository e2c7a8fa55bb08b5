import { RuntimeOptionsError } from '../errors/runtime-options-error.js';
import type { Usage } from '../model/types.js';
import { totalTokens } from '../model/usage.js';
import type { RunBudget } from './types.js';

/** A run budget from simple limits: total tokens, cost (with a pricing function), tool calls and wall time. */
export function limits(o: {
  maxTokens?: number;
  maxCostUsd?: number;
  maxToolCalls?: number;
  maxWallMs?: number;
  pricing?: (model: string, u: Usage) => number;
}): RunBudget {
  for (const [k, v] of Object.entries(o)) {
    if (k !== 'pricing' && v !== undefined && !(typeof v === 'number' && v >= 0)) throw new RuntimeOptionsError(`limits.${k} must be a non-negative number`);
  }
  if (o.maxCostUsd !== undefined && o.pricing === undefined) throw new RuntimeOptionsError('limits.maxCostUsd needs a pricing function');
  let cost = 0;
  const common = (s: { usage: Usage; elapsedMs: number; toolCallsMade: number }) => {
    if (o.maxTokens !== undefined && totalTokens(s.usage) >= o.maxTokens) return { ok: false, reason: `token budget ${o.maxTokens} reached` };
    if (o.maxWallMs !== undefined && s.elapsedMs >= o.maxWallMs) return { ok: false, reason: `wall-time budget ${o.maxWallMs} ms reached` };
    if (o.maxCostUsd !== undefined && cost >= o.maxCostUsd) return { ok: false, reason: `cost budget $${o.maxCostUsd} reached` };
    return { ok: true };
  };
  return {
    beforeStep: (s) => common(s),
    beforeToolCall: (_c, s) =>
      o.maxToolCalls !== undefined && s.toolCallsMade >= o.maxToolCalls
        ? { ok: false, reason: `tool-call budget ${o.maxToolCalls} reached` }
        : common(s),
    afterModelCall: (u, s) => {
      if (o.pricing !== undefined) cost += o.pricing(s.model, u);
      return common(s);
    },
  };
}
