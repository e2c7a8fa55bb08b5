import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { ComposedApp } from './compose.js';

/** A listening HTTP server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:8033`. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections, closes idle ones and waits for the server to close. */
  close(): Promise<void>;
}

/** Serves the composed app's HTTP routes on the configured host and port (port 0 = an ephemeral port). */
export async function listen(app: ComposedApp, options?: { host?: string; port?: number }): Promise<RunningServer> {
  const host = options?.host ?? app.config.server.host;
  const requested = options?.port ?? app.config.server.port;
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.http.fetch, hostname: host, port: requested }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostPart}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        const maybe = server as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
        maybe.closeIdleConnections?.();
        // SSE clients hold connections open; they are ended at shutdown rather than waited for.
        maybe.closeAllConnections?.();
      }),
  };
}
