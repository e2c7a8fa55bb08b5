import { RuntimeOptionsError } from '../errors/runtime-options-error.js';
import type { EmbeddingRetriever } from '../ports/index.js';
import { BM25_DEFAULT_PROFILE, BM25_PARITY_PROFILE, Bm25Index, type Bm25Options } from './bm25.js';
import type { SkillRegistry } from './registry.js';
import type { SkillDefinition, SkillMatch, SkillReranker } from './types.js';

/** Options of a {@link SkillMatcher}. */
export interface SkillMatcherOptions {
  registry: SkillRegistry;
  /** Index profile; merged over {@link BM25_DEFAULT_PROFILE} (pass `BM25_PARITY_PROFILE` for the reference's). */
  index?: Partial<Bm25Options>;
  reranker?: SkillReranker;
  /** Dense retrieval fused with BM25 by reciprocal rank fusion (k = 60). */
  retriever?: EmbeddingRetriever;
  /** Stage-1 candidates kept. Default 20. */
  topK?: number;
  /** Up to this many candidates skip the LLM stages. Default 3. */
  skipRerankBelow?: number;
  /** Drop stage-1 candidates under this share of the best score. Default 0.25 (0 = the reference: no cut-off). */
  relativeCutoff?: number;
  /**
   * Answer gate: a query gets results only when some hit shares at least this many distinct terms with it (fewer if
   * the query has fewer), scores at least `strongScore`, or the query has `minKnownTerms` catalogue terms. Once a
   * query passes, single-term hits rank with the rest. Default 2.
   */
  minMatchedTerms?: number;
  /** BM25 score from which one hit alone opens the answer gate. Default 12. */
  strongScore?: number;
  /**
   * A query sharing at least this many distinct terms with the whole catalogue (not one skill) passes the answer
   * gate: it speaks the catalogue's language even when each skill matches one word of it. Default 3.
   */
  minKnownTerms?: number;
  /** What an explicit `[]` from the lenient stage means: keep all (the reference) or none. */
  emptyLenientMeans?: 'keepAll' | 'none';
  /** `change` (default) reindexes lazily after any registry change; `manual` only on `reindex()` (the reference). */
  reindexOn?: 'change' | 'manual';
  /** Monotonic milliseconds for stage timings. Default `performance.now`. */
  now?: () => number;
}

const RRF_K = 60;

/** The reference matcher's retrieval: the parity index profile, no relative cut-off, no matched-terms rule. */
export const PARITY_MATCHER_OPTIONS: Readonly<Pick<SkillMatcherOptions, 'index' | 'relativeCutoff' | 'minMatchedTerms'>> = Object.freeze({
  index: BM25_PARITY_PROFILE,
  relativeCutoff: 0,
  minMatchedTerms: 0,
});

function emptyMatch(stage1Count: number, timingsMs: Record<string, number>): SkillMatch {
  return { skills: [], stage1Count, stage2Count: 0, stage4Count: 0, rejected: [], timingsMs };
}

/**
 * Matches a query to skills: BM25 retrieval (optionally fused with dense retrieval), then — above
 * `skipRerankBelow` candidates and with a reranker — a lenient LLM filter and a strict leakage audit. The reference's
 * fallbacks hold: a failing or unparsable stage, or an empty strict `keep`, keeps every candidate. The index follows
 * the registry: any change is picked up on the next query.
 */
export class SkillMatcher {
  private readonly registry: SkillRegistry;
  private readonly index: Bm25Index<SkillDefinition>;
  private readonly reranker: SkillReranker | undefined;
  private readonly retriever: EmbeddingRetriever | undefined;
  private readonly topK: number;
  private readonly skipRerankBelow: number;
  private readonly relativeCutoff: number;
  private readonly emptyLenientMeans: 'keepAll' | 'none';
  private readonly minMatchedTerms: number;
  private readonly strongScore: number;
  private readonly minKnownTerms: number;
  private readonly reindexOn: 'change' | 'manual';
  private readonly now: () => number;
  private indexedVersion = -1;

  constructor(o: SkillMatcherOptions) {
    if (typeof o?.registry?.list !== 'function') throw new RuntimeOptionsError('SkillMatcher needs a SkillRegistry');
    this.registry = o.registry;
    const profile = { ...BM25_DEFAULT_PROFILE, ...o.index };
    this.index = new Bm25Index<SkillDefinition>({
      ...profile,
      id: (skill) => skill.name,
      text: (skill, field) => {
        if (field === 'name') return skill.name.replace(/[-_.]+/g, ' ');
        if (field === 'tags') return skill.tags.join(' ');
        if (field === 'description') return skill.description;
        if (field === 'instructions') return skill.instructions;
        return '';
      },
    });
    this.reranker = o.reranker;
    this.retriever = o.retriever;
    this.topK = o.topK ?? 20;
    this.skipRerankBelow = o.skipRerankBelow ?? 3;
    this.relativeCutoff = o.relativeCutoff ?? 0.25;
    this.emptyLenientMeans = o.emptyLenientMeans ?? 'keepAll';
    this.minMatchedTerms = o.minMatchedTerms ?? 2;
    this.strongScore = o.strongScore ?? 12;
    this.minKnownTerms = o.minKnownTerms ?? 3;
    this.reindexOn = o.reindexOn ?? 'change';
    this.now = o.now ?? (() => performance.now());
    if (!(Number.isInteger(this.topK) && this.topK > 0)) throw new RuntimeOptionsError(`SkillMatcher.topK must be a positive integer, got ${String(o.topK)}`);
    if (!(this.relativeCutoff >= 0 && this.relativeCutoff <= 1)) throw new RuntimeOptionsError(`SkillMatcher.relativeCutoff must be between 0 and 1, got ${String(o.relativeCutoff)}`);
    if (!(this.minKnownTerms >= 0)) throw new RuntimeOptionsError(`SkillMatcher.minKnownTerms must be >= 0, got ${String(o.minKnownTerms)}`);
    if (!(this.skipRerankBelow >= 0)) throw new RuntimeOptionsError(`SkillMatcher.skipRerankBelow must be >= 0, got ${String(o.skipRerankBelow)}`);
  }

  /** True once the index has been built. */
  get indexed(): boolean {
    return this.indexedVersion !== -1;
  }

  /** Rebuilds the index from the registry: deprecated skills are left out, experimental ones kept. */
  reindex(): void {
    this.index.rebuild(this.registry.list().filter((skill) => skill.status !== 'deprecated'));
    this.indexedVersion = this.registry.version;
  }

  /** Stage 1 only: BM25 (plus fused dense) hits with scores, after the cut-offs and the allowlist. */
  async retrieve(query: string, o: { allow?: string[]; signal?: AbortSignal; topK?: number } = {}): Promise<Array<{ skill: SkillDefinition; score: number }>> {
    if (typeof query !== 'string') throw new RuntimeOptionsError('SkillMatcher: query must be a string');
    if (this.indexedVersion === -1 || (this.reindexOn === 'change' && this.indexedVersion !== this.registry.version)) this.reindex();
    const allow = o.allow === undefined ? undefined : new Set(o.allow);
    const eligible = (skill: SkillDefinition | undefined): skill is SkillDefinition =>
      skill !== undefined && skill.status !== 'deprecated' && skill.invocationMode !== 'user-only' && (allow === undefined || allow.has(skill.name));
    const topK = o.topK ?? this.topK;
    // The cut-off is relative to the best hit the caller may actually get, so the index filters first.
    const found = this.index.search(query, { filter: (id) => eligible(this.registry.get(id)), relativeCutoff: this.relativeCutoff });
    // The gate decides whether the query is answerable at all, not which hits survive: a weak single shared word
    // is the typical false positive of an off-topic query, but in an on-topic one the right skill often shares
    // only one word (a paraphrase) and must not be cut.
    const answerable = (): boolean => {
      const { distinct, known } = this.index.termStats(query);
      const needed = Math.min(this.minMatchedTerms, distinct);
      return known >= this.minKnownTerms || found.some((hit) => hit.matched >= needed || hit.score >= this.strongScore);
    };
    let hits: Array<{ id: string; score: number }> = found.length > 0 && answerable() ? found : [];
    if (this.retriever !== undefined) {
      const dense = await this.retriever.search(query, { topK: topK * 2, ...(o.signal === undefined ? {} : { signal: o.signal }) });
      const fused = new Map<string, number>();
      hits.forEach((hit, rank) => fused.set(hit.id, (fused.get(hit.id) ?? 0) + 1 / (RRF_K + rank + 1)));
      dense.filter((hit) => eligible(this.registry.get(hit.id))).forEach((hit, rank) => fused.set(hit.id, (fused.get(hit.id) ?? 0) + 1 / (RRF_K + rank + 1)));
      hits = [...fused].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    }
    return hits.slice(0, topK).map((hit) => ({ skill: this.registry.get(hit.id) as SkillDefinition, score: hit.score }));
  }

  /** The full pipeline; `allow` restricts results to the named skills (the agent's configured skills). */
  async match(query: string, o: { allow?: string[]; signal?: AbortSignal } = {}): Promise<SkillMatch> {
    const signal = o.signal ?? new AbortController().signal;
    const started = this.now();
    const timingsMs: Record<string, number> = {};
    const candidates = await this.retrieve(query, o);
    timingsMs.retrieve = this.now() - started;
    const stage1Count = candidates.length;
    if (stage1Count === 0) return emptyMatch(0, { ...timingsMs, total: this.now() - started });
    if (this.reranker === undefined || stage1Count <= this.skipRerankBelow) {
      return { skills: candidates, stage1Count, stage2Count: stage1Count, stage4Count: stage1Count, rejected: [], timingsMs: { ...timingsMs, total: this.now() - started } };
    }

    const lenientStart = this.now();
    let names: string[] | null;
    try {
      names = await this.reranker.lenient(query, candidates.map((c) => c.skill), signal);
    } catch {
      names = null;
    }
    timingsMs.lenient = this.now() - lenientStart;
    let survivors = candidates;
    if (names !== null && (names.length > 0 || this.emptyLenientMeans === 'none')) {
      const keep = new Set(names);
      survivors = candidates.filter((c) => keep.has(c.skill.name));
      // Only unknown names (or an explicit "none"): nothing is relevant, and the audit is skipped.
      if (survivors.length === 0) return emptyMatch(stage1Count, { ...timingsMs, total: this.now() - started });
    }

    const strictStart = this.now();
    let audit: Awaited<ReturnType<SkillReranker['strict']>>;
    try {
      audit = await this.reranker.strict(query, survivors.map((c) => c.skill), signal);
    } catch {
      audit = null;
    }
    timingsMs.strict = this.now() - strictStart;
    let kept = survivors;
    let rejected: SkillMatch['rejected'] = [];
    if (audit !== null && audit.keep.length > 0) {
      const keep = new Set(audit.keep);
      kept = survivors.filter((c) => keep.has(c.skill.name));
      rejected = audit.reject;
    }
    return { skills: kept, stage1Count, stage2Count: survivors.length, stage4Count: kept.length, rejected, timingsMs: { ...timingsMs, total: this.now() - started } };
  }
}

/**
 * Agent-scoped matching (the reference route's behaviour): match within the agent's configured skills; when nothing
 * matches or matching fails, fall back to all configured skills. `global` scope matches the whole registry.
 */
export async function matchSkillsForAgent(
  matcher: SkillMatcher,
  query: string,
  o: { configured: readonly string[]; scope?: 'agent' | 'global'; registry: SkillRegistry; signal?: AbortSignal },
): Promise<{ skills: SkillDefinition[]; match?: SkillMatch; fallback: boolean }> {
  const scope = o.scope ?? 'agent';
  const configured = o.configured.map((name) => o.registry.get(name)).filter((skill): skill is SkillDefinition => skill !== undefined);
  try {
    const match = await matcher.match(query, { ...(scope === 'agent' ? { allow: [...o.configured] } : {}), ...(o.signal === undefined ? {} : { signal: o.signal }) });
    if (match.skills.length > 0 || scope === 'global') return { skills: match.skills.map((s) => s.skill), match, fallback: false };
    return { skills: configured, match, fallback: true };
  } catch {
    return { skills: configured, fallback: true };
  }
}
