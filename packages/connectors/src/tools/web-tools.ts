import type { ToolDefinition, ToolExecutionContext } from '@agent33/runtime/ports';
import type { ConnectorBoundary } from '../boundary.js';
import { checkDomainAllowlist } from '../egress/url-guard.js';
import { ConnectorHttpError } from '../errors/connector-http-error.js';
import { mapConnectorError } from '../errors/map-connector-error.js';

/** Options shared by the web tools. */
export interface WebToolOptions {
  /** Deny-by-default allowlist; a tool context's `metadata.domainAllowlist` takes precedence. */
  domainAllowlist?: readonly string[];
  maxResponseBytes?: number;
}

type Failure = { content: string; isError: true };

function allowlistOf(options: WebToolOptions, ctx: ToolExecutionContext): readonly string[] {
  const fromContext = ctx.metadata['domainAllowlist'];
  if (Array.isArray(fromContext)) return fromContext.filter((entry): entry is string => typeof entry === 'string');
  return options.domainAllowlist ?? [];
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

async function readCapped(response: Response): Promise<string> {
  return response.text();
}

/** Fetches through the boundary and maps every failure (including HTTP errors, raised after the boundary as in the reference) to a failed result. */
async function guardedText(
  boundary: ConnectorBoundary,
  connector: string,
  url: string,
  init: { method: string; body?: string; headers?: Record<string, string>; timeoutMs: number; signal: AbortSignal },
  allowlist: readonly string[],
): Promise<string | Failure> {
  const host = hostOf(url);
  if (host === undefined) return { content: `Invalid URL: ${url}`, isError: true };
  const verdict = checkDomainAllowlist(host, allowlist);
  if (!verdict.allowed) return { content: verdict.reason ?? 'not in the allowlist', isError: true };
  try {
    const response = await boundary.fetch(connector, url, { ...init, throwOnHttpError: false });
    if (response.status >= 400) {
      void response.body?.cancel();
      throw new ConnectorHttpError(response.status, `HTTP ${response.status} ${response.statusText} for ${url}`, { connector, operation: init.method });
    }
    return await readCapped(response);
  } catch (error) {
    return { content: mapConnectorError(error, connector, init.method).message, isError: true };
  }
}

/** The web_fetch tool (`tool:web_fetch`): GET or POST to an allow-listed domain; redirects and oversized bodies refused. */
export function webFetchTool(boundary: ConnectorBoundary, options: WebToolOptions = {}): ToolDefinition<{ url: string; method?: string; body?: string; headers?: Record<string, string>; timeout?: number }, string> {
  return {
    name: 'web_fetch',
    description: 'Fetch a web page or API endpoint from an allow-listed domain (GET or POST).',
    inputSchema: {
      type: 'object',
      properties: { url: { type: 'string' }, method: { type: 'string', enum: ['GET', 'POST'] }, body: { type: 'string' }, headers: { type: 'object' }, timeout: { type: 'number' } },
      required: ['url'],
    },
    annotations: { readOnly: true, openWorld: true },
    async execute(input, ctx) {
      const method = (input.method ?? 'GET').toUpperCase();
      if (method !== 'GET' && method !== 'POST') return { content: `Method ${method} is not allowed (GET or POST only)`, isError: true };
      const result = await guardedText(
        boundary,
        'tool:web_fetch',
        input.url,
        { method, ...(input.body === undefined ? {} : { body: input.body }), ...(input.headers === undefined ? {} : { headers: input.headers }), timeoutMs: (input.timeout ?? 30) * 1000, signal: ctx.signal },
        allowlistOf(options, ctx),
      );
      return result;
    },
  };
}

function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The reader tool (`tool:reader`): a reader endpoint (prefix + URL) or a local HTML-to-text conversion. */
export function readerTool(boundary: ConnectorBoundary, options: WebToolOptions & { endpoint?: string } = {}): ToolDefinition<{ url: string }, string> {
  return {
    name: 'reader',
    description: 'Read a web page as plain text (allow-listed domains only).',
    inputSchema: { type: 'object', properties: { url: { type: 'string' } }, required: ['url'] },
    annotations: { readOnly: true, openWorld: true },
    async execute(input, ctx) {
      const allowlist = allowlistOf(options, ctx);
      const host = hostOf(input.url);
      if (host === undefined) return { content: `Invalid URL: ${input.url}`, isError: true };
      const verdict = checkDomainAllowlist(host, allowlist);
      if (!verdict.allowed) return { content: verdict.reason ?? 'not in the allowlist', isError: true };
      const target = options.endpoint === undefined ? input.url : `${options.endpoint}${input.url}`;
      const endpointHost = hostOf(target) ?? host;
      const result = await guardedText(boundary, 'tool:reader', target, { method: 'GET', timeoutMs: 30_000, signal: ctx.signal }, [...allowlist, endpointHost]);
      if (typeof result !== 'string') return result;
      return options.endpoint === undefined ? htmlToText(result) : result;
    },
  };
}

/** The search tool (`search:searxng`): a SearXNG JSON query with a 15 s deadline. */
export function searchTool(boundary: ConnectorBoundary, options: { baseURL: string; maxResults?: number }): ToolDefinition<{ query: string; limit?: number }, unknown> {
  const base = options.baseURL.replace(/\/+$/, '');
  return {
    name: 'search',
    description: 'Search the web and return titles, URLs and snippets.',
    inputSchema: { type: 'object', properties: { query: { type: 'string' }, limit: { type: 'number' } }, required: ['query'] },
    annotations: { readOnly: true, openWorld: true },
    async execute(input, ctx) {
      const url = `${base}/search?q=${encodeURIComponent(input.query)}&format=json`;
      try {
        const response = await boundary.fetch('search:searxng', url, { method: 'GET', timeoutMs: 15_000, signal: ctx.signal, throwOnHttpError: false });
        if (response.status >= 400) {
          void response.body?.cancel();
          throw new ConnectorHttpError(response.status, `HTTP ${response.status} from search`, { connector: 'search:searxng', operation: 'GET' });
        }
        const body = (await response.json()) as { results?: Array<Record<string, unknown>> };
        const results = (body.results ?? []).slice(0, input.limit ?? options.maxResults ?? 10).map((result) => ({
          title: String(result['title'] ?? ''),
          url: String(result['url'] ?? ''),
          content: String(result['content'] ?? ''),
        }));
        return { content: JSON.stringify(results), data: results };
      } catch (error) {
        return { content: mapConnectorError(error, 'search:searxng', 'GET').message, isError: true };
      }
    },
  };
}

