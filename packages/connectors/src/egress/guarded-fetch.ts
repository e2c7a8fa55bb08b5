import { lookup as dnsLookup } from 'node:dns/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { ConnectorConfigError } from '../errors/connector-config-error.js';
import { EgressBlockedError } from '../errors/egress-blocked-error.js';
import { isBlockedAddress } from './ip.js';
import { DEFAULT_MAX_RESPONSE_BYTES, isPrivateHostAllowed, validateUrl, type EgressPolicy } from './url-guard.js';

/** A fetch-compatible function. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

const defaultResolver = async (hostname: string): Promise<ReadonlyArray<{ address: string; family: number }>> =>
  dnsLookup(hostname, { all: true, verbatim: true });

/**
 * A `lookup` for node's sockets that resolves once, refuses the connection when any answer is a blocked address,
 * and hands the socket only the vetted address, so there is no window for DNS rebinding between check and connect.
 */
export function createPinnedLookup(policy: EgressPolicy, url: URL): LookupFunction {
  const resolver = policy.resolver ?? defaultResolver;
  const privateAllowed = isPrivateHostAllowed(url, policy.allowPrivateHosts);
  return ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    resolver(hostname).then(
      (answers) => {
        if (answers.length === 0) {
          callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
          return;
        }
        const blocked = answers.find((answer) => isBlockedAddress(answer.address));
        if (blocked !== undefined && !privateAllowed && (policy.blockPrivate ?? true)) {
          callback(new EgressBlockedError(`URL blocked by SSRF policy: ${hostname} resolves to blocked address ${blocked.address}`, url.href, 'private-address'));
          return;
        }
        const chosen = answers[0] as { address: string; family: number };
        if (options.all === true) callback(null, [{ address: chosen.address, family: chosen.family }]);
        else callback(null, chosen.address, chosen.family);
      },
      (error: unknown) => callback(error),
    );
  }) as unknown as LookupFunction;
}

function bodyOf(body: RequestInit['body']): string | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (body instanceof URLSearchParams) return body.toString();
  throw new ConnectorConfigError('body', 'guarded fetch with resolveDns supports string, Uint8Array, ArrayBuffer and URLSearchParams bodies');
}

/** One HTTP exchange over node:http(s) with the pinned lookup. */
function nodeFetch(url: URL, init: RequestInit, policy: EgressPolicy): Promise<Response> {
  const client = url.protocol === 'https:' ? https : http;
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, key) => {
    headers[key] = value;
  });
  const body = bodyOf(init.body);
  return new Promise<Response>((resolve, reject) => {
    const request = client.request(
      url,
      { method: init.method ?? 'GET', headers, lookup: createPinnedLookup(policy, url), ...(init.signal ? { signal: init.signal } : {}) },
      (incoming) => {
        const responseHeaders = new Headers();
        for (const [key, value] of Object.entries(incoming.headers)) {
          if (Array.isArray(value)) for (const item of value) responseHeaders.append(key, item);
          else if (value !== undefined) responseHeaders.set(key, value);
        }
        const status = incoming.statusCode ?? 0;
        const nullBody = status === 204 || status === 304 || (init.method ?? 'GET').toUpperCase() === 'HEAD';
        if (nullBody) incoming.resume();
        resolve(
          new Response(nullBody ? null : (Readable.toWeb(incoming) as unknown as ReadableStream<Uint8Array>), {
            status,
            statusText: incoming.statusMessage ?? '',
            headers: responseHeaders,
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * Wraps a response so its body errors with "Response too large" as soon as more than `limit` bytes arrived
 * (streaming cap: at most one chunk past the limit is ever read).
 */
export function capResponse(response: Response, limit: number, url: string): Response {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    void response.body?.cancel();
    throw new EgressBlockedError(`Response too large: ${declared} bytes exceeds the ${limit}-byte limit`, url, 'size');
  }
  // A declared length within the limit frames the body (HTTP/1.1 reads no further), so nothing needs wrapping.
  if (response.body === null || (Number.isFinite(declared) && response.headers.has('content-length'))) return response;
  let seen = 0;
  const capped = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > limit) {
          controller.error(new EgressBlockedError(`Response too large: more than ${limit} bytes`, url, 'size'));
          return;
        }
        controller.enqueue(chunk);
      },
    }),
  );
  return new Response(capped, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/**
 * A fetch that validates every URL (and every redirect hop) against `policy`, optionally pins DNS (connect-time
 * vetting over node:http / node:https), refuses redirects unless `maxRedirects` allows them, and caps response size.
 */
export function createGuardedFetch(policy: EgressPolicy = {}, base: FetchLike = (input, init) => fetch(input, init)): FetchLike {
  const maxRedirects = policy.maxRedirects ?? 0;
  const limit = policy.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  return async (input, init = {}) => {
    const source = input instanceof Request ? input.url : input;
    let url = validateUrl(source, policy);
    let current: RequestInit =
      input instanceof Request
        ? { method: input.method, headers: input.headers, ...(input.body === null ? {} : { body: input.body, duplex: 'half' }), ...init }
        : { ...init };
    for (let hop = 0; ; hop += 1) {
      const response = policy.resolveDns === true ? await nodeFetch(url, current, policy) : await base(url.href, { ...current, redirect: 'manual' });
      if (response.status >= 300 && response.status < 400 && response.status !== 304) {
        const location = response.headers.get('location');
        void response.body?.cancel();
        if (hop >= maxRedirects || location === null) {
          throw new EgressBlockedError('Redirect responses are blocked by policy', url.href, 'redirect');
        }
        url = validateUrl(new URL(location, url), policy);
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && (current.method ?? 'GET').toUpperCase() === 'POST')) {
          current = { ...current, method: 'GET', body: null };
        }
        continue;
      }
      return capResponse(response, limit, url.href);
    }
  };
}
