// Realistic handlers (spec §5.4 third mode): a local HTTP round trip and MCP tools/call over stdio and in memory,
// each through the default boundary beside the same call made directly.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { BenchCase } from '../../../tools/bench/harness.js';
import { createBoundary } from '../src/index.js';
import { createMcpRegistry, type McpServerRegistry } from '../src/mcp/index.js';
import { startTestServer, type TestHttpServer } from '../test/fixtures/http-server.js';
import { createFixtureServer, inMemoryFactory } from '../test/fixtures/mcp-server.js';
import { serverScript } from '../test/fixtures/servers.js';

const log = { cancelled: [], started: [], calls: [] as string[] };
let http: TestHttpServer | undefined;
const boundary = createBoundary({ timeoutMs: 30_000, telemetry: false, egress: { allowPrivateHosts: ['127.0.0.1'] } });
let stdioRegistry: McpServerRegistry | undefined;
let stdioClient: Client | undefined;
let memoryRegistry: McpServerRegistry | undefined;
let memoryClient: Client | undefined;

export const cases: BenchCase[] = [
  {
    name: 'R1 local HTTP round trip: boundary.fetch vs fetch',
    setup: async () => {
      http = await startTestServer();
    },
    ours: async () => (await boundary.fetch('bench:http', `${http!.url}/models`)).text(),
    peer: { name: 'fetch', run: async () => (await fetch(`${http!.url}/models`)).text() },
    batch: 20,
    unit: 'us',
    teardown: async () => {
      await http?.close();
    },
  },
  {
    name: 'R1c local HTTP round trip, chunked body (streaming cap active): boundary.fetch vs fetch',
    setup: async () => {
      http = await startTestServer();
    },
    ours: async () => (await boundary.fetch('bench:http', `${http!.url}/page`)).text(),
    peer: { name: 'fetch', run: async () => (await fetch(`${http!.url}/page`)).text() },
    batch: 20,
    unit: 'us',
    teardown: async () => {
      await http?.close();
    },
  },
  {
    name: 'R2 MCP tools/call over stdio (server-everything): pool vs raw SDK client',
    setup: async () => {
      stdioRegistry = createMcpRegistry(boundary);
      stdioRegistry.register({ name: 'everything', transport: { kind: 'stdio', command: process.execPath, args: [serverScript('server-everything'), 'stdio'] } });
      await stdioRegistry.pool.listTools('everything');
      stdioClient = new Client({ name: 'bench', version: '1.0.0' });
      await stdioClient.connect(new StdioClientTransport({ command: process.execPath, args: [serverScript('server-everything'), 'stdio'], stderr: 'ignore' }));
    },
    ours: () => stdioRegistry!.pool.callTool('everything', 'echo', { message: 'bench' }),
    peer: { name: 'mcp-sdk-1.32.2', run: () => stdioClient!.callTool({ name: 'echo', arguments: { message: 'bench' } }) },
    batch: 20,
    unit: 'us',
    teardown: async () => {
      await stdioRegistry?.close();
      await stdioClient?.close();
    },
  },
  {
    name: 'R3 MCP tools/call over InMemoryTransport: pool vs raw SDK client',
    setup: async () => {
      memoryRegistry = createMcpRegistry(boundary, { transportFactory: inMemoryFactory(log) });
      memoryRegistry.register({ name: 'fixture', transport: { kind: 'stdio', command: 'in-memory' } });
      await memoryRegistry.pool.listTools('fixture');
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      await createFixtureServer(log).connect(serverSide);
      memoryClient = new Client({ name: 'bench', version: '1.0.0' });
      await memoryClient.connect(clientSide);
    },
    ours: () => memoryRegistry!.pool.callTool('fixture', 'echo', { text: 'bench' }),
    peer: { name: 'mcp-sdk-1.32.2', run: () => memoryClient!.callTool({ name: 'echo', arguments: { text: 'bench' } }) },
    batch: 50,
    unit: 'us',
    teardown: async () => {
      log.calls.length = 0;
      await memoryRegistry?.close();
      await memoryClient?.close();
      await boundary.close();
    },
  },
];
