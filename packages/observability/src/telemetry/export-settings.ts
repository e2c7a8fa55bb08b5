import { envBoolean } from '../effort/config-from-env.js';
import type { ConfigError } from '../errors/config-error.js';
import { err, ok, type Result } from '../result.js';
import type { DecisionEventExporter } from './decision-events.js';
import { jsonlFileExporter } from './jsonl-file-exporter.js';

/** Decision-event export settings read from the environment. */
export interface DecisionExportSettings {
  enabled: boolean;
  path: string;
  failClosed: boolean;
  /** A JSONL file exporter when enabled, else empty: pass it as `exporters` to `createAgentTelemetry`. */
  exporters: DecisionEventExporter[];
}

/**
 * Reads the reference's export settings: `OBSERVABILITY_EFFORT_EXPORT_ENABLED` (false),
 * `OBSERVABILITY_EFFORT_EXPORT_PATH` (`var/effort_routing_events.jsonl`) and
 * `OBSERVABILITY_EFFORT_EXPORT_FAIL_CLOSED` (false).
 */
export function decisionExportFromEnv(env: Readonly<Record<string, string | undefined>>): Result<DecisionExportSettings, ConfigError[]> {
  const errors: ConfigError[] = [];
  const enabled = envBoolean(env, 'OBSERVABILITY_EFFORT_EXPORT_ENABLED', false, errors);
  const failClosed = envBoolean(env, 'OBSERVABILITY_EFFORT_EXPORT_FAIL_CLOSED', false, errors);
  const path = env.OBSERVABILITY_EFFORT_EXPORT_PATH?.trim() || 'var/effort_routing_events.jsonl';
  if (errors.length > 0) return err(errors);
  return ok({ enabled, path, failClosed, exporters: enabled ? [jsonlFileExporter(path)] : [] });
}
