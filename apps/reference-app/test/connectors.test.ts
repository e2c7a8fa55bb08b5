import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestServer, type TestServer } from './support.js';

const require = createRequire(import.meta.url);
const memoryServer = join(dirname(require.resolve('@modelcontextprotocol/server-memory/package.json')), 'dist', 'index.js');

let t: TestServer;
beforeAll(async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'a33-mcp-'));
  t = await startTestServer({
    AGENT33_MCP_SERVERS: JSON.stringify([
      { name: 'memory', command: process.execPath, args: [memoryServer], env: { MEMORY_FILE_PATH: join(scratch, 'memory.jsonl') } },
    ]),
  });
});
afterAll(async () => {
  await t.stop();
});

describe('connectors: a real MCP server from npm over stdio, through the boundary', () => {
  it('registers the server and its tools at startup', async () => {
    const ready = (await (await t.get('/ready', null)).json()) as { components: Array<{ name: string; state: string; detail: string }> };
    const mcp = ready.components.find((c) => c.name === 'mcp:memory');
    expect(mcp?.state).toBe('ready');
    const listed = (await (await t.get('/v1/connectors/mcp')).json()) as { servers: Array<{ name: string }>; status: Array<{ name: string; state: string }> };
    expect(listed.servers.map((s) => s.name)).toEqual(['memory']);
    expect(listed.status.find((s) => s.name === 'memory')?.state).toBe('connected');
  });

  it('lets an agent call an MCP tool in the iterative loop, and the call shows in connector metrics', async () => {
    const res = await t.post('/v1/agents/assistant/invoke-iterative', { inputs: { question: 'What do you remember?' } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { tool_calls_made: number; tools_used: string[]; status: string; output: { tool_results?: string[] } };
    expect(body.status, JSON.stringify(body)).toBe('completed');
    expect(body.tool_calls_made, JSON.stringify(body)).toBe(1);
    expect(body.tools_used[0]).toMatch(/read_graph/);
    expect(body.output.tool_results?.[0]).toContain('entities');
    const metrics = (await (await t.get('/v1/connectors/metrics')).json()) as Record<string, { total_calls: number; successes: number }>;
    const mcpKey = Object.keys(metrics).find((k) => k.startsWith('mcp:memory'));
    expect(mcpKey).toBeDefined();
    expect(metrics[mcpKey as string]?.successes).toBeGreaterThanOrEqual(1);
    const breakers = (await (await t.get('/v1/connectors/breakers')).json()) as Array<{ connector: string; state: string }>;
    expect(breakers.every((b) => b.state === 'closed')).toBe(true);
  });

  it('describes the boundary and switches policy packs (admin only; unknown pack is 400)', async () => {
    const info = (await (await t.get('/v1/connectors')).json()) as { boundary: { packs: string[]; enabled: boolean } };
    expect(info.boundary).toMatchObject({ enabled: true, packs: ['default'] });
    const packs = (await (await t.get('/v1/connectors/policy-packs')).json()) as { packs: Array<{ name: string }> };
    expect(packs.packs.map((p) => p.name)).toEqual(expect.arrayContaining(['default', 'mcp-readonly', 'offline']));
    const denied = await t.post('/v1/connectors/policy', { policy_pack: 'offline' });
    expect(denied.status).toBe(404);
    const asOperator = await fetch(`${t.server.url}/v1/connectors/policy`, {
      method: 'PUT',
      headers: { authorization: 'Bearer operator-token-0123456789', 'content-type': 'application/json' },
      body: JSON.stringify({ policy_pack: 'offline' }),
    });
    expect(asOperator.status).toBe(403);
    const put = (body: unknown): Promise<Response> =>
      fetch(`${t.server.url}/v1/connectors/policy`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await put({ policy_pack: 'no-such-pack' })).status).toBe(400);
    const ok = await put({ policy_pack: 'mcp-readonly' });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { active: string[] }).active).toEqual(['mcp-readonly']);
    expect((await put({ policy_pack: 'default' })).status).toBe(200);
  });
});
