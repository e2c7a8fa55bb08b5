import { RuntimeOptionsError } from '../errors/runtime-options-error.js';
import { DEFAULT_STOP_WORDS, PARITY_STOP_WORDS, tokenize, type TokenizeOptions } from './tokenize.js';

/** Index settings: weighted fields, BM25 parameters and text processing. */
export interface Bm25Options {
  /** Indexed fields and their weights (BM25F: each field is length-normalised on its own, then weighted). */
  fields: Record<string, { boost: number }>;
  k1?: number;
  b?: number;
  /** Light English stemming of documents and queries. Default false. */
  stem?: boolean;
  /** Count each query term once (default true; the reference counted repeats). */
  dedupeQueryTerms?: boolean;
  stopWords?: ReadonlySet<string>;
  /** NFKC, Unicode letters and camelCase splitting (default true; false = the reference's ASCII tokenizer). */
  normalize?: boolean;
  /** Concatenate all fields into one document with one length normalisation, as the reference did. Default false. */
  combineFields?: boolean;
}

/** Search limits: how many hits, an absolute floor and a floor relative to the best hit. */
export interface Bm25SearchOptions {
  topK?: number;
  minScore?: number;
  /** Drop hits scoring under this share of the best hit (0 keeps everything). */
  relativeCutoff?: number;
  /**
   * Drop hits that match fewer distinct query terms than this (capped at the number of distinct query terms, so
   * one-word queries still match). A single shared common word is the typical false positive.
   */
  minMatchedTerms?: number;
  /** Hits scoring at least this much are kept even when they match fewer terms than `minMatchedTerms`. */
  strongScore?: number;
  /** Keeps only documents this accepts, before the relative cut-off (so the best hit is the best accepted one). */
  filter?: (id: string) => boolean;
}

/**
 * The default profile: BM25F with name 3, tags 2, description 1, instructions 0.3; k1 1.2, b 0.75, deduplicated
 * query, light stemming (inflections of one word meet, which is most of the recall the peers gain over exact terms).
 */
export const BM25_DEFAULT_PROFILE: Bm25Options = Object.freeze({
  fields: { name: { boost: 3 }, tags: { boost: 2 }, description: { boost: 1 }, instructions: { boost: 0.3 } },
  k1: 1.2,
  b: 0.75,
  stem: true,
  dedupeQueryTerms: true,
  stopWords: DEFAULT_STOP_WORDS,
  normalize: true,
}) as Bm25Options;

/**
 * The reference's matcher as a profile: name + description + tags as one document, k1 1.5, b 0.75, query terms not
 * deduplicated, no stemming, the ASCII tokenizer and the reference stop list.
 */
export const BM25_PARITY_PROFILE: Bm25Options = Object.freeze({
  fields: { name: { boost: 1 }, description: { boost: 1 }, tags: { boost: 1 } },
  k1: 1.5,
  b: 0.75,
  stem: false,
  dedupeQueryTerms: false,
  stopWords: PARITY_STOP_WORDS,
  normalize: false,
  combineFields: true,
}) as Bm25Options;

interface Posting {
  /** Term frequency per field, in field order. */
  tf: number[];
}

/**
 * A small incremental BM25F index over any document type. `add` and `remove` keep it current (no rebuild needed);
 * IDF is Lucene's `ln(1 + (N − df + 0.5) / (df + 0.5))`, always positive. Reusable beyond skills.
 */
export class Bm25Index<T> {
  private readonly fieldNames: string[];
  private readonly boosts: number[];
  private readonly k1: number;
  private readonly b: number;
  private readonly dedupe: boolean;
  private readonly tokenizeOptions: TokenizeOptions;
  private readonly combine: boolean;
  private readonly idOf: (doc: T) => string;
  private readonly textOf: (doc: T, field: string) => string;
  private readonly postings = new Map<string, Map<string, Posting>>();
  private readonly lengths = new Map<string, number[]>();
  private readonly docTerms = new Map<string, string[]>();
  private readonly totalLengths: number[];

  constructor(o: Bm25Options & { id: (doc: T) => string; text: (doc: T, field: string) => string }) {
    const entries = Object.entries(o?.fields ?? {});
    if (entries.length === 0) throw new RuntimeOptionsError('Bm25Index needs at least one field');
    for (const [field, { boost }] of entries) {
      if (!Number.isFinite(boost) || boost < 0) throw new RuntimeOptionsError(`Bm25Index field ${field}: boost must be a number >= 0`);
    }
    this.k1 = o.k1 ?? 1.2;
    this.b = o.b ?? 0.75;
    if (!(this.k1 >= 0) || !(this.b >= 0 && this.b <= 1)) throw new RuntimeOptionsError(`Bm25Index needs k1 >= 0 and 0 <= b <= 1 (got k1=${String(o.k1)}, b=${String(o.b)})`);
    if (typeof o.id !== 'function' || typeof o.text !== 'function') throw new RuntimeOptionsError('Bm25Index needs id and text functions');
    this.combine = o.combineFields === true;
    this.fieldNames = this.combine ? ['*'] : entries.map(([field]) => field);
    this.boosts = this.combine ? [1] : entries.map(([, { boost }]) => boost);
    const sourceFields = entries.map(([field]) => field);
    this.textOf = this.combine ? (doc) => sourceFields.map((field) => o.text(doc, field)).join(' ') : o.text;
    this.idOf = o.id;
    this.dedupe = o.dedupeQueryTerms ?? true;
    this.tokenizeOptions = { stopWords: o.stopWords ?? DEFAULT_STOP_WORDS, normalize: o.normalize ?? true, stem: o.stem ?? false };
    this.totalLengths = this.fieldNames.map(() => 0);
  }

  /** Number of indexed documents. */
  get size(): number {
    return this.lengths.size;
  }

  /** The index terms of a text, processed exactly as documents and queries are. */
  terms(text: string): string[] {
    return tokenize(text, this.tokenizeOptions);
  }

  /** How many distinct index terms `q` has, and how many of them occur in at least one indexed document. */
  termStats(q: string): { distinct: number; known: number } {
    const distinct = new Set(this.terms(q));
    let known = 0;
    for (const term of distinct) if (this.postings.has(term)) known += 1;
    return { distinct: distinct.size, known };
  }

  /** Adds a document, replacing any document with the same id. */
  add(doc: T): void {
    const id = this.idOf(doc);
    this.remove(id);
    const fieldLengths: number[] = [];
    const seen: string[] = [];
    this.fieldNames.forEach((field, fieldIndex) => {
      const terms = this.terms(this.textOf(doc, field));
      fieldLengths.push(terms.length);
      this.totalLengths[fieldIndex] = (this.totalLengths[fieldIndex] ?? 0) + terms.length;
      for (const term of terms) {
        let byDoc = this.postings.get(term);
        if (byDoc === undefined) this.postings.set(term, (byDoc = new Map()));
        let posting = byDoc.get(id);
        if (posting === undefined) {
          byDoc.set(id, (posting = { tf: this.fieldNames.map(() => 0) }));
          seen.push(term);
        }
        posting.tf[fieldIndex] = (posting.tf[fieldIndex] ?? 0) + 1;
      }
    });
    this.lengths.set(id, fieldLengths);
    this.docTerms.set(id, seen);
  }

  /** Removes a document by id; unknown ids are ignored. */
  remove(id: string): void {
    const fieldLengths = this.lengths.get(id);
    if (fieldLengths === undefined) return;
    fieldLengths.forEach((length, fieldIndex) => (this.totalLengths[fieldIndex] = (this.totalLengths[fieldIndex] ?? 0) - length));
    for (const term of this.docTerms.get(id) ?? []) {
      const byDoc = this.postings.get(term);
      byDoc?.delete(id);
      if (byDoc?.size === 0) this.postings.delete(term);
    }
    this.lengths.delete(id);
    this.docTerms.delete(id);
  }

  /** Replaces the whole content of the index. */
  rebuild(docs: Iterable<T>): void {
    this.postings.clear();
    this.lengths.clear();
    this.docTerms.clear();
    this.totalLengths.fill(0);
    for (const doc of docs) this.add(doc);
  }

  /** Ranked hits with positive scores, best first (ties by id), after the cut-offs; `matched` counts the query terms each hit shares. */
  search(q: string, o: Bm25SearchOptions = {}): Array<{ id: string; score: number; matched: number }> {
    const n = this.lengths.size;
    if (n === 0 || typeof q !== 'string') return [];
    let queryTerms = this.terms(q);
    if (this.dedupe) queryTerms = [...new Set(queryTerms)];
    // Per-field constants of the length normalisation, hoisted out of the posting loop.
    const lengthWeights = this.totalLengths.map((total) => this.b / (total > 0 ? total / n : 1));
    const base = 1 - this.b;
    const fieldCount = this.fieldNames.length;
    const acc = new Map<string, { score: number; matched: number }>();
    for (const term of queryTerms) {
      const byDoc = this.postings.get(term);
      if (byDoc === undefined) continue;
      const idf = Math.log(1 + (n - byDoc.size + 0.5) / (byDoc.size + 0.5));
      for (const [id, posting] of byDoc) {
        const fieldLengths = this.lengths.get(id) as number[];
        let weighted = 0;
        for (let f = 0; f < fieldCount; f += 1) {
          const tf = posting.tf[f] ?? 0;
          if (tf === 0) continue;
          weighted += ((this.boosts[f] ?? 0) * tf) / (base + (lengthWeights[f] ?? 0) * (fieldLengths[f] ?? 0));
        }
        if (weighted <= 0) continue;
        const add = (idf * weighted * (this.k1 + 1)) / (weighted + this.k1);
        const entry = acc.get(id);
        if (entry === undefined) acc.set(id, { score: add, matched: 1 });
        else {
          entry.score += add;
          entry.matched += 1;
        }
      }
    }
    const distinct = new Set(queryTerms).size;
    // Repeated query terms (no dedup) count once per repeat in `matched`; compare against all query terms then.
    const needed = Math.min(o.minMatchedTerms ?? 0, this.dedupe ? distinct : queryTerms.length);
    const minScore = o.minScore ?? 0;
    const strongScore = o.strongScore ?? Number.POSITIVE_INFINITY;
    const candidates: Array<{ id: string; score: number; matched: number }> = [];
    let best = 0;
    for (const [id, { score, matched: hitTerms }] of acc) {
      if (score <= minScore || (hitTerms < needed && score < strongScore)) continue;
      candidates.push({ id, score, matched: hitTerms });
      if (score > best) best = score;
    }
    // Cut before sorting and filtering: on large indexes most hits share one common word and fall under the cut-off.
    const cutoff = o.relativeCutoff ?? 0;
    const accept = o.filter ?? (() => true);
    let hits = candidates.filter((hit) => hit.score >= best * cutoff && accept(hit.id));
    if (o.filter !== undefined && cutoff > 0 && !hits.some((hit) => hit.score === best)) {
      // The best hit was filtered out, so the cut-off is relative to a lower score: redo it over every candidate.
      hits = candidates.filter((hit) => accept(hit.id));
      const bestAccepted = hits.reduce((max, hit) => Math.max(max, hit.score), 0);
      hits = hits.filter((hit) => hit.score >= bestAccepted * cutoff);
    }
    hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return hits.slice(0, o.topK ?? hits.length);
  }
}
