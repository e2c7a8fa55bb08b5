import { envBoolean, envNumber } from '../effort/config-from-env.js';
import type { ConfigError } from '../errors/config-error.js';
import { err, ok, type Result } from '../result.js';
import { ATTR, METRICS } from '../semconv.js';
import type { AlertRule } from './types.js';

/** Thresholds of the default effort alert rules (the reference's settings). */
export interface EffortAlertSettings {
  /** High-effort decisions per window before alerting (reference 25). */
  highEffortCount: number;
  /** Maximum single estimated cost in USD (reference 5.0). */
  highCostUsd: number;
  /** Maximum single token budget (reference 8000). */
  highTokenBudget: number;
  /** true: lifetime windows and only the reference's three rules (reproduces its latching behaviour). */
  parity?: boolean;
  /** Export failures are critical when decisions are fail-closed. */
  failClosed?: boolean;
  /** Opt-in spend budget per tenant over a calendar period (warning at 80%, critical at 100%). */
  costBudget?: { usd: number; period?: 'calendar-day' | 'calendar-month' };
}

/**
 * The default effort rules: `high_effort_routing_volume` (high decisions, sum over 1 h > 25),
 * `high_effort_cost_spike` (max estimated cost over 15 min > 5.0), `high_effort_token_budget_spike` (max budget over
 * 15 min > 8000), `telemetry_export_failures` (increase over 5 min > 0) and, with `costBudget`, `cost_budget` per
 * tenant. `parity: true` gives only the first three with lifetime windows, as the reference evaluated them.
 */
export function defaultEffortAlertRules(settings: EffortAlertSettings): AlertRule[] {
  const parity = settings.parity ?? false;
  const rules: AlertRule[] = [
    {
      name: 'high_effort_routing_volume',
      metric: METRICS.effortDecisions,
      where: { [ATTR.effortLevel]: 'high' },
      aggregation: 'sum',
      window: parity ? 'lifetime' : 3_600_000,
      op: 'gt',
      threshold: settings.highEffortCount,
      severity: 'warning',
      annotations: { summary: 'High-effort routing volume {{value}} exceeds {{threshold}}' },
    },
    {
      name: 'high_effort_cost_spike',
      metric: METRICS.effortEstimatedCost,
      aggregation: 'max',
      window: parity ? 'lifetime' : 900_000,
      op: 'gt',
      threshold: settings.highCostUsd,
      severity: 'warning',
      annotations: { summary: 'Estimated cost {{value}} USD exceeds {{threshold}} USD' },
    },
    {
      name: 'high_effort_token_budget_spike',
      metric: METRICS.effortTokenBudget,
      aggregation: 'max',
      window: parity ? 'lifetime' : 900_000,
      op: 'gt',
      threshold: settings.highTokenBudget,
      severity: 'warning',
      annotations: { summary: 'Token budget {{value}} exceeds {{threshold}}' },
    },
  ];
  if (parity) return rules;
  rules.push({
    name: 'telemetry_export_failures',
    metric: METRICS.telemetryExportFailures,
    aggregation: 'increase',
    window: 300_000,
    op: 'gt',
    threshold: 0,
    severity: settings.failClosed ? 'critical' : 'warning',
    annotations: { summary: '{{value}} decision events failed to export in 5 minutes' },
  });
  if (settings.costBudget) {
    const budget = settings.costBudget.usd;
    rules.push({
      name: 'cost_budget',
      metric: METRICS.genAiCost,
      groupBy: [ATTR.tenantId],
      aggregation: 'sum',
      window: settings.costBudget.period ?? 'calendar-month',
      op: 'gte',
      threshold: 0.8 * budget,
      levels: [
        { severity: 'warning', threshold: 0.8 * budget },
        { severity: 'critical', threshold: budget },
      ],
      severity: 'warning',
      annotations: { summary: 'Tenant {{labels.agent33.tenant.id}} spent {{value}} USD of a {{threshold}} USD level' },
    });
  }
  return rules;
}

/** Default alert settings plus the switches read from the environment. */
export interface EffortAlertEnvSettings extends EffortAlertSettings {
  enabled: boolean;
}

/**
 * Reads the reference's alert settings: `OBSERVABILITY_EFFORT_ALERTS_ENABLED` (true),
 * `OBSERVABILITY_EFFORT_ALERT_HIGH_EFFORT_COUNT_THRESHOLD` (25), `OBSERVABILITY_EFFORT_ALERT_HIGH_COST_USD_THRESHOLD`
 * (5.0), `OBSERVABILITY_EFFORT_ALERT_HIGH_TOKEN_BUDGET_THRESHOLD` (8000) and `OBSERVABILITY_EFFORT_EXPORT_FAIL_CLOSED`.
 */
export function effortAlertSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): Result<EffortAlertEnvSettings, ConfigError[]> {
  const errors: ConfigError[] = [];
  const settings: EffortAlertEnvSettings = {
    enabled: envBoolean(env, 'OBSERVABILITY_EFFORT_ALERTS_ENABLED', true, errors),
    highEffortCount: envNumber(env, 'OBSERVABILITY_EFFORT_ALERT_HIGH_EFFORT_COUNT_THRESHOLD', 25, errors),
    highCostUsd: envNumber(env, 'OBSERVABILITY_EFFORT_ALERT_HIGH_COST_USD_THRESHOLD', 5.0, errors),
    highTokenBudget: envNumber(env, 'OBSERVABILITY_EFFORT_ALERT_HIGH_TOKEN_BUDGET_THRESHOLD', 8000, errors),
    failClosed: envBoolean(env, 'OBSERVABILITY_EFFORT_EXPORT_FAIL_CLOSED', false, errors),
  };
  return errors.length > 0 ? err(errors) : ok(settings);
}
