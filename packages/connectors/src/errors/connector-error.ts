import { Agent33Error, hasMarker } from '@agent33/observability';

const CONNECTOR_ERROR_MARKER = Symbol.for('agent33.connectors.error');

/** Every stable error code thrown by `@agent33/connectors`. */
export type ConnectorErrorCode =
  | 'CONNECTOR_GOVERNANCE_DENIED'
  | 'CONNECTOR_EGRESS_BLOCKED'
  | 'CONNECTOR_TIMEOUT'
  | 'CONNECTOR_CIRCUIT_OPEN'
  | 'CONNECTOR_BULKHEAD_REJECTED'
  | 'CONNECTOR_RATE_LIMITED'
  | 'CONNECTOR_HTTP_ERROR'
  | 'CONNECTOR_TRANSPORT_ERROR'
  | 'CONNECTOR_PROTOCOL_ERROR'
  | 'CONNECTOR_TOOL_ERROR'
  | 'CONNECTOR_ABORTED'
  | 'CONNECTOR_FAILURE'
  | 'CONNECTOR_UNKNOWN_POLICY_PACK'
  | 'CONNECTOR_BAD_CONFIG';

/** Fields every connector error carries besides its message. */
export interface ConnectorErrorInit {
  connector?: string;
  operation?: string;
  retryable?: boolean;
  attempts?: number;
  cause?: unknown;
  /** Replaces the subclass's own message (used by {@link mapConnectorError} to add the reference prefixes). */
  message?: string;
}

/**
 * The base of every error thrown by `@agent33/connectors`.
 *
 * Membership is tested with {@link ConnectorError.isInstance}, which reads a `Symbol.for` marker so it still holds
 * when the host loads two copies of the package (ESM beside CJS, or two versions).
 */
export abstract class ConnectorError extends Agent33Error {
  abstract override readonly code: ConnectorErrorCode;
  /** Connector id (`family:name`), empty when the error is not tied to one call. */
  readonly connector: string;
  /** Operation (HTTP verb, JSON-RPC method, …), empty when not tied to one call. */
  readonly operation: string;
  /** Whether a retry policy may try the call again. */
  readonly retryable: boolean;
  /** Attempts made before the error surfaced (set by the boundary). */
  attempts: number;
  private readonly [CONNECTOR_ERROR_MARKER] = true;

  /**
   * Stack frames captured by errors thrown before any handler ran (`GovernanceDeniedError` from a policy,
   * `CircuitOpenError` from a breaker). Default 0: their `stack` is the header line (`Name: message`) alone, because
   * capturing frames is most of the cost of such a fast failure, and the error's `connector`, `operation` and `code`
   * already say which call was refused. Raise it (e.g. to `Error.stackTraceLimit`) to get call-site frames back;
   * the lower of this value and `Error.stackTraceLimit` applies. Every other error keeps the full stack.
   */
  static rejectionStackTraceLimit = 0;

  protected constructor(message: string, init: ConnectorErrorInit = {}) {
    super(init.message ?? message, { cause: init.cause });
    this.connector = init.connector ?? '';
    this.operation = init.operation ?? '';
    this.retryable = init.retryable ?? false;
    this.attempts = init.attempts ?? 0;
  }

  /** True for any connector error, from any copy of this package. */
  static override isInstance(error: unknown): error is ConnectorError {
    return hasMarker(error, CONNECTOR_ERROR_MARKER);
  }
}

/**
 * Lowers `Error.stackTraceLimit` to {@link ConnectorError.rejectionStackTraceLimit} while a pre-execution
 * rejection is built; returns the limit to restore with {@link restoreStackLimit} (no closure per rejection).
 */
export function shortenStackLimit(): number {
  const saved = Error.stackTraceLimit;
  const short = ConnectorError.rejectionStackTraceLimit;
  if (typeof short === 'number' && short >= 0 && short < saved) Error.stackTraceLimit = short;
  return saved;
}

/** Restores the limit saved by {@link shortenStackLimit}. */
export function restoreStackLimit(saved: number): void {
  Error.stackTraceLimit = saved;
}

/** True when `error` is a connector error, optionally with the given code. */
export function isConnectorError(error: unknown, code?: ConnectorErrorCode): error is ConnectorError {
  return ConnectorError.isInstance(error) && (code === undefined || error.code === code);
}
