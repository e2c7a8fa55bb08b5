import { ConfigError } from '../errors/config-error.js';
import { err, type Result } from '../result.js';
import { parseEffortPolicyJson } from './policies.js';
import { resolveRouterConfig } from './router-config.js';
import { EFFORT_LEVELS, parseEffortLevel, type EffortLevel, type EffortRouterConfig, type EffortRouterInit, type EffortTier } from './types.js';

type Env = Readonly<Record<string, string | undefined>>;

const TRUE = new Set(['1', 'true', 't', 'yes', 'y', 'on']);
const FALSE = new Set(['0', 'false', 'f', 'no', 'n', 'off']);

/** Reads a boolean setting the way pydantic does (`true/1/yes/on`, `false/0/no/off`), or reports it. */
export function envBoolean(env: Env, name: string, fallback: boolean, errors: ConfigError[]): boolean {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = raw.trim().toLowerCase();
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  errors.push(new ConfigError('OBS_BAD_CONFIG', `not a boolean: ${JSON.stringify(raw)}`, { path: name }));
  return fallback;
}

/** Reads a numeric setting, or reports it. */
export function envNumber(env: Env, name: string, fallback: number, errors: ConfigError[]): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim());
  if (Number.isNaN(value)) {
    errors.push(new ConfigError('OBS_BAD_CONFIG', `not a number: ${JSON.stringify(raw)}`, { path: name }));
    return fallback;
  }
  return value;
}

function envPolicy(env: Env, name: string, errors: ConfigError[]): Record<string, EffortLevel> {
  const raw = env[name];
  if (raw === undefined) return {};
  const parsed = parseEffortPolicyJson(raw, name);
  if (parsed.ok) return parsed.value;
  errors.push(parsed.error);
  return {};
}

/**
 * Builds a router configuration from the reference's environment names: `AGENT_EFFORT_ROUTING_ENABLED`,
 * `AGENT_EFFORT_DEFAULT`, `AGENT_EFFORT_{LOW,MEDIUM,HIGH}_MODEL`, `AGENT_EFFORT_{LOW,MEDIUM,HIGH}_TOKEN_MULTIPLIER`,
 * `AGENT_EFFORT_HEURISTIC_ENABLED`, `AGENT_EFFORT_POLICY_{TENANT,DOMAIN,TENANT_DOMAIN}` (JSON objects) and
 * `AGENT_EFFORT_COST_PER_1K_TOKENS`. Defaults match the reference (routing off, medium, multipliers 1.0, heuristic
 * on, no cost). An unknown `AGENT_EFFORT_DEFAULT` falls back to medium as in the reference; everything else that
 * does not parse (booleans, numbers, policy JSON, multipliers ≤ 0) is reported, all problems at once.
 */
export function effortRouterConfigFromEnv(env: Env): Result<EffortRouterConfig, ConfigError[]> {
  const errors: ConfigError[] = [];
  const tiers: Partial<Record<EffortLevel, Partial<EffortTier>>> = {};
  for (const level of EFFORT_LEVELS) {
    const upper = level.toUpperCase();
    const model = env[`AGENT_EFFORT_${upper}_MODEL`]?.trim();
    const tokenMultiplier = envNumber(env, `AGENT_EFFORT_${upper}_TOKEN_MULTIPLIER`, 1, errors);
    tiers[level] = model ? { model, tokenMultiplier } : { tokenMultiplier };
  }
  const init: EffortRouterInit = {
    enabled: envBoolean(env, 'AGENT_EFFORT_ROUTING_ENABLED', false, errors),
    defaultEffort: parseEffortLevel(env.AGENT_EFFORT_DEFAULT ?? 'medium') ?? 'medium',
    tiers,
    heuristic: envBoolean(env, 'AGENT_EFFORT_HEURISTIC_ENABLED', true, errors) ? {} : false,
    policies: {
      tenant: envPolicy(env, 'AGENT_EFFORT_POLICY_TENANT', errors),
      domain: envPolicy(env, 'AGENT_EFFORT_POLICY_DOMAIN', errors),
      tenantDomain: envPolicy(env, 'AGENT_EFFORT_POLICY_TENANT_DOMAIN', errors),
    },
    flatCostPer1kTokens: envNumber(env, 'AGENT_EFFORT_COST_PER_1K_TOKENS', 0, errors),
  };
  const resolved = resolveRouterConfig(init);
  if (!resolved.ok) {
    // Name the environment variable rather than the config path where one exists.
    for (const problem of resolved.error) {
      const tier = /^tiers\.(low|medium|high)\.tokenMultiplier$/.exec(problem.path ?? '')?.[1];
      errors.push(tier ? new ConfigError('OBS_BAD_CONFIG', problem.message.replace(/^[^:]+: /, ''), { path: `AGENT_EFFORT_${tier.toUpperCase()}_TOKEN_MULTIPLIER` }) : problem);
    }
  }
  if (errors.length > 0) return err(errors);
  return resolved;
}
