import { ConfigError } from '../errors/config-error.js';
import type { ObservabilityOptions } from './types.js';

/** Checks telemetry options once, at creation, so malformed configuration fails loudly instead of per record. */
export function validateOptions(options: ObservabilityOptions): void {
  if (options === null || typeof options !== 'object') throw new ConfigError('OBS_BAD_CONFIG', 'telemetry options must be an object');
  const bad = (path: string, message: string) => new ConfigError('OBS_BAD_CONFIG', message, { path });
  if (options.exporters !== undefined) {
    if (!Array.isArray(options.exporters)) throw bad('exporters', 'must be an array');
    options.exporters.forEach((exporter, index) => {
      if (exporter === null || typeof exporter !== 'object' || typeof exporter.export !== 'function') throw bad(`exporters[${index}]`, 'must have an export(event) method');
    });
  }
  if (options.logIntervalMs !== undefined && !(Number.isFinite(options.logIntervalMs) && options.logIntervalMs >= 0)) throw bad('logIntervalMs', 'must be a finite number ≥ 0');
  const limit = options.attributeLimits?.maxValuesPerKey;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) throw bad('attributeLimits.maxValuesPerKey', 'must be an integer ≥ 0');
  const capture = options.captureContent;
  if (capture !== undefined && typeof capture !== 'boolean' && typeof capture !== 'function') throw bad('captureContent', 'must be a boolean or a function');
  if (options.aggregator !== undefined && typeof options.aggregator?.record !== 'function') throw bad('aggregator', 'must have a record() method');
}
