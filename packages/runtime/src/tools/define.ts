import { RuntimeOptionsError } from '../errors/runtime-options-error.js';
import type { ToolDefinition } from './types.js';

const NAME = /^[A-Za-z0-9_.:-]{1,128}$/;

/** Validates a tool definition's shape; throws `RuntimeOptionsError` naming the problem. */
export function assertToolDefinition(def: unknown): asserts def is ToolDefinition {
  const d = def as Partial<ToolDefinition> | null;
  if (d === null || typeof d !== 'object') throw new RuntimeOptionsError('tool definition must be an object');
  if (typeof d.name !== 'string' || !NAME.test(d.name)) {
    throw new RuntimeOptionsError(`tool name must match ${NAME.source}, got ${JSON.stringify(d.name)}`);
  }
  if (typeof d.description !== 'string') throw new RuntimeOptionsError(`tool ${d.name}: description must be a string`);
  if (typeof d.inputSchema !== 'object' || d.inputSchema === null || Array.isArray(d.inputSchema)) {
    throw new RuntimeOptionsError(`tool ${d.name}: inputSchema must be a JSON Schema object`);
  }
  if (typeof d.execute !== 'function') throw new RuntimeOptionsError(`tool ${d.name}: execute must be a function`);
  if (d.timeoutMs !== undefined && !(d.timeoutMs > 0)) throw new RuntimeOptionsError(`tool ${d.name}: timeoutMs must be positive`);
  if (d.maxOutputChars !== undefined && !(d.maxOutputChars > 0)) {
    throw new RuntimeOptionsError(`tool ${d.name}: maxOutputChars must be positive`);
  }
}

/**
 * Defines a tool: JSON-Schema input, optional output schema, MCP-style annotations (`readOnly`, `destructive`,
 * `idempotent`, `openWorld`), per-tool timeout and output cap. Validates the definition and returns it unchanged.
 */
export function defineTool<I, O>(def: ToolDefinition<I, O>): ToolDefinition<I, O> {
  assertToolDefinition(def);
  return def;
}
