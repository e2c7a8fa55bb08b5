import type { Attributes } from '@opentelemetry/api';
import type { RoutingDecision } from '../effort/types.js';
import { ATTR, GEN_AI_OPERATIONS } from '../semconv.js';

/**
 * The span attributes of a routing decision on its `invoke_agent` span: routed model and max tokens plus the
 * `agent33.effort.*` keys (policy key, cost, heuristic details when present). Tenant and domain only when asked.
 */
export function decisionSpanAttributes(decision: RoutingDecision, withTenant: boolean): Attributes {
  const attributes: Attributes = {
    [ATTR.genAiOperationName]: GEN_AI_OPERATIONS.invokeAgent,
    [ATTR.genAiRequestModel]: decision.model,
    [ATTR.genAiRequestMaxTokens]: decision.maxTokens,
    [ATTR.effortLevel]: decision.effort,
    [ATTR.effortSource]: decision.source,
    [ATTR.effortRoutingEnabled]: decision.routingEnabled,
    [ATTR.effortTokenMultiplier]: decision.tokenMultiplier,
    [ATTR.effortTokenBudget]: decision.estimatedTokenBudget,
  };
  if (decision.policyKey !== undefined) attributes[ATTR.effortPolicyKey] = decision.policyKey;
  if (decision.cost && decision.cost.status !== 'unknown') attributes[ATTR.effortEstimatedCost] = decision.cost.usd;
  if (decision.heuristic) {
    attributes[ATTR.effortHeuristicConfidence] = decision.heuristic.confidence;
    attributes[ATTR.effortHeuristicScore] = decision.heuristic.score;
    attributes[ATTR.effortHeuristicReasons] = [...decision.heuristic.reasons];
  }
  if (decision.requestedEffortInvalid) attributes[ATTR.effortRequestedInvalid] = true;
  if (withTenant) {
    if (decision.tenantId !== undefined) attributes[ATTR.tenantId] = decision.tenantId;
    if (decision.domain !== undefined) attributes[ATTR.effortDomain] = decision.domain;
  }
  return attributes;
}
