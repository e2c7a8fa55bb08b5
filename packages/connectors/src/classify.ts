import type { FailureClassifier } from './breaker/types.js';
import { ConnectorError } from './errors/connector-error.js';
import type { ConnectorHttpError } from './errors/connector-http-error.js';
import type { McpProtocolError } from './errors/mcp-protocol-error.js';

/** The reference's classification: every error counts as a breaker failure. */
export const compatClassifier: FailureClassifier = (outcome) => (outcome.error === undefined ? 'success' : 'failure');

/**
 * The default classification: transport errors, timeouts, 5xx / 408 / 429, JSON-RPC internal and connection errors
 * and unknown errors are failures; caller aborts and local rejections are ignored; 4xx, other protocol errors and
 * tool errors prove the upstream answered, so they count as successes.
 */
export const defaultClassifier: FailureClassifier = (outcome) => {
  const error = outcome.error;
  if (error === undefined) return 'success';
  if (ConnectorError.isInstance(error)) {
    switch (error.code) {
      case 'CONNECTOR_TIMEOUT':
      case 'CONNECTOR_TRANSPORT_ERROR':
      case 'CONNECTOR_FAILURE':
        return 'failure';
      case 'CONNECTOR_HTTP_ERROR': {
        const status = (error as ConnectorHttpError).status;
        return status >= 500 || status === 408 || status === 429 ? 'failure' : 'success';
      }
      case 'CONNECTOR_PROTOCOL_ERROR':
        return error.retryable || (error as McpProtocolError).rpcCode === -32700 ? 'failure' : 'success';
      case 'CONNECTOR_TOOL_ERROR':
        return 'success';
      default:
        return 'ignore';
    }
  }
  if (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError') return 'ignore';
  return 'failure';
};
