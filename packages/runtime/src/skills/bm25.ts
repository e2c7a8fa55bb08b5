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
}

/** The default profile: BM25F with name 3, tags 2, description 1, instructions 0.3; k1 1.2, b 0.75, deduplicated query. */
export const BM25_DEFAULT_PROFILE: Bm25Options = Object.freeze({
  fields: { name: { boost: 3 }, tags: { boost: 2 }, description: { boost: 1 }, instructions: { boost: 0.3 } },
  k1: 1.2,
  b: 0.75,
  stem: false,
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

  /** Ranked hits with positive scores, best first (ties by id), after the cut-offs. */
  search(q: string, o: Bm25SearchOptions = {}): Array<{ id: string; score: number }> {
    const n = this.lengths.size;
    if (n === 0 || typeof q !== 'string') return [];
    let queryTerms = this.terms(q);
    if (this.dedupe) queryTerms = [...new Set(queryTerms)];
    const averages = this.totalLengths.map((total) => (total > 0 ? total / n : 1));
    const scores = new Map<string, number>();
    const matched = new Map<string, number>();
    for (const term of queryTerms) {
      const byDoc = this.postings.get(term);
      if (byDoc === undefined) continue;
      const idf = Math.log(1 + (n - byDoc.size + 0.5) / (byDoc.size + 0.5));
      for (const [id, posting] of byDoc) {
        const fieldLengths = this.lengths.get(id) as number[];
        let weighted = 0;
        posting.tf.forEach((tf, fieldIndex) => {
          if (tf === 0) return;
          const norm = 1 - this.b + this.b * ((fieldLengths[fieldIndex] ?? 0) / (averages[fieldIndex] ?? 1));
          weighted += ((this.boosts[fieldIndex] ?? 0) * tf) / norm;
        });
        if (weighted <= 0) continue;
        scores.set(id, (scores.get(id) ?? 0) + (idf * weighted * (this.k1 + 1)) / (weighted + this.k1));
        matched.set(id, (matched.get(id) ?? 0) + 1);
      }
    }
    const distinct = new Set(queryTerms).size;
    // Repeated query terms (no dedup) count once per repeat in `matched`; compare against all query terms then.
    const needed = Math.min(o.minMatchedTerms ?? 0, this.dedupe ? distinct : queryTerms.length);
    let hits = [...scores]
      .map(([id, score]) => ({ id, score }))
      .filter((hit) => hit.score > (o.minScore ?? 0) && ((matched.get(hit.id) ?? 0) >= needed || hit.score >= (o.strongScore ?? Number.POSITIVE_INFINITY)));
    hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const best = hits[0]?.score ?? 0;
    if ((o.relativeCutoff ?? 0) > 0) hits = hits.filter((hit) => hit.score >= best * (o.relativeCutoff ?? 0));
    return hits.slice(0, o.topK ?? hits.length);
  }
}
