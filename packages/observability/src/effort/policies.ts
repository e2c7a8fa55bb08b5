import { ConfigError } from '../errors/config-error.js';
import { err, ok, type Result } from '../result.js';
import { parseEffortLevel, type EffortLevel, type EffortPolicies } from './types.js';

/** Policy maps with keys normalised for lookup. */
export interface NormalisedPolicies {
  readonly tenant: ReadonlyMap<string, EffortLevel>;
  readonly domain: ReadonlyMap<string, EffortLevel>;
  readonly tenantDomain: ReadonlyMap<string, EffortLevel>;
  readonly caseSensitiveTenants: boolean;
}

/** A policy hit: the effort and the key that matched (`tenant|domain`, `tenant` or `domain`). */
export interface PolicyMatch {
  effort: EffortLevel;
  key: string;
}

/**
 * Coerces a raw map the way the reference does: keys trimmed (empty ones dropped) and optionally lower-cased; values
 * trimmed and lower-cased; entries whose value is not an effort level (or not a string) dropped silently.
 */
export function coercePolicyMap(raw: Readonly<Record<string, unknown>> | undefined, lowerCaseKeys: boolean): Map<string, EffortLevel> {
  const map = new Map<string, EffortLevel>();
  if (!raw) return map;
  for (const [rawKey, rawValue] of Object.entries(raw)) {
    const trimmed = rawKey.trim();
    if (trimmed === '') continue;
    const level = parseEffortLevel(rawValue);
    if (level === undefined) continue;
    map.set(lowerCaseKeys ? trimmed.toLowerCase() : trimmed, level);
  }
  return map;
}

/**
 * Normalises the three policy maps. Domain and composite keys are always lower-cased. Tenant-map keys are lower-cased
 * too unless `caseSensitiveTenants` (the reference kept their case and then missed upper-case tenants in composite
 * lookups).
 */
export function normalisePolicies(policies: EffortPolicies, caseSensitiveTenants: boolean): NormalisedPolicies {
  return {
    tenant: coercePolicyMap(policies.tenant, !caseSensitiveTenants),
    domain: coercePolicyMap(policies.domain, true),
    tenantDomain: coercePolicyMap(policies.tenantDomain, true),
    caseSensitiveTenants,
  };
}

/**
 * Looks up the effort for a tenant and domain: `tenant|domain` first (when both are present), then tenant, then
 * domain. `tenant` is the trimmed tenant id with its case; `domain` is already trimmed and lower-cased.
 */
export function lookupPolicy(policies: NormalisedPolicies, tenant: string | undefined, domain: string | undefined): PolicyMatch | undefined {
  const tenantKey = tenant === undefined ? undefined : policies.caseSensitiveTenants ? tenant : tenant.toLowerCase();
  if (tenantKey !== undefined && domain !== undefined) {
    const key = `${tenantKey}|${domain}`;
    const effort = policies.tenantDomain.get(key);
    if (effort) return { effort, key };
  }
  if (tenantKey !== undefined) {
    const effort = policies.tenant.get(tenantKey);
    if (effort) return { effort, key: tenantKey };
  }
  if (domain !== undefined) {
    const effort = policies.domain.get(domain);
    if (effort) return { effort, key: domain };
  }
  return undefined;
}

/**
 * Parses an effort policy JSON document (`{"tenant-a": "high"}`), as read from `AGENT_EFFORT_POLICY_*`. An empty
 * string is an empty policy. Invalid JSON or a non-object is a {@link ConfigError} (`OBS_BAD_POLICY_JSON`);
 * entries with invalid or non-string values are dropped (reference behaviour). Keys are trimmed, not re-cased:
 * case handling belongs to the router.
 */
export function parseEffortPolicyJson(raw: string, path?: string): Result<Record<string, EffortLevel>, ConfigError> {
  const options = path === undefined ? {} : { path };
  if (typeof raw !== 'string') return err(new ConfigError('OBS_BAD_POLICY_JSON', 'policy must be a JSON string', options));
  if (raw.trim() === '') return ok({});
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (cause) {
    return err(new ConfigError('OBS_BAD_POLICY_JSON', 'policy is not valid JSON', { ...options, cause }));
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return err(new ConfigError('OBS_BAD_POLICY_JSON', 'policy must be a JSON object mapping keys to low|medium|high', options));
  }
  return ok(Object.fromEntries(coercePolicyMap(parsed as Record<string, unknown>, false)));
}
