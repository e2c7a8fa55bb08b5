import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GovernanceDeniedError, createBoundary } from '../src/index.js';
import { ProcessGroupStdioTransport, createMcpRegistry, mcpTools, type McpServerRegistry } from '../src/mcp/index.js';
import { isAlive, serverScript } from './fixtures/servers.js';

const registries: McpServerRegistry[] = [];
afterAll(async () => {
  await Promise.all(registries.map((registry) => registry.close()));
});

function registryWith(policyPack?: string): McpServerRegistry {
  const boundary = createBoundary(policyPack === undefined ? {} : { policyPack });
  const registry = createMcpRegistry(boundary);
  registries.push(registry);
  return registry;
}

describe('real MCP servers from npm over stdio', () => {
  it('lists every tool of server-everything (paginated) and calls echo through the boundary', async () => {
    const boundary = createBoundary();
    const registry = createMcpRegistry(boundary);
    registries.push(registry);
    registry.register({ name: 'everything', transport: { kind: 'stdio', command: process.execPath, args: [serverScript('server-everything'), 'stdio'] } });
    const reports: string[] = [];
    boundary.on('call.end', (event) => reports.push(`${event.connector} ${event.operation}`));
    const tools = await registry.pool.listTools('everything');
    expect(tools.map((tool) => tool.name)).toContain('echo');
    expect(tools.every((tool) => tool.qualifiedName === `everything__${tool.name}`)).toBe(true);
    const result = await registry.pool.callTool('everything', 'echo', { message: 'hello boundary' });
    expect(result.ok).toBe(true);
    expect(result.text).toContain('hello boundary');
    expect(reports).toEqual(['mcp:everything initialize', 'mcp:everything tools/list', 'mcp:everything tools/call']);
    expect(await registry.pool.ping('everything')).toBe(true);
    expect(registry.pool.status()[0]).toMatchObject({ name: 'everything', state: 'connected' });
    // resources/list and prompts/list page through the boundary as well.
    const resources = await registry.pool.listResources('everything');
    expect(resources.length).toBeGreaterThan(0);
    const prompts = await registry.pool.listPrompts('everything');
    expect(prompts.length).toBeGreaterThan(0);
    expect(reports.filter((line) => line === 'mcp:everything resources/list').length).toBeGreaterThanOrEqual(1);
    expect(reports).toContain('mcp:everything prompts/list');
  });

  it('denies tools/call under mcp-readonly while discovery still works (server-memory)', async () => {
    const registry = registryWith('mcp-readonly');
    registry.register({ name: 'memory', transport: { kind: 'stdio', command: process.execPath, args: [serverScript('server-memory')], env: { MEMORY_FILE_PATH: join(tmpdir(), `a33-mem-${process.pid}.jsonl`) } } });
    const tools = await registry.pool.listTools('memory');
    expect(tools.map((tool) => tool.name)).toContain('read_graph');
    const denied = registry.pool.callTool('memory', 'read_graph', {});
    await expect(denied).rejects.toBeInstanceOf(GovernanceDeniedError);
    await expect(denied).rejects.toThrow(/^Connector governance blocked mcp:memory\/tools\/call: operation blocked by policy/);
    const [definition] = (await mcpTools(registry, { server: 'memory' })).filter((tool) => tool.name === 'memory__read_graph');
    const outcome = await definition!.execute({}, { signal: new AbortController().signal } as never);
    expect(outcome).toMatchObject({ isError: true });
    expect((outcome as { content: string }).content).toContain('Connector governance blocked');
  });

  it('exposes server-filesystem tools as runtime tools with mapped annotations and reads a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'a33-fs-'));
    try {
      writeFileSync(join(dir, 'note.txt'), 'filesystem through the boundary');
      const registry = registryWith();
      registry.register({ name: 'fs', transport: { kind: 'stdio', command: process.execPath, args: [serverScript('server-filesystem'), dir] } });
      const tools = await mcpTools(registry, { server: 'fs' });
      const read = tools.find((tool) => tool.name === 'fs__read_text_file') ?? tools.find((tool) => tool.name === 'fs__read_file');
      expect(read).toBeDefined();
      expect(read!.annotations?.readOnly).toBe(true);
      const output = await read!.execute({ path: join(dir, 'note.txt') }, { signal: new AbortController().signal } as never);
      expect((output as { content: string; isError: boolean }).isError).toBe(false);
      expect((output as { content: string }).content).toContain('filesystem through the boundary');
      const invalid = await read!.execute({}, { signal: new AbortController().signal } as never);
      expect((invalid as { content: string }).content).toMatch(/^Parameter validation failed: missing required parameter 'path'/);
      await registry.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('kills the stdio child (and its process group) once close() resolves', async () => {
    const boundary = createBoundary();
    const registry = createMcpRegistry(boundary);
    registry.register({ name: 'everything', transport: { kind: 'stdio', command: process.execPath, args: [serverScript('server-everything'), 'stdio'] } });
    await registry.pool.ping('everything');
    const transport = new ProcessGroupStdioTransport({ command: process.execPath, args: [serverScript('server-everything'), 'stdio'] });
    await transport.start();
    const pid = transport.pid!;
    expect(isAlive(pid)).toBe(true);
    await transport.close();
    expect(isAlive(pid)).toBe(false);
    expect(await registry.unregister('everything')).toBe(true);
    expect(registry.list()).toEqual([]);
    await boundary.close();
  });

  it('kills grandchildren left in the server process group (npx-style launchers)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'a33-pg-'));
    const pidFile = join(dir, 'stray.pid');
    try {
      const registry = createMcpRegistry(createBoundary());
      const wrapper = fileURLToPath(new URL('./fixtures/wrapper-server.mjs', import.meta.url));
      registry.register({ name: 'wrapped', transport: { kind: 'stdio', command: process.execPath, args: [wrapper, serverScript('server-everything'), pidFile] } });
      expect((await registry.pool.callTool('wrapped', 'echo', { message: 'through a launcher' })).text).toContain('through a launcher');
      const stray = Number(readFileSync(pidFile, 'utf8'));
      expect(isAlive(stray)).toBe(true);
      await registry.close();
      for (let index = 0; index < 100 && isAlive(stray); index += 1) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(isAlive(stray)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
