import { hasMarker } from './agent33-error.js';
import { ObservabilityError } from './observability-error.js';

const CONFIG_ERROR_MARKER = Symbol.for('agent33.observability.config-error');

/** The codes a {@link ConfigError} carries. */
export type ConfigErrorCode = 'OBS_BAD_CONFIG' | 'OBS_BAD_RULE' | 'OBS_BAD_POLICY_JSON';

/**
 * Invalid configuration: router settings, an alert rule or an effort policy JSON document. `path` names the offending
 * setting (`tiers.high.tokenMultiplier`, `AGENT_EFFORT_POLICY_TENANT`, `rules[2].threshold`).
 */
export class ConfigError extends ObservabilityError {
  readonly code: ConfigErrorCode;
  readonly path?: string;
  private readonly [CONFIG_ERROR_MARKER] = true;

  constructor(code: ConfigErrorCode, message: string, options?: { path?: string; cause?: unknown }) {
    super(options?.path === undefined ? message : `${options.path}: ${message}`, { cause: options?.cause });
    this.code = code;
    if (options?.path !== undefined) this.path = options.path;
  }

  /** True for any `ConfigError`, from any copy of the package. */
  static override isInstance(error: unknown): error is ConfigError {
    return hasMarker(error, CONFIG_ERROR_MARKER);
  }
}
