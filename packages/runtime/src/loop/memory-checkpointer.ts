import type { RunCheckpointer } from '../ports/index.js';
import type { SerializedRunState } from './types.js';

/**
 * The default `RunCheckpointer`: run states in memory, copied on save and load so callers cannot alter what is
 * stored. Bounded: beyond `maxRuns` the least recently saved run is forgotten.
 */
export class InMemoryRunCheckpointer implements RunCheckpointer {
  private readonly states = new Map<string, SerializedRunState>();
  private readonly maxRuns: number;

  constructor(o: { maxRuns?: number } = {}) {
    this.maxRuns = Math.max(1, o.maxRuns ?? 1_000);
  }

  async save(runId: string, s: SerializedRunState): Promise<void> {
    this.states.delete(runId);
    this.states.set(runId, structuredClone(s));
    if (this.states.size > this.maxRuns) {
      const oldest = this.states.keys().next().value;
      if (oldest !== undefined) this.states.delete(oldest);
    }
  }

  async load(runId: string): Promise<SerializedRunState | undefined> {
    const s = this.states.get(runId);
    return s === undefined ? undefined : structuredClone(s);
  }

  /** Number of runs held. */
  get size(): number {
    return this.states.size;
  }
}
