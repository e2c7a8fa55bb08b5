import type { CostEstimate } from '../pricing/price-entry.js';
import type { PricingTable } from '../pricing/pricing-table.js';

/** How much effort (model tier and token budget) a request gets. */
export type EffortLevel = 'low' | 'medium' | 'high';

/** Which rule chose the effort: the request itself, a tenant/domain policy, the classifier, or the default. */
export type EffortSource = 'request' | 'policy' | 'heuristic' | 'default';

/** Why the classifier scored a request the way it did. */
export type HeuristicReason =
  | 'empty_or_missing_inputs'
  | 'iterative_mode'
  | 'high_iteration_budget'
  | 'large_payload'
  | 'medium_payload'
  | 'many_input_fields'
  | 'complex_task_keywords'
  | 'balanced_request'
  | 'simple_message_fast_path';

/** A keyword category of the v2 classifier: +1 once when any of its keywords occurs. */
export interface KeywordCategory {
  readonly category: string;
  readonly keywords: readonly string[];
}

/** Scoring rules of the effort classifier; see `classifierPresets` for the reference values. */
export interface ClassifierConfig {
  preset: 'v1' | 'v2';
  /** Score at or below which the effort is low (1). */
  lowScoreThreshold: number;
  /** Score at or above which the effort is high (4). */
  highScoreThreshold: number;
  /** Payload length that scores +1 (800). */
  mediumPayloadChars: number;
  /** Payload length that scores +2 instead (2000). */
  largePayloadChars: number;
  /** Top-level input keys that score +1 (10). */
  manyInputFieldsThreshold: number;
  /** `maxIterations` that scores +1 (15). */
  highIterationThreshold: number;
  /** v1: one flat list (+1 once); v2: categories (+1 per category hit). */
  keywords: readonly string[] | readonly KeywordCategory[];
  /** v2 only: short simple text goes straight to low (160 chars / 28 words). */
  fastPath?: { maxChars: number; maxWords: number } | false;
  /** `python`: payload length as Python's `json.dumps(sort_keys=True, ensure_ascii=False)`; `compact`: JSON.stringify. */
  lengthMode: 'python' | 'compact';
}

/** Model and token multiplier of one effort tier. */
export interface EffortTier {
  readonly model?: string;
  readonly tokenMultiplier: number;
}

/** Effort policies by tenant, domain and `tenant|domain`. */
export interface EffortPolicies {
  readonly tenant?: Readonly<Record<string, EffortLevel>>;
  readonly domain?: Readonly<Record<string, EffortLevel>>;
  /** Keys `"tenant|domain"`. */
  readonly tenantDomain?: Readonly<Record<string, EffortLevel>>;
}

/** Complete router configuration (every field resolved). */
export interface EffortRouterConfig {
  /** false = shadow mode: effort is computed and reported, model and max tokens pass through. */
  enabled: boolean;
  defaultEffort: EffortLevel;
  tiers: Readonly<Record<EffortLevel, EffortTier>>;
  heuristic: ClassifierConfig | false;
  policies: EffortPolicies;
  /** false (default): tenant ids match case-insensitively everywhere; true reproduces the reference's composite-key miss. */
  caseSensitiveTenants: boolean;
  /** When set, a domain outside this list is ignored for policy lookup and telemetry. */
  domainAllowlist?: readonly string[];
  pricing?: PricingTable;
  /** Legacy flat USD rate per 1K output-budget tokens, used when no price is found (≤ 0 disables it). */
  flatCostPer1kTokens?: number;
}

/** What `createEffortRouter` accepts: any subset, with tiers and classifier settings mergeable field by field. */
export interface EffortRouterInit {
  enabled?: boolean;
  defaultEffort?: EffortLevel;
  tiers?: Partial<Record<EffortLevel, Partial<EffortTier>>>;
  heuristic?: Partial<ClassifierConfig> | false;
  policies?: EffortPolicies;
  caseSensitiveTenants?: boolean;
  domainAllowlist?: readonly string[];
  pricing?: PricingTable;
  flatCostPer1kTokens?: number;
}

/** One routing question: the run's defaults and what is known about the request. */
export interface RouteRequest {
  defaultModel: string;
  maxTokens: number;
  requestedModel?: string;
  /** Any value other than undefined/null is an explicit request; invalid values fall back to the default effort. */
  effort?: EffortLevel | string | null;
  tenantId?: string;
  domain?: string;
  inputs?: Readonly<Record<string, unknown>> | null;
  iterative?: boolean;
  maxIterations?: number;
  provider?: string;
  /** Input tokens for the pre-call cost estimate; a characters ÷ 4 guess is used when absent. */
  estimatedInputTokens?: number;
}

/** The classifier's verdict. */
export interface HeuristicResult {
  effort: EffortLevel;
  confidence: number;
  score: number;
  lowThreshold: number;
  highThreshold: number;
  reasons: readonly HeuristicReason[];
}

/** The router's answer, reported to telemetry and returned to API clients. */
export interface RoutingDecision {
  effort: EffortLevel;
  source: EffortSource;
  routingEnabled: boolean;
  model: string;
  maxTokens: number;
  tokenMultiplier: number;
  estimatedTokenBudget: number;
  cost: CostEstimate | null;
  tenantId?: string;
  domain?: string;
  policyKey?: string;
  heuristic?: HeuristicResult;
  /** Set when the request named an effort that is not low/medium/high (the default was used). */
  requestedEffortInvalid?: boolean;
}

/** Picks model, token budget and cost for each request. Structurally satisfies the runtime's `ExecutionRouter`. */
export interface EffortRouter {
  readonly config: Readonly<EffortRouterConfig>;
  resolve(request: RouteRequest): RoutingDecision;
  classify(inputs: RouteRequest['inputs'], options?: { iterative?: boolean; maxIterations?: number }): HeuristicResult;
}

/** The three effort levels, in order. */
export const EFFORT_LEVELS: readonly EffortLevel[] = ['low', 'medium', 'high'];

/** Parses an effort level: trimmed, case-insensitive; `undefined` when it is not one. */
export function parseEffortLevel(value: unknown): EffortLevel | undefined {
  if (typeof value !== 'string') return undefined;
  const normalised = value.trim().toLowerCase();
  return normalised === 'low' || normalised === 'medium' || normalised === 'high' ? normalised : undefined;
}
