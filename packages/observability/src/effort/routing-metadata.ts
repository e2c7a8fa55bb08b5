import type { EffortLevel, EffortSource, HeuristicReason, RoutingDecision } from './types.js';

/**
 * The reference's 12-key routing metadata (snake_case), as returned to API clients under `routing`, attached to
 * memory observations and exported in decision events.
 */
export interface RoutingMetadataV1 {
  effort: EffortLevel;
  effort_source: EffortSource;
  token_multiplier: number;
  estimated_token_budget: number;
  estimated_cost: number | null;
  tenant_id: string | null;
  domain: string | null;
  policy_key: string | null;
  heuristic_confidence: number | null;
  heuristic_reasons: HeuristicReason[];
  selected_model: string;
  routed_max_tokens: number;
}

/** Projects a decision onto exactly the reference's 12 keys (an unknown-price estimate becomes `null`). */
export function toRoutingMetadataV1(decision: RoutingDecision): RoutingMetadataV1 {
  const cost = decision.cost;
  return {
    effort: decision.effort,
    effort_source: decision.source,
    token_multiplier: decision.tokenMultiplier,
    estimated_token_budget: decision.estimatedTokenBudget,
    estimated_cost: cost === null || cost.status === 'unknown' ? null : cost.usd,
    tenant_id: decision.tenantId ?? null,
    domain: decision.domain ?? null,
    policy_key: decision.policyKey ?? null,
    heuristic_confidence: decision.heuristic?.confidence ?? null,
    heuristic_reasons: decision.heuristic ? [...decision.heuristic.reasons] : [],
    selected_model: decision.model,
    routed_max_tokens: decision.maxTokens,
  };
}
