import { existsSync, readFileSync } from 'node:fs';
import { createBoundary, type ConnectorBoundary } from '@agent33/connectors';
import { credentialsPath } from '../config/credentials.js';
import type { AppConfig } from '../config/index.js';

/** The connector id of the app's own API; its egress policy allows loopback. */
export const SELF_CONNECTOR = 'app:self';

/** A client for a running agent33 server; every request crosses the connectors boundary. */
export interface RemoteClient {
  baseUrl: string;
  request(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown; text: string }>;
  close(): Promise<void>;
}

/** The operator token: explicit, `AGENT33_TOKEN`, or the first non-admin token in the generated credentials file. */
export function operatorToken(config: AppConfig, explicit: string | undefined, env: Record<string, string | undefined>, admin = false): string | undefined {
  if (explicit !== undefined) return explicit;
  if (env['AGENT33_TOKEN'] !== undefined) return env['AGENT33_TOKEN'];
  const configured = config.server.tokens.find((t) => t.scopes.includes('admin') === admin);
  if (configured !== undefined) return configured.token;
  const path = credentialsPath(config.dataDir);
  if (!existsSync(path)) return undefined;
  const file = JSON.parse(readFileSync(path, 'utf8')) as { tokens?: Array<{ token: string; scopes: string[] }> };
  return file.tokens?.find((t) => t.scopes.includes('admin') === admin)?.token;
}

/** Creates a client for `baseUrl` through a boundary that allows only that loopback host. */
export function remoteClient(baseUrl: string, token: string | undefined, boundary?: ConnectorBoundary): RemoteClient {
  const url = new URL(baseUrl);
  const own = boundary === undefined;
  const b =
    boundary ??
    createBoundary({
      enabled: true,
      egressByConnector: { [SELF_CONNECTOR]: { allowPrivateHosts: [url.host, url.hostname] } },
      telemetry: false,
    });
  return {
    baseUrl: url.origin,
    async request(method, path, body) {
      const res = await b.fetch(SELF_CONNECTOR, `${url.origin}${path}`, {
        method,
        operation: `${method} ${path.split('?')[0]}`,
        headers: {
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      let json: unknown = text;
      try {
        json = JSON.parse(text) as unknown;
      } catch {
        // Plain-text bodies (metrics, markdown) stay text.
      }
      return { status: res.status, json, text };
    },
    close: () => (own ? b.close() : Promise.resolve()),
  };
}
