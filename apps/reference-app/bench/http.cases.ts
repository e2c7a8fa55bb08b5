// The HTTP layer's cost: the composed app (auth, body limit, validation, request metrics, error mapping) beside a
// bare Hono app doing the same work with nothing around it. Requests go through `app.request()` in process, so the
// socket is left out and only the layer itself is measured.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import type { BenchCase } from '../../../tools/bench/harness.js';
import { composeApp, type ComposedApp } from '../src/composition/compose.js';
import { memoryLogger } from '../src/composition/logger.js';
import { loadConfig } from '../src/config/index.js';

const TOKEN = 'bench-operator-token-0123456789';
let app: ComposedApp | undefined;
let dir = '';
let bare: Hono | undefined;
let db: Database.Database | undefined;
let n = 0;
const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

async function setup(): Promise<void> {
  if (app !== undefined) return;
  dir = mkdtempSync(join(tmpdir(), 'a33-bench-'));
  const env = {
    AGENT33_DATA_DIR: dir,
    AGENT33_DEMO: '1',
    AGENT33_TOKENS: JSON.stringify([{ token: TOKEN, scopes: ['agents:read', 'agents:invoke', 'tools:execute', 'improvements:read', 'improvements:write', 'observability:read'] }]),
  };
  app = await composeApp(loadConfig({ env, cwd: dir }), { logger: memoryLogger(), env, registerGlobalTelemetry: false });
  db = new Database(join(dir, 'bare.db'));
  // Same durability as the store's default ('full'): WAL with a synced commit.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE signals (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO signals (body) VALUES (?)');
  // Warm both stacks well past JIT tiering and the store's first-open work, so the first case measured in a process
  // is not charged for them.
  for (let i = 0; i < 500; i++) {
    await (await app.http.request('/health')).arrayBuffer();
    await (await app.http.request('/v1/agents', { headers: auth })).arrayBuffer();
  }
  bare = new Hono();
  bare.get('/health', (c) => c.json({ status: 'ok' }));
  bare.post('/signals', async (c) => {
    const body = await c.req.json<Record<string, unknown>>();
    const info = insert.run(JSON.stringify(body));
    return c.json({ id: Number(info.lastInsertRowid) });
  });
}

async function teardown(): Promise<void> {
  await app?.close();
  db?.close();
  app = undefined;
  db = undefined;
  rmSync(dir, { recursive: true, force: true });
}

const signal = (): string => JSON.stringify({ signal_type: 'performance', severity: 'medium', summary: `bench signal ${n++}`, source: 'bench' });

export const cases: BenchCase[] = [
  {
    name: 'http-health',
    unit: 'us',
    batch: 50,
    setup,
    teardown,
    ours: async () => (await (app as ComposedApp).http.request('/health')).arrayBuffer(),
    peer: { name: 'hono-bare', run: async () => (await (bare as Hono).request('/health')).arrayBuffer() },
  },
  {
    name: 'http-authenticated-read',
    unit: 'us',
    batch: 20,
    setup,
    teardown,
    ours: async () => (await (app as ComposedApp).http.request('/v1/agents', { headers: auth })).arrayBuffer(),
    peer: { name: 'hono-bare', run: async () => (await (bare as Hono).request('/health')).arrayBuffer() },
  },
  {
    name: 'http-signal-ingest',
    unit: 'us',
    batch: 10,
    setup,
    ours: async () =>
      (await (app as ComposedApp).http.request('/v1/improvements/learning/signals', { method: 'POST', headers: auth, body: signal() })).arrayBuffer(),
    peer: {
      name: 'hono+better-sqlite3',
      run: async () => (await (bare as Hono).request('/signals', { method: 'POST', headers: auth, body: signal() })).arrayBuffer(),
    },
    teardown,
  },
];
