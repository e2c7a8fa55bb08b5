import type { ConnectorBoundary } from '../boundary.js';
import { ConnectorConfigError } from '../errors/connector-config-error.js';
import { mapConnectorError } from '../errors/map-connector-error.js';

/** Input of the workflow http-request action. */
export interface HttpRequestInput {
  url: string;
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutSeconds?: number;
  dryRun?: boolean;
  /** Policy pack for this call site (validated). */
  policyPack?: string;
}

/** Result of a real request. */
export interface HttpRequestResult {
  status_code: number;
  headers: Record<string, string>;
  body: string;
  json: unknown;
}

/** Result of a dry run: what would have been sent, before any boundary or network work. */
export interface HttpRequestDryRun {
  dry_run: true;
  url: string;
  method: string;
}

/**
 * The workflow http-request action as connector `workflow:http_request`: dict/list bodies sent as JSON, others as
 * text, headers forwarded, redirects refused, the response returned whatever its status (`json: null` when the
 * body is not JSON). Failures throw typed errors with the reference message prefixes.
 */
export function httpRequestAction(boundary: ConnectorBoundary): (input: HttpRequestInput) => Promise<HttpRequestResult | HttpRequestDryRun> {
  return async (input) => {
    if (typeof input !== 'object' || input === null) throw new ConnectorConfigError('input', 'expected an object with a url');
    if (typeof input.url !== 'string' || input.url.trim() === '') throw new ConnectorConfigError('url', 'the http-request action requires a url');
    const method = (input.method ?? 'GET').toUpperCase();
    if (input.dryRun === true) return { dry_run: true, url: input.url, method };
    const headers: Record<string, string> = { ...input.headers };
    let body: string | undefined;
    if (input.body !== undefined && input.body !== null) {
      if (typeof input.body === 'object') {
        body = JSON.stringify(input.body);
        if (!Object.keys(headers).some((key) => key.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
      } else body = String(input.body);
    }
    const connector = 'workflow:http_request';
    let response: Response;
    try {
      response = await boundary.fetch(connector, input.url, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        timeoutMs: input.timeoutSeconds === undefined ? 30_000 : input.timeoutSeconds * 1000,
        throwOnHttpError: false,
        ...(input.policyPack === undefined ? {} : { policyPack: input.policyPack }),
      });
    } catch (error) {
      throw mapConnectorError(error, connector, method);
    }
    return toResult(response);
  };
}

async function toResult(response: Response): Promise<HttpRequestResult> {
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  return { status_code: response.status, headers, body: text, json };
}
