import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RuntimeOptionsError } from '../errors/runtime-options-error.js';
import { assertAgentDefinition, parseAgentDefinition, type AgentDefinition } from './definition.js';

/** In-memory agent registry keyed by name, with directory discovery and search. */
export class AgentRegistry {
  private readonly agents = new Map<string, AgentDefinition>();
  /** Files that failed during the last `discover`, with the reason. */
  readonly errors: Array<{ path: string; error: string }> = [];

  /** Loads every `*.json` of `dir` (sorted, `*.schema.json` skipped), skipping invalid files; returns how many loaded. */
  async discover(dir: string): Promise<number> {
    if (typeof dir !== 'string' || dir === '') throw new RuntimeOptionsError('AgentRegistry.discover: dir must be a path');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort();
    let loaded = 0;
    for (const f of files) {
      const path = join(dir, f);
      try {
        this.register(parseAgentDefinition(JSON.parse(await readFile(path, 'utf8'))));
        loaded += 1;
      } catch (error) {
        this.errors.push({ path, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return loaded;
  }

  register(d: AgentDefinition): void {
    assertAgentDefinition(d);
    this.agents.set(d.name, d);
  }

  remove(name: string): boolean {
    return this.agents.delete(name);
  }

  get(name: string): AgentDefinition | undefined {
    return this.agents.get(name);
  }

  getByAgentId(agentId: string): AgentDefinition | undefined {
    return [...this.agents.values()].find((a) => a.agentId === agentId);
  }

  list(): AgentDefinition[] {
    return [...this.agents.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** AND-combined search by role, spec capability, capability category (first letter) and status, sorted by name. */
  search(q: { role?: string; specCapability?: string; category?: string; status?: string } = {}): AgentDefinition[] {
    return this.list().filter(
      (a) =>
        (q.role === undefined || a.role === q.role) &&
        (q.specCapability === undefined || a.specCapabilities.includes(q.specCapability)) &&
        (q.category === undefined || a.specCapabilities.some((c) => c.startsWith(`${q.category}-`))) &&
        (q.status === undefined || a.status === q.status),
    );
  }

  get size(): number {
    return this.agents.size;
  }
}
