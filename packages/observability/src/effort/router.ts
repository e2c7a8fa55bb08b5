import { InvalidInputError } from '../errors/invalid-input-error.js';
import type { CostEstimate } from '../pricing/price-entry.js';
import type { ConfigError } from '../errors/config-error.js';
import { err, ok, type Result } from '../result.js';
import { classifyEffort } from './classifier.js';
import { classifierPresets } from './classifier-presets.js';
import { lookupPolicy, normalisePolicies } from './policies.js';
import { compactJson } from './python-json.js';
import { resolveRouterConfig } from './router-config.js';
import { parseEffortLevel, type EffortLevel, type EffortRouter, type EffortRouterConfig, type EffortRouterInit, type EffortSource, type HeuristicResult, type RouteRequest, type RoutingDecision } from './types.js';

function nonEmpty(value: string | undefined | null): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function validateRequest(request: RouteRequest): void {
  if (request === null || typeof request !== 'object') throw new InvalidInputError('request', 'must be an object');
  if (typeof request.defaultModel !== 'string') throw new InvalidInputError('defaultModel', 'must be a string');
  if (typeof request.maxTokens !== 'number' || !Number.isFinite(request.maxTokens) || request.maxTokens < 1) {
    throw new InvalidInputError('maxTokens', `must be a finite number ≥ 1, got ${String(request.maxTokens)}`);
  }
  if (request.maxIterations !== undefined && request.maxIterations !== null && (typeof request.maxIterations !== 'number' || Number.isNaN(request.maxIterations))) {
    throw new InvalidInputError('maxIterations', 'must be a number');
  }
  const inputTokens = request.estimatedInputTokens;
  if (inputTokens !== undefined && (typeof inputTokens !== 'number' || !Number.isFinite(inputTokens) || inputTokens < 0)) {
    throw new InvalidInputError('estimatedInputTokens', 'must be a finite number ≥ 0');
  }
}

class Router implements EffortRouter {
  readonly config: Readonly<EffortRouterConfig>;
  private readonly policies;
  private readonly domains: ReadonlySet<string> | undefined;

  constructor(config: EffortRouterConfig) {
    this.config = Object.freeze(config);
    this.policies = normalisePolicies(config.policies, config.caseSensitiveTenants);
    this.domains = config.domainAllowlist ? new Set(config.domainAllowlist) : undefined;
  }

  classify(inputs: RouteRequest['inputs'], options: { iterative?: boolean; maxIterations?: number } = {}): HeuristicResult {
    // With the heuristic switched off for routing, explicit classification still uses the reference rules.
    const heuristic = this.config.heuristic === false ? classifierPresets.v1 : this.config.heuristic;
    return classifyEffort(heuristic, inputs, options);
  }

  resolve(request: RouteRequest): RoutingDecision {
    validateRequest(request);
    const config = this.config;
    const tenantId = nonEmpty(request.tenantId);
    let domain = nonEmpty(request.domain)?.toLowerCase();
    // Unknown domains are dropped before policy lookup and telemetry so callers cannot mint new keys.
    if (domain !== undefined && this.domains !== undefined && !this.domains.has(domain)) domain = undefined;

    let effort: EffortLevel;
    let source: EffortSource;
    let policyKey: string | undefined;
    let heuristic: HeuristicResult | undefined;
    let requestedEffortInvalid = false;
    if (request.effort !== undefined && request.effort !== null) {
      source = 'request';
      const parsed = parseEffortLevel(request.effort);
      effort = parsed ?? config.defaultEffort;
      requestedEffortInvalid = parsed === undefined;
    } else {
      const match = lookupPolicy(this.policies, tenantId, domain);
      if (match) {
        effort = match.effort;
        source = 'policy';
        policyKey = match.key;
      } else if (config.heuristic !== false) {
        const options: { iterative?: boolean; maxIterations?: number } = { iterative: request.iterative ?? false };
        if (request.maxIterations !== undefined && request.maxIterations !== null) options.maxIterations = request.maxIterations;
        heuristic = classifyEffort(config.heuristic, request.inputs, options);
        effort = heuristic.effort;
        source = 'heuristic';
      } else {
        effort = config.defaultEffort;
        source = 'default';
      }
    }

    const tier = config.tiers[effort];
    const requestedModel = nonEmpty(request.requestedModel);
    let model: string;
    let maxTokens: number;
    let tokenMultiplier: number;
    if (config.enabled) {
      model = requestedModel ?? tier.model ?? request.defaultModel;
      tokenMultiplier = tier.tokenMultiplier;
      maxTokens = Math.max(1, Math.trunc(request.maxTokens * tokenMultiplier));
    } else {
      model = requestedModel ?? request.defaultModel;
      tokenMultiplier = 1;
      maxTokens = Math.trunc(request.maxTokens);
    }

    const decision: RoutingDecision = {
      effort,
      source,
      routingEnabled: config.enabled,
      model,
      maxTokens,
      tokenMultiplier,
      estimatedTokenBudget: maxTokens,
      cost: this.estimateCost(request, model, maxTokens),
    };
    if (tenantId !== undefined) decision.tenantId = tenantId;
    if (domain !== undefined) decision.domain = domain;
    if (policyKey !== undefined) decision.policyKey = policyKey;
    if (heuristic !== undefined) decision.heuristic = heuristic;
    if (requestedEffortInvalid) decision.requestedEffortInvalid = true;
    return decision;
  }

  private estimateCost(request: RouteRequest, model: string, budget: number): CostEstimate | null {
    const pricing = this.config.pricing;
    if (pricing) {
      // Pre-call: output = the routed budget; input = the caller's count or a characters ÷ 4 guess (never the budget twice).
      const inputTokens = request.estimatedInputTokens ?? (request.inputs ? Math.ceil(compactJson(request.inputs).length / 4) : 0);
      const estimate = pricing.estimate({ inputTokens, outputTokens: budget, cacheReadInputTokens: 0, reasoningOutputTokens: 0 }, model, request.provider, 'estimated');
      if (estimate.status !== 'unknown') return estimate;
    }
    const rate = this.config.flatCostPer1kTokens ?? 0;
    if (rate > 0) {
      // The reference: one flat rate over the output budget, rounded to 6 places.
      return { usd: Math.round((budget / 1000) * rate * 1e6) / 1e6, status: 'estimated', source: 'flat_rate' };
    }
    return pricing ? { usd: 0, status: 'unknown', source: 'none' } : null;
  }
}

/**
 * Creates the effort router. Returns every configuration problem at once as {@link ConfigError}s instead of throwing
 * (use `unwrap()` to throw). `resolve()` is pure and synchronous; it throws {@link InvalidInputError} for a request
 * with a non-finite or < 1 `maxTokens`, a non-string default model, or circular inputs.
 */
export function createEffortRouter(config?: EffortRouterInit): Result<EffortRouter, ConfigError[]> {
  const resolved = resolveRouterConfig(config ?? {});
  if (!resolved.ok) return err(resolved.error);
  return ok(new Router(resolved.value));
}
