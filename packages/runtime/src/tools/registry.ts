import { RuntimeOptionsError } from '../errors/runtime-options-error.js';
import { assertToolDefinition } from './define.js';
import { StaticToolSet } from './toolset.js';
import type { ToolDefinition, ToolMeta, ToolSet, ToolSource } from './types.js';

/**
 * The tool catalog: definitions with metadata (version, owner, provenance, status, tags). Blocked tools are never
 * part of a {@link ToolSet}; deprecated ones are, with a warning through `onWarning`.
 */
export class ToolRegistry {
  private readonly entries = new Map<string, { tool: ToolDefinition; meta: ToolMeta; statusMessage?: string }>();
  private readonly onWarning: (message: string) => void;

  constructor(o: { onWarning?: (message: string) => void } = {}) {
    this.onWarning = o.onWarning ?? (() => undefined);
  }

  /** Registers (or replaces) a tool. */
  register(tool: ToolDefinition, meta: ToolMeta = {}): void {
    assertToolDefinition(tool);
    this.entries.set(tool.name, { tool, meta: { status: 'active', ...meta } });
  }

  /** Registers every tool of a source; returns how many. */
  async registerSource(source: ToolSource, o: { signal?: AbortSignal } = {}): Promise<number> {
    const tools = await source.tools(o);
    for (const { definition, meta } of tools) this.register(definition, { ...meta, tags: [...(meta?.tags ?? []), `source:${source.id}`] });
    return tools.length;
  }

  /** Removes a tool; true when it existed. */
  unregister(name: string): boolean {
    return this.entries.delete(name);
  }

  get(name: string): ToolDefinition | undefined {
    return this.entries.get(name)?.tool;
  }

  meta(name: string): Readonly<ToolMeta> | undefined {
    return this.entries.get(name)?.meta;
  }

  /** Lists tools, optionally filtered by status or tag. */
  list(filter: { status?: ToolMeta['status']; tag?: string } = {}): ToolDefinition[] {
    return [...this.entries.values()]
      .filter((e) => (filter.status === undefined || e.meta.status === filter.status) && (filter.tag === undefined || (e.meta.tags ?? []).includes(filter.tag)))
      .map((e) => e.tool);
  }

  /** Changes a tool's status; false when the tool is unknown. */
  setStatus(name: string, status: NonNullable<ToolMeta['status']>, message?: string): boolean {
    if (!['active', 'deprecated', 'blocked'].includes(status)) throw new RuntimeOptionsError(`invalid tool status ${String(status)}`);
    const entry = this.entries.get(name);
    if (entry === undefined) return false;
    entry.meta = { ...entry.meta, status };
    if (message !== undefined) entry.statusMessage = message;
    return true;
  }

  /** The per-run view: registry ∩ allow − deny − blocked. Deprecated tools are kept with a warning. */
  toolSet(select: { allow?: string[]; deny?: string[] } = {}): ToolSet {
    const usable: ToolDefinition[] = [];
    for (const [name, e] of this.entries) {
      if (e.meta.status === 'blocked') continue;
      if (e.meta.status === 'deprecated') this.onWarning(`tool ${name} is deprecated${e.statusMessage !== undefined ? `: ${e.statusMessage}` : ''}`);
      usable.push(e.tool);
    }
    return new StaticToolSet(usable).narrow(select);
  }

  get size(): number {
    return this.entries.size;
  }
}
