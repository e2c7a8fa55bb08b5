import type { ToolSpec } from '../model/types.js';
import type { ToolDefinition, ToolSet } from './types.js';

/** Glob match supporting `*` and `?` (tool names and policy patterns). */
export function globMatch(pattern: string, name: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === name;
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(name);
}

/** An immutable per-run set of tools. */
export class StaticToolSet implements ToolSet {
  readonly names: readonly string[];
  private readonly byName: ReadonlyMap<string, ToolDefinition>;

  constructor(tools: Iterable<ToolDefinition>) {
    const map = new Map<string, ToolDefinition>();
    for (const t of tools) map.set(t.name, t);
    this.byName = map;
    this.names = Object.freeze([...map.keys()]);
  }

  get(name: string): ToolDefinition | undefined {
    return this.byName.get(name);
  }

  specs(): ToolSpec[] {
    return [...this.byName.values()].map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema }));
  }

  /** Keeps tools matching `allow` (all when absent) and drops those matching `deny` (globs allowed). */
  narrow(select: { allow?: string[]; deny?: string[] }): ToolSet {
    const { allow, deny } = select;
    return new StaticToolSet(
      [...this.byName.values()].filter(
        (t) =>
          (allow === undefined || allow.some((p) => globMatch(p, t.name))) &&
          !(deny ?? []).some((p) => globMatch(p, t.name)),
      ),
    );
  }
}

/** Builds a tool set from definitions. */
export function toolSet(tools: Iterable<ToolDefinition>): ToolSet {
  return new StaticToolSet(tools);
}
