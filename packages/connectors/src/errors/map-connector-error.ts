import { BulkheadRejectedError } from './bulkhead-rejected-error.js';
import { CircuitOpenError } from './circuit-open-error.js';
import { ConnectorAbortedError } from './connector-aborted-error.js';
import { ConnectorError } from './connector-error.js';
import { ConnectorFailureError } from './connector-failure-error.js';
import { ConnectorHttpError } from './connector-http-error.js';
import { ConnectorTimeoutError } from './connector-timeout-error.js';
import { ConnectorTransportError } from './connector-transport-error.js';
import { GovernanceDeniedError } from './governance-denied-error.js';

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

function isDomTimeout(error: unknown): boolean {
  // fetch / undici / AbortSignal.timeout reject with a DOMException named TimeoutError.
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'TimeoutError';
}

function transportLike(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // fetch wraps connection failures as `TypeError: fetch failed` with a system error as cause.
  if (error instanceof TypeError && error.message === 'fetch failed') return true;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code);
}

/**
 * Classifies any error of a connector call by type and returns a typed error carrying the reference's message
 * prefixes (governance / timeout / circuit open / HTTP / failure), with the original error as `cause`.
 * Callers decide whether to throw it (tools turn it into a failed result).
 */
export function mapConnectorError(error: unknown, connector: string, operation: string): ConnectorError {
  const target = `${connector}/${operation}`;
  const detail = messageOf(error);
  const init = { connector, operation, cause: error };
  if (error instanceof GovernanceDeniedError || (ConnectorError.isInstance(error) && error.code === 'CONNECTOR_GOVERNANCE_DENIED')) {
    const denied = error as GovernanceDeniedError;
    return new GovernanceDeniedError(denied.reason, denied.policyId, { ...init, message: `Connector governance blocked ${target}: ${denied.reason}` });
  }
  if (ConnectorError.isInstance(error) && error.code === 'CONNECTOR_TIMEOUT') {
    const timeout = error as ConnectorTimeoutError;
    return new ConnectorTimeoutError(timeout.scope, timeout.timeoutMs, { ...init, message: `Connector timeout for ${target}: ${detail}` });
  }
  if (isDomTimeout(error)) {
    return new ConnectorTimeoutError('attempt', 0, { ...init, message: `Connector timeout for ${target}: ${detail}` });
  }
  if (ConnectorError.isInstance(error) && error.code === 'CONNECTOR_CIRCUIT_OPEN') {
    const open = error as CircuitOpenError;
    return new CircuitOpenError(open.reason, open.retryAfterMs, { ...init, message: `Connector circuit open for ${target}: ${detail}` });
  }
  if (ConnectorError.isInstance(error) && error.code === 'CONNECTOR_HTTP_ERROR') {
    const http = error as ConnectorHttpError;
    return new ConnectorHttpError(http.status, '', { ...init, retryAfterMs: http.retryAfterMs, message: `Connector HTTP error for ${target}: ${detail}` });
  }
  if ((ConnectorError.isInstance(error) && error.code === 'CONNECTOR_TRANSPORT_ERROR') || transportLike(error)) {
    return new ConnectorTransportError('', { ...init, message: `Connector HTTP error for ${target}: ${detail}` });
  }
  if (ConnectorError.isInstance(error) && error.code === 'CONNECTOR_ABORTED') {
    return new ConnectorAbortedError({ ...init, message: `Connector failure for ${target}: ${detail}` });
  }
  if (ConnectorError.isInstance(error) && error.code === 'CONNECTOR_BULKHEAD_REJECTED') {
    return new BulkheadRejectedError('', { ...init, message: `Connector failure for ${target}: ${detail}` });
  }
  return new ConnectorFailureError('', { ...init, message: `Connector failure for ${target}: ${detail}` });
}
