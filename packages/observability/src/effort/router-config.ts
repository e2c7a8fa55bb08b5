import { ConfigError } from '../errors/config-error.js';
import { err, ok, type Result } from '../result.js';
import { classifierPresets } from './classifier-presets.js';
import { EFFORT_LEVELS, parseEffortLevel, type ClassifierConfig, type EffortLevel, type EffortRouterConfig, type EffortRouterInit, type EffortTier } from './types.js';

function positiveFinite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function resolveClassifier(init: EffortRouterInit['heuristic'], errors: ConfigError[]): ClassifierConfig | false {
  if (init === false) return false;
  const base = init?.preset === 'v2' ? classifierPresets.v2 : classifierPresets.v1;
  const config: ClassifierConfig = { ...base, ...(init ?? {}) };
  const numeric = ['lowScoreThreshold', 'highScoreThreshold', 'mediumPayloadChars', 'largePayloadChars', 'manyInputFieldsThreshold', 'highIterationThreshold'] as const;
  for (const key of numeric) {
    if (typeof config[key] !== 'number' || !Number.isFinite(config[key])) {
      errors.push(new ConfigError('OBS_BAD_CONFIG', `must be a finite number, got ${String(config[key])}`, { path: `heuristic.${key}` }));
    }
  }
  if (!(config.highScoreThreshold > config.lowScoreThreshold)) {
    errors.push(new ConfigError('OBS_BAD_CONFIG', 'highScoreThreshold must be greater than lowScoreThreshold', { path: 'heuristic.highScoreThreshold' }));
  }
  if (!(config.largePayloadChars > config.mediumPayloadChars)) {
    errors.push(new ConfigError('OBS_BAD_CONFIG', 'largePayloadChars must be greater than mediumPayloadChars', { path: 'heuristic.largePayloadChars' }));
  }
  if (config.lengthMode !== 'python' && config.lengthMode !== 'compact') {
    errors.push(new ConfigError('OBS_BAD_CONFIG', "must be 'python' or 'compact'", { path: 'heuristic.lengthMode' }));
  }
  if (!Array.isArray(config.keywords)) errors.push(new ConfigError('OBS_BAD_CONFIG', 'must be an array', { path: 'heuristic.keywords' }));
  return config;
}

/**
 * Fills in and validates a router configuration. Defaults are the reference's neutral ones: routing disabled
 * (shadow mode), default effort medium, no tier models, multipliers 1.0, classifier v1, no policies, no cost rate.
 * Every problem is reported (multipliers must be finite and > 0, thresholds ordered, default effort valid).
 */
export function resolveRouterConfig(init: EffortRouterInit = {}): Result<EffortRouterConfig, ConfigError[]> {
  const errors: ConfigError[] = [];
  if (init === null || typeof init !== 'object') {
    return err([new ConfigError('OBS_BAD_CONFIG', 'router configuration must be an object')]);
  }
  const defaultEffort = init.defaultEffort ?? 'medium';
  if (parseEffortLevel(defaultEffort) !== defaultEffort) {
    errors.push(new ConfigError('OBS_BAD_CONFIG', `must be low, medium or high, got ${String(defaultEffort)}`, { path: 'defaultEffort' }));
  }
  const tiers = {} as Record<EffortLevel, EffortTier>;
  for (const level of EFFORT_LEVELS) {
    const tier = init.tiers?.[level];
    const tokenMultiplier = tier?.tokenMultiplier ?? 1;
    if (!positiveFinite(tokenMultiplier)) {
      errors.push(new ConfigError('OBS_BAD_CONFIG', `must be a finite number > 0, got ${String(tokenMultiplier)}`, { path: `tiers.${level}.tokenMultiplier` }));
    }
    if (tier?.model !== undefined && typeof tier.model !== 'string') {
      errors.push(new ConfigError('OBS_BAD_CONFIG', 'must be a string', { path: `tiers.${level}.model` }));
    }
    const model = tier?.model?.trim();
    tiers[level] = model ? { model, tokenMultiplier } : { tokenMultiplier };
  }
  const heuristic = resolveClassifier(init.heuristic, errors);
  const flat = init.flatCostPer1kTokens;
  if (flat !== undefined && (typeof flat !== 'number' || Number.isNaN(flat))) {
    errors.push(new ConfigError('OBS_BAD_CONFIG', 'must be a number', { path: 'flatCostPer1kTokens' }));
  }
  if (init.domainAllowlist !== undefined && !Array.isArray(init.domainAllowlist)) {
    errors.push(new ConfigError('OBS_BAD_CONFIG', 'must be an array of domains', { path: 'domainAllowlist' }));
  }
  if (errors.length > 0) return err(errors);

  const config: EffortRouterConfig = {
    enabled: init.enabled ?? false,
    defaultEffort,
    tiers,
    heuristic,
    policies: init.policies ?? {},
    caseSensitiveTenants: init.caseSensitiveTenants ?? false,
  };
  if (init.domainAllowlist !== undefined) config.domainAllowlist = init.domainAllowlist.map((domain) => domain.trim().toLowerCase());
  if (init.pricing !== undefined) config.pricing = init.pricing;
  // The reference clamps the rate with max(0, x); ≤ 0 means no flat-rate estimate.
  if (flat !== undefined) config.flatCostPer1kTokens = Math.max(0, flat);
  return ok(config);
}
