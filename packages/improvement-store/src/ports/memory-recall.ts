import { Bm25Index } from '@agent33/runtime';
import type { MemoryItem, MemoryRecall } from '@agent33/runtime/ports';
import type { TenantScope } from '../domain/types.js';
import { validateScope } from '../domain/validate.js';
import type { ImprovementStore } from '../store/types.js';

/** Options of {@link memoryRecall}. */
export interface MemoryRecallOptions {
  /** Tenant scope searched (default `{ tenantId: 'default' }`). */
  scope?: TenantScope;
  /** Recent signals and run events indexed per search (default 500 each). */
  window?: number;
}

interface Doc {
  id: string;
  title: string;
  body: string;
}

/**
 * The runtime's `MemoryRecall` over the store: BM25F (the runtime's `Bm25Index`) over the most recent signals
 * (summary weighted above details) and run events of the scope; never crosses tenants.
 */
export function memoryRecall(store: ImprovementStore, o: MemoryRecallOptions = {}): MemoryRecall {
  const scope = validateScope(o.scope ?? { tenantId: 'default' });
  const window = o.window ?? 500;
  return {
    async search(q, opts) {
      opts?.signal?.throwIfAborted();
      const topK = opts?.topK ?? 5;
      if (typeof q !== 'string' || q.trim().length === 0 || topK <= 0) return [];
      const [signals, events] = await Promise.all([store.listSignals({ scope, limit: Math.min(window, 1000) }), store.runs.listEvents({ scope, limit: Math.min(window, 1000) })]);
      const docs = new Map<string, Doc>();
      for (const s of signals.items) docs.set(s.signalId, { id: s.signalId, title: s.summary, body: `${s.details} ${s.source} ${Object.values(s.context).join(' ')}` });
      for (const e of events) docs.set(`run-event-${e.seq}`, { id: `run-event-${e.seq}`, title: e.type, body: e.content });
      const index = new Bm25Index<Doc>({ fields: { title: { boost: 2 }, body: { boost: 1 } }, id: (d) => d.id, text: (d, f) => (f === 'title' ? d.title : d.body) });
      for (const doc of docs.values()) index.add(doc);
      return index.search(q, { topK }).map((hit): MemoryItem => {
        const doc = docs.get(hit.id)!;
        return { id: hit.id, content: doc.body.trim() ? `${doc.title}\n${doc.body.trim()}` : doc.title, score: hit.score };
      });
    },
  };
}
