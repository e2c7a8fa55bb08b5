import { z } from 'zod';

/** Scopes a bearer token can carry. `admin` unlocks the store's admin routes and implies every other scope. */
export const SCOPES = [
  'agents:read',
  'agents:invoke',
  'tools:execute',
  'improvements:read',
  'improvements:write',
  'observability:read',
  'bench:run',
  'admin',
] as const;
/** One token scope. */
export type Scope = (typeof SCOPES)[number];

const port = z.number().int().min(0).max(65_535);
const positiveInt = z.number().int().positive();

const tokenSchema = z.strictObject({
  token: z.string().min(16, 'tokens must be at least 16 characters'),
  scopes: z.array(z.enum(SCOPES)).min(1),
  subject: z.string().min(1).default('operator'),
  tenantId: z.string().min(1).max(200).optional(),
});

const mcpServerSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'letters, digits, "_" and "-" only'),
  command: z.string().min(1),
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
  cwd: z.string().optional(),
});

/**
 * The whole configuration. Every field has a default that runs on one machine: SQLite under `./.agent33/`, the
 * server on 127.0.0.1, the OpenAI-compatible provider pointed at a local Ollama-style URL.
 */
export const configSchema = z.strictObject({
  dataDir: z.string().min(1).default('./.agent33'),
  server: z
    .strictObject({
      host: z.string().min(1).default('127.0.0.1'),
      port: port.default(8033),
      bodyLimitBytes: positiveInt.max(64 * 1024 * 1024).default(1024 * 1024),
      metricsAuth: z.boolean().default(false),
      tokens: z.array(tokenSchema).default([]),
    })
    .prefault({}),
  store: z
    .strictObject({
      path: z.string().min(1).optional(),
      backupDir: z.string().min(1).optional(),
      learningEnabled: z.boolean().default(true),
      autoIntakeEnabled: z.boolean().default(false),
    })
    .prefault({}),
  model: z
    .strictObject({
      demo: z.boolean().default(false),
      baseUrl: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:11434/v1'),
      name: z.string().min(1).default('llama3.2'),
      apiKey: z.string().min(1).optional(),
      timeoutMs: positiveInt.default(120_000),
    })
    .prefault({}),
  agents: z
    .strictObject({
      dir: z.string().min(1).optional(),
      skillsDir: z.string().min(1).optional(),
    })
    .prefault({}),
  connectors: z
    .strictObject({
      policyPack: z.string().min(1).default('default'),
      /** Domains `web_fetch` may reach (exact host or subdomain suffix); empty = no web tool. */
      webAllowlist: z.array(z.string().regex(/^[a-z0-9.-]+$/i, 'a host name such as example.com')).default([]),
      mcpServers: z.array(mcpServerSchema).default([]),
    })
    .prefault({}),
  telemetry: z
    .strictObject({
      serviceName: z.string().min(1).default('agent33'),
      prometheus: z.boolean().default(true),
      otlpEndpoint: z.url({ protocol: /^https?$/ }).optional(),
      alertIntervalMs: positiveInt.default(15_000),
      /** Append every effort-routing decision event (schema agent33.effort.decision/1) to this JSONL file. */
      decisionLog: z.string().min(1).optional(),
      /** Await decision export before each model call and refuse the call when it fails. */
      failClosed: z.boolean().default(false),
    })
    .prefault({}),
  bench: z
    .strictObject({
      tasksDir: z.string().min(1).optional(),
      trials: positiveInt.max(100).default(1),
      concurrency: positiveInt.max(64).default(2),
    })
    .prefault({}),
  seed: z.boolean().default(true),
});

/** Configuration as written by an operator (every field optional). */
export type ConfigInput = z.input<typeof configSchema>;
/** Validated configuration with defaults applied. */
export type AppConfig = z.output<typeof configSchema>;
/** One configured bearer token. */
export type TokenConfig = AppConfig['server']['tokens'][number];
/** One configured MCP server. */
export type McpServerConfig = AppConfig['connectors']['mcpServers'][number];
