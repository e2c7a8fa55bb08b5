import { hasMarker } from './agent33-error.js';
import { ObservabilityError } from './observability-error.js';

const TELEMETRY_EXPORT_ERROR_MARKER = Symbol.for('agent33.observability.telemetry-export-error');

/**
 * A decision-event exporter failed. With `failClosed: true`, `recordRoutingDecision` rejects with this error before
 * the model is called; `exporter` names the exporter that failed and `cause` holds its error.
 */
export class TelemetryExportError extends ObservabilityError {
  readonly code = 'OBS_TELEMETRY_EXPORT' as const;
  readonly exporter: string;
  private readonly [TELEMETRY_EXPORT_ERROR_MARKER] = true;

  constructor(message: string, options: { exporter: string; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.exporter = options.exporter;
  }

  /** True for any `TelemetryExportError`, from any copy of the package. */
  static override isInstance(error: unknown): error is TelemetryExportError {
    return hasMarker(error, TELEMETRY_EXPORT_ERROR_MARKER);
  }
}
