// Benchmark B: skill-matching quality (test split) and latency, ours beside minisearch and wink-bm25-text-search.
import type { BenchCase } from '../../../tools/bench/harness.js';
import type { SkillDefinition, SkillReranker } from '../src/skills/types.js';
import { evaluate, loadSkillBenchData, miniSearchSystem, oursSystem, perturbedSkills, qualitySystems, winkSystem, type QualityReport, type RankingSystem } from './skill-systems.js';

const { skills, queries } = loadSkillBenchData();
const test = queries.filter((q) => q.split === 'test');
const systems = new Map<string, RankingSystem>(qualitySystems(skills).map((s) => [s.name, s]));
const reports = new Map<string, Promise<QualityReport>>();
const report = (name: string, wrapped = false): Promise<QualityReport> => {
  const key = `${name}:${String(wrapped)}`;
  let cached = reports.get(key);
  if (cached === undefined) reports.set(key, (cached = evaluate(systems.get(name) as RankingSystem, test, { wrapped })));
  return cached;
};

function quality(name: string, ours: string, peer: string, metric: (r: QualityReport) => number, o: { wrapped?: boolean; unit?: string; higherIsBetter?: boolean } = {}): BenchCase {
  return {
    name,
    peerName: peer,
    unit: o.unit ?? '',
    higherIsBetter: o.higherIsBetter ?? true,
    measure: async () => ({ ours: metric(await report(ours, o.wrapped)), peer: metric(await report(peer, o.wrapped)) }),
  };
}

const recall5 = (r: QualityReport): number => r.recallAt[5];
const mrr = (r: QualityReport): number => r.mrr10;

// A scripted reranker standing in for the LLM stages: lenient keeps all, strict rejects skills whose instructions
// carry a literal answer (the leaky ones in the data). Measures how often a leaky skill still reaches the prompt.
const leaky = new Set(skills.filter((s) => s.leaky === true).map((s) => s.name));
const auditor: SkillReranker = {
  lenient: (_q, c) => Promise.resolve(c.map((s) => s.name)),
  strict: (_q, c: SkillDefinition[]) => Promise.resolve({ keep: c.filter((s) => !leaky.has(s.name)).map((s) => s.name), reject: c.filter((s) => leaky.has(s.name)).map((s) => ({ name: s.name, reason: 'contains the answer' })) }),
};
async function leakExposure(withAudit: boolean): Promise<number> {
  const system = oursSystem(skills, 'audit', withAudit ? { reranker: auditor, skipRerankBelow: 0 } : {});
  const leakyQueries = queries.filter((q) => q.kind === 'leaky');
  let exposed = 0;
  for (const q of leakyQueries) {
    const match = await system.matcher.match(q.query);
    if (match.skills.some((s) => s.skill.name === q.leaky)) exposed += 1;
  }
  return exposed / leakyQueries.length;
}

const sample = test.filter((q) => q.kind !== 'negative').map((q) => q.query);
let cursor = 0;
const nextQuery = (): string => sample[(cursor = (cursor + 1) % sample.length)] as string;

function latency(size: number): BenchCase[] {
  const corpus = size === skills.length ? skills : perturbedSkills(skills, size);
  const ours = oursSystem(corpus, 'ours');
  const mini = miniSearchSystem(corpus, false);
  const wink = size <= 5_000 ? winkSystem(corpus) : undefined;
  const cases: BenchCase[] = [
    { name: `skills-query-${size}-vs-minisearch`, ours: () => ours.search(nextQuery(), 10), peer: { name: 'minisearch', run: () => mini.search(nextQuery(), 10) }, batch: 20 },
  ];
  if (wink !== undefined) cases.push({ name: `skills-query-${size}-vs-wink`, ours: () => ours.search(nextQuery(), 10), peer: { name: 'wink', run: () => wink.search(nextQuery(), 10) }, batch: 20 });
  return cases;
}

let big5k: ReturnType<typeof perturbedSkills> = [];

export const cases: BenchCase[] = [
  quality('skills-recall5-test-vs-minisearch', 'ours-default', 'minisearch', recall5),
  quality('skills-recall5-test-vs-wink', 'ours-default', 'wink', recall5),
  quality('skills-recall5-test-recall-profile-vs-wink', 'ours-recall', 'wink', recall5),
  quality('skills-recall5-test-vs-parity', 'ours-default', 'ours-parity', recall5),
  quality('skills-mrr10-test-vs-parity', 'ours-default', 'ours-parity', mrr),
  quality('skills-mrr10-test-vs-wink', 'ours-default', 'wink', mrr),
  quality('skills-ndcg10-test-vs-minisearch', 'ours-default', 'minisearch', (r) => r.ndcg10),
  quality('skills-negative-fpr-test-vs-minisearch', 'ours-default', 'minisearch', (r) => r.negativeFpr, { higherIsBetter: false }),
  quality('skills-deprecated-only-answered-test-vs-wink', 'ours-default', 'wink', (r) => 1 - r.deprecatedEmptyRate, { higherIsBetter: false }),
  quality('skills-recall5-wrapped-test-vs-wink', 'ours-default', 'wink', recall5, { wrapped: true }),
  { name: 'skills-leak-exposure', peerName: 'retrieval-only', unit: '', higherIsBetter: false, measure: async () => ({ ours: await leakExposure(true), peer: await leakExposure(false) }) },
  {
    name: 'skills-index-build-200-vs-minisearch',
    ours: () => oursSystem(skills, 'build'),
    peer: { name: 'minisearch', run: () => miniSearchSystem(skills, false) },
    unit: 'ms',
  },
  {
    name: 'skills-index-build-5000-vs-minisearch',
    setup: () => void (big5k = perturbedSkills(skills, 5_000)),
    ours: () => oursSystem(big5k, 'build'),
    peer: { name: 'minisearch', run: () => miniSearchSystem(big5k, false) },
    unit: 'ms',
  },
  ...latency(skills.length),
  ...latency(5_000),
  ...latency(20_000),
];
