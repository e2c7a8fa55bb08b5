/**
 * Effort-routing shapes as the runtime consumes them. They mirror `RouteRequest` / `RoutingDecision` of
 * `@agent33/observability` structurally, so observability's `EffortRouter` satisfies {@link ExecutionRouter}
 * without either package importing the other's implementation.
 */
export type EffortLevel = 'low' | 'medium' | 'high';

/** Input of one routing decision. */
export interface RouteRequest {
  defaultModel: string;
  maxTokens: number;
  requestedModel?: string;
  effort?: EffortLevel | string;
  tenantId?: string;
  domain?: string;
  inputs?: Readonly<Record<string, unknown>> | null;
  iterative?: boolean;
  maxIterations?: number;
  provider?: string;
  estimatedInputTokens?: number;
}

/** The routing decision the runtime applies (model and token budget). */
export interface RoutingDecision {
  effort: EffortLevel;
  source: string;
  routingEnabled: boolean;
  model: string;
  maxTokens: number;
  tokenMultiplier: number;
  estimatedTokenBudget: number;
  cost: { usd: number; status: string; source: string; priceKey?: string } | null;
  tenantId?: string;
  domain?: string;
  policyKey?: string;
  heuristic?: unknown;
  requestedEffortInvalid?: boolean;
}

/** Chooses model and output budget before a run; satisfied structurally by observability's `EffortRouter`. */
export interface ExecutionRouter {
  resolve(r: RouteRequest): RoutingDecision;
}
