import type { ToolAnnotations, ToolDefinition, ToolExecutionContext } from '@agent33/runtime/ports';
import { ConnectorConfigError } from '../errors/connector-config-error.js';
import { ConnectorError } from '../errors/connector-error.js';
import { mapConnectorError } from '../errors/map-connector-error.js';
import type { McpServerRegistry } from './registry.js';
import type { McpToolSpec } from './types.js';

/** Checks arguments against the basics of a tool's input schema: an object, required keys, top-level types. */
export function checkArguments(schema: object, input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return 'arguments must be an object';
  const record = input as Record<string, unknown>;
  const shape = schema as { required?: unknown; properties?: Record<string, { type?: unknown }> };
  if (Array.isArray(shape.required)) {
    for (const key of shape.required) if (typeof key === 'string' && !(key in record)) return `missing required parameter '${key}'`;
  }
  for (const [key, property] of Object.entries(shape.properties ?? {})) {
    const value = record[key];
    const type = property?.type;
    if (value === undefined || typeof type !== 'string') continue;
    const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value === 'number' && Number.isInteger(value) ? 'integer' : typeof value;
    const fits = type === actual || (type === 'number' && actual === 'integer');
    if (!fits) return `parameter '${key}' must be of type ${type}, got ${actual}`;
  }
  return undefined;
}

function annotationsOf(spec: McpToolSpec): ToolAnnotations | undefined {
  const hints = spec.annotations;
  if (hints === undefined) return undefined;
  const annotations: ToolAnnotations = {};
  if (typeof hints['readOnlyHint'] === 'boolean') annotations.readOnly = hints['readOnlyHint'];
  if (typeof hints['destructiveHint'] === 'boolean') annotations.destructive = hints['destructiveHint'];
  if (typeof hints['idempotentHint'] === 'boolean') annotations.idempotent = hints['idempotentHint'];
  if (typeof hints['openWorldHint'] === 'boolean') annotations.openWorld = hints['openWorldHint'];
  return annotations;
}

/** Wraps one discovered MCP tool as a runtime tool definition. */
export function mcpToolDefinition(registry: McpServerRegistry, spec: McpToolSpec): ToolDefinition<Record<string, unknown>, unknown> {
  const annotations = annotationsOf(spec);
  return {
    name: spec.qualifiedName,
    description: spec.description,
    inputSchema: spec.inputSchema as ToolDefinition['inputSchema'],
    ...(spec.outputSchema === undefined ? {} : { outputSchema: spec.outputSchema as ToolDefinition['inputSchema'] }),
    ...(annotations === undefined ? {} : { annotations }),
    async execute(input: Record<string, unknown>, ctx: ToolExecutionContext) {
      const problem = checkArguments(spec.inputSchema, input);
      if (problem !== undefined) return { content: `Parameter validation failed: ${problem}`, isError: true };
      try {
        const result = await registry.pool.callTool(spec.server, spec.name, input, { signal: ctx.signal });
        return { content: result.text, data: result.structured ?? result.content, isError: result.isError };
      } catch (error) {
        const mapped = ConnectorError.isInstance(error) ? mapConnectorError(error, `mcp:${spec.server}`, 'tools/call') : error;
        return { content: `MCP tool '${spec.name}' failed: ${mapped instanceof Error ? mapped.message : String(mapped)}`, isError: true };
      }
    },
  };
}

/** Lists the tools of every registered server (or one) and returns them as runtime tool definitions. */
export async function mcpTools(registry: McpServerRegistry, options: { server?: string; signal?: AbortSignal } = {}): Promise<ToolDefinition[]> {
  if (typeof registry?.pool?.listTools !== 'function') throw new ConnectorConfigError('registry', 'expected an McpServerRegistry from createMcpRegistry()');
  const specs = await registry.pool.listTools(options.server, options.signal === undefined ? {} : { signal: options.signal });
  return specs.map((spec) => mcpToolDefinition(registry, spec) as ToolDefinition);
}
