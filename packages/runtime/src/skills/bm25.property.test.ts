import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BM25_DEFAULT_PROFILE, BM25_PARITY_PROFILE, Bm25Index, type Bm25Options } from './bm25.js';

// Keeping the index current: any sequence of adds and removes ranks exactly like a rebuild from the final set.
interface Doc {
  id: string;
  name: string;
  body: string;
}
const WORDS = ['deploy', 'kubernetes', 'helm', 'chart', 'release', 'logs', 'search', 'error', 'cache', 'redis', 'query', 'index', 'test', 'unit'];
const textArb = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 8 }).map((words) => words.join(' '));
const opArb = fc.oneof(
  fc.record({ op: fc.constant('add' as const), doc: fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), name: textArb, body: textArb }) }),
  fc.record({ op: fc.constant('remove' as const), id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f') }),
);

function index(profile: Bm25Options): Bm25Index<Doc> {
  return new Bm25Index<Doc>({ ...profile, fields: { name: { boost: 3 }, description: { boost: 1 } }, id: (d) => d.id, text: (d, f) => (f === 'name' ? d.name : d.body) });
}

describe('Bm25Index incremental updates', () => {
  for (const [label, profile] of [['default', BM25_DEFAULT_PROFILE], ['parity', BM25_PARITY_PROFILE]] as const) {
    it(`${label}: add/remove sequences rank like a rebuild`, () => {
      fc.assert(
        fc.property(fc.array(opArb, { maxLength: 30 }), textArb, (ops, query) => {
          const incremental = index(profile);
          const live = new Map<string, Doc>();
          for (const step of ops) {
            if (step.op === 'add') {
              incremental.add(step.doc);
              live.set(step.doc.id, step.doc);
            } else {
              incremental.remove(step.id);
              live.delete(step.id);
            }
          }
          const rebuilt = index(profile);
          rebuilt.rebuild(live.values());
          expect(incremental.size).toBe(live.size);
          const a = incremental.search(query);
          const b = rebuilt.search(query);
          expect(a.map((h) => h.id)).toEqual(b.map((h) => h.id));
          a.forEach((hit, i) => expect(hit.score).toBeCloseTo(b[i]?.score ?? 0, 9));
        }),
        { numRuns: 200, seed: 5 },
      );
    });
  }
});
