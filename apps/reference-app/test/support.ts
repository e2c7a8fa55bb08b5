import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeApp, type ComposedApp } from '../src/composition/compose.js';
import { memoryLogger } from '../src/composition/logger.js';
import { listen, type RunningServer } from '../src/composition/server.js';
import { loadConfig } from '../src/config/index.js';

export const OPERATOR_TOKEN = 'operator-token-0123456789';
export const ADMIN_TOKEN = 'admin-token-0123456789abc';
export const READER_TOKEN = 'reader-token-0123456789ab';

/** A composed app serving on 127.0.0.1 with an ephemeral port, a temp data dir and fixed tokens. */
export interface TestServer {
  app: ComposedApp;
  server: RunningServer;
  dataDir: string;
  logs: string[];
  seed: { seeded: boolean };
  get(path: string, token?: string | null): Promise<Response>;
  post(path: string, body: unknown, token?: string | null): Promise<Response>;
  stop(): Promise<void>;
}

/** Starts a test server; `env` adds AGENT33_* variables. */
export async function startTestServer(env: Record<string, string> = {}, dataDir?: string): Promise<TestServer> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'a33-app-'));
  const fullEnv: Record<string, string> = {
      AGENT33_DATA_DIR: dir,
      AGENT33_PORT: '0',
      AGENT33_DEMO: 'true',
      AGENT33_TOKENS: JSON.stringify([
        { token: OPERATOR_TOKEN, scopes: ['agents:read', 'agents:invoke', 'tools:execute', 'improvements:read', 'improvements:write', 'observability:read', 'bench:run'], subject: 'operator' },
        { token: ADMIN_TOKEN, scopes: ['admin'], subject: 'admin' },
        { token: READER_TOKEN, scopes: ['agents:read'], subject: 'reader' },
      ]),
      ...env,
  };
  const config = loadConfig({ env: fullEnv, cwd: dir });
  const logger = memoryLogger();
  const app = await composeApp(config, { logger, env: fullEnv });
  const server = await listen(app);
  const headers = (token: string | null): Record<string, string> =>
    token === null ? {} : { authorization: `Bearer ${token}` };
  return {
    app,
    server,
    dataDir: dir,
    logs: logger.lines,
    seed: app.seed,
    get: (path, token = OPERATOR_TOKEN) => fetch(`${server.url}${path}`, { headers: headers(token) }),
    post: (path, body, token = OPERATOR_TOKEN) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { ...headers(token), 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    async stop() {
      await server.close();
      await app.close();
    },
  };
}
