import { ConfigError } from '../errors/config-error.js';
import { err, ok, type Result } from '../result.js';
import type { AlertRule } from './types.js';

const AGGREGATIONS = new Set(['sum', 'count', 'rate', 'increase', 'avg', 'min', 'max', 'last', 'p95']);
const COMPARATORS = new Set(['gt', 'gte', 'lt', 'lte', 'eq']);
const SEVERITIES = new Set(['info', 'warning', 'critical']);
const NO_DATA = new Set(['ok', 'keep', 'alerting']);
const WINDOWS = new Set(['lifetime', 'calendar-day', 'calendar-month']);

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Checks a rule; the error names the first offending field (`OBS_BAD_RULE`). */
export function validateAlertRule(rule: AlertRule): Result<AlertRule, ConfigError> {
  const bad = (field: string, message: string) => err(new ConfigError('OBS_BAD_RULE', message, { path: `rule${typeof rule?.name === 'string' ? `(${rule.name})` : ''}.${field}` }));
  if (rule === null || typeof rule !== 'object') return err(new ConfigError('OBS_BAD_RULE', 'a rule must be an object'));
  if (typeof rule.name !== 'string' || rule.name.trim() === '') return bad('name', 'must be a non-empty string');
  if (typeof rule.metric !== 'string' || rule.metric.trim() === '') return bad('metric', 'must be a non-empty string');
  if (!AGGREGATIONS.has(rule.aggregation)) return bad('aggregation', `must be one of ${[...AGGREGATIONS].join(', ')}`);
  if (typeof rule.window === 'number' ? !(finite(rule.window) && rule.window > 0) : !WINDOWS.has(rule.window)) {
    return bad('window', "must be a positive number of ms, 'lifetime', 'calendar-day' or 'calendar-month'");
  }
  if (!COMPARATORS.has(rule.op)) return bad('op', 'must be gt, gte, lt, lte or eq');
  if (!finite(rule.threshold)) return bad('threshold', 'must be a finite number');
  if (rule.clearThreshold !== undefined && !finite(rule.clearThreshold)) return bad('clearThreshold', 'must be a finite number');
  for (const field of ['forMs', 'keepFiringForMs', 'repeatIntervalMs'] as const) {
    const value = rule[field];
    if (value !== undefined && !(finite(value) && value >= 0)) return bad(field, 'must be a finite number ≥ 0');
  }
  if (rule.repeatIntervalMs === 0) return bad('repeatIntervalMs', 'must be > 0 when set');
  if (!SEVERITIES.has(rule.severity)) return bad('severity', 'must be info, warning or critical');
  if (rule.noData !== undefined && !NO_DATA.has(rule.noData)) return bad('noData', 'must be ok, keep or alerting');
  if (rule.levels !== undefined) {
    if (!Array.isArray(rule.levels) || rule.levels.length === 0) return bad('levels', 'must be a non-empty array when set');
    for (const [index, level] of rule.levels.entries()) {
      if (!SEVERITIES.has(level?.severity)) return bad(`levels[${index}].severity`, 'must be info, warning or critical');
      if (!finite(level.threshold)) return bad(`levels[${index}].threshold`, 'must be a finite number');
    }
  }
  if (rule.groupBy !== undefined && (!Array.isArray(rule.groupBy) || rule.groupBy.some((key) => typeof key !== 'string'))) {
    return bad('groupBy', 'must be an array of attribute names');
  }
  if (rule.where !== undefined && (typeof rule.where !== 'object' || rule.where === null)) return bad('where', 'must be an object');
  return ok(rule);
}
