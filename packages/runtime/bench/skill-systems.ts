/**
 * The skill-matching systems compared in Benchmark B and their quality metrics, shared by `skills.cases.ts` and the
 * quality test. Every system indexes the same non-deprecated skills with the same fields and weights.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import MiniSearch from 'minisearch';
import winkBm25 from 'wink-bm25-text-search';

import { parseSkillDefinition } from '../src/skills/definition.js';
import { PARITY_MATCHER_OPTIONS, SkillMatcher } from '../src/skills/matcher.js';
import { SkillRegistry } from '../src/skills/registry.js';
import { DEFAULT_STOP_WORDS, lightStem } from '../src/skills/tokenize.js';
import type { SkillDefinition } from '../src/skills/types.js';
import { prng } from './data/content-samples.js';
import type { BenchQuery, BenchSkill } from './data/generate-skills.js';

const DATA = join(dirname(fileURLToPath(import.meta.url)), 'data');

/** The committed benchmark data. */
export function loadSkillBenchData(): { skills: BenchSkill[]; queries: BenchQuery[] } {
  return {
    skills: JSON.parse(readFileSync(join(DATA, 'skill-matching-skills.json'), 'utf8')) as BenchSkill[],
    queries: JSON.parse(readFileSync(join(DATA, 'skill-matching-queries.json'), 'utf8')) as BenchQuery[],
  };
}

/** A system under test: ranked skill names for a query. */
export interface RankingSystem {
  name: string;
  search(query: string, topK: number): string[] | Promise<string[]>;
}

export function toDefinitions(skills: readonly BenchSkill[]): SkillDefinition[] {
  return skills.map((s) => parseSkillDefinition({ name: s.name, description: s.description, tags: s.tags, instructions: s.instructions, status: s.status }));
}

const FIELDS = ['name', 'tags', 'description', 'instructions'] as const;
const BOOSTS = { name: 3, tags: 2, description: 1, instructions: 0.3 };

function fieldText(skill: BenchSkill, field: (typeof FIELDS)[number]): string {
  if (field === 'name') return skill.name.replace(/-/g, ' ');
  if (field === 'tags') return skill.tags.join(' ');
  return skill[field];
}

/** Ours: the `SkillMatcher` retrieval stage (no reranker), default profile or a variant. */
export function oursSystem(skills: readonly BenchSkill[], name: string, o: ConstructorParameters<typeof SkillMatcher>[0] extends infer O ? Omit<O & object, 'registry'> : never = {}): RankingSystem & { matcher: SkillMatcher; registry: SkillRegistry } {
  const registry = new SkillRegistry({ skills: toDefinitions(skills) });
  const matcher = new SkillMatcher({ registry, ...o });
  matcher.reindex();
  return {
    name,
    matcher,
    registry,
    search: async (query, topK) => (await matcher.retrieve(query, { topK })).map((hit) => hit.skill.name),
  };
}

const processTerm = (term: string): string | null => {
  const lower = term.toLowerCase();
  return DEFAULT_STOP_WORDS.has(lower) ? null : lower;
};

/** minisearch with the same fields and boosts; exact terms, or prefix + fuzzy 0.2. */
export function miniSearchSystem(skills: readonly BenchSkill[], fuzzy: boolean): RankingSystem & { index: MiniSearch } {
  const index = new MiniSearch<Record<string, string>>({ fields: [...FIELDS], storeFields: [], idField: 'id', processTerm });
  index.addAll(skills.filter((s) => s.status !== 'deprecated').map((s) => ({ id: s.name, ...Object.fromEntries(FIELDS.map((f) => [f, fieldText(s, f)])) })));
  return {
    name: fuzzy ? 'minisearch-fuzzy' : 'minisearch',
    index,
    search: (query, topK) => index.search(query, { boost: BOOSTS, ...(fuzzy ? { prefix: true, fuzzy: 0.2 } : {}) }).slice(0, topK).map((hit) => String(hit.id)),
  };
}

/** wink-bm25-text-search with field weights and prep tasks: lower-case, tokenize, stop words, stem. */
export function winkSystem(skills: readonly BenchSkill[]): RankingSystem & { engine: ReturnType<typeof winkBm25> } {
  const engine = winkBm25();
  // wink's field weights must be positive integers; scale the boosts by 10.
  engine.defineConfig({ fldWeights: { name: 30, tags: 20, description: 10, instructions: 3 } });
  engine.definePrepTasks([
    (text: string) => text.toLowerCase(),
    (text: string) => text.match(/[a-z0-9]+/g) ?? [],
    (tokens: string[]) => tokens.filter((t) => !DEFAULT_STOP_WORDS.has(t)),
    (tokens: string[]) => tokens.map(lightStem),
  ]);
  for (const s of skills.filter((skill) => skill.status !== 'deprecated')) engine.addDoc(Object.fromEntries(FIELDS.map((f) => [f, fieldText(s, f)])), s.name);
  engine.consolidate();
  return { name: 'wink', engine, search: (query, topK) => engine.search(query, topK).map(([id]) => String(id)) };
}

/** Quality of one system over a query set. */
export interface QualityReport {
  recallAt: Record<1 | 3 | 5 | 10, number>;
  mrr10: number;
  ndcg10: number;
  precisionAt5: number;
  negativeFpr: number;
  deprecatedEmptyRate: number;
  queries: number;
}

function dcg(grades: number[]): number {
  return grades.reduce((sum, grade, rank) => sum + (2 ** grade - 1) / Math.log2(rank + 2), 0);
}

/** recall@k (primary labels), MRR@10 and nDCG@10 (graded), P@5, false-positive rate on negatives, empty rate on deprecated-only. */
export async function evaluate(system: RankingSystem, queries: readonly BenchQuery[], o: { wrapped?: boolean } = {}): Promise<QualityReport> {
  const labelled = queries.filter((q) => Object.keys(q.labels).length > 0);
  const recall = { 1: 0, 3: 0, 5: 0, 10: 0 };
  let mrr = 0;
  let ndcg = 0;
  let precision = 0;
  for (const q of labelled) {
    const ranked = await system.search(o.wrapped === true ? q.wrapped : q.query, 10);
    const primary = Object.entries(q.labels).filter(([, grade]) => grade === 2).map(([name]) => name);
    for (const k of [1, 3, 5, 10] as const) recall[k] += primary.filter((name) => ranked.slice(0, k).includes(name)).length / primary.length;
    const first = ranked.findIndex((name) => (q.labels[name] ?? 0) > 0);
    mrr += first === -1 ? 0 : 1 / (first + 1);
    const ideal = dcg(Object.values(q.labels).sort((a, b) => b - a).slice(0, 10));
    ndcg += ideal === 0 ? 0 : dcg(ranked.map((name) => q.labels[name] ?? 0)) / ideal;
    precision += ranked.slice(0, 5).filter((name) => (q.labels[name] ?? 0) > 0).length / 5;
  }
  const negatives = queries.filter((q) => q.kind === 'negative');
  let falsePositives = 0;
  for (const q of negatives) if ((await system.search(q.query, 10)).length > 0) falsePositives += 1;
  const deprecated = queries.filter((q) => q.kind === 'deprecated-only');
  let empty = 0;
  for (const q of deprecated) if ((await system.search(q.query, 10)).length === 0) empty += 1;
  const n = labelled.length || 1;
  return {
    recallAt: { 1: recall[1] / n, 3: recall[3] / n, 5: recall[5] / n, 10: recall[10] / n },
    mrr10: mrr / n,
    ndcg10: ndcg / n,
    precisionAt5: precision / n,
    negativeFpr: negatives.length === 0 ? 0 : falsePositives / negatives.length,
    deprecatedEmptyRate: deprecated.length === 0 ? 0 : empty / deprecated.length,
    queries: labelled.length,
  };
}

/** `count` perturbed copies of the skills (renamed, words shuffled and swapped), for latency at scale only. */
export function perturbedSkills(skills: readonly BenchSkill[], count: number, seed = 5_000): BenchSkill[] {
  const rng = prng(seed);
  const vocabulary = skills.flatMap((s) => s.description.toLowerCase().split(/\s+/));
  const out: BenchSkill[] = [];
  for (let index = 0; out.length < count; index += 1) {
    const base = skills[index % skills.length] as BenchSkill;
    const words = base.description.split(/\s+/).map((word) => (rng() < 0.3 ? (vocabulary[Math.floor(rng() * vocabulary.length)] as string) : word));
    out.push({ ...base, name: `${base.name}-v${index}`, description: words.join(' '), status: base.status === 'deprecated' ? 'active' : base.status });
  }
  return out;
}

/** Every quality system of Benchmark B, built over one skill set. */
export function qualitySystems(skills: readonly BenchSkill[]): RankingSystem[] {
  return [
    oursSystem(skills, 'ours-default'),
    oursSystem(skills, 'ours-parity', PARITY_MATCHER_OPTIONS),
    oursSystem(skills, 'ours-stem', { index: { stem: true } }),
    oursSystem(skills, 'ours-recall', { index: { stem: true }, minMatchedTerms: 1 }),
    miniSearchSystem(skills, false),
    miniSearchSystem(skills, true),
    winkSystem(skills),
  ];
}
