import { describe, expect, it } from 'vitest';
import { evaluate, loadSkillBenchData, miniSearchSystem, oursSystem } from '../bench/skill-systems.js';
import { PARITY_MATCHER_OPTIONS } from '../src/skills/matcher.js';
import type { SkillReranker } from '../src/skills/types.js';

// Quality gates on the committed labelled set (test split): what the default and recall profiles guarantee.
const { skills, queries } = loadSkillBenchData();
const test = queries.filter((q) => q.split === 'test');

describe('skill matching quality (labelled set, test split)', () => {
  it('ships at least 200 skills and 200 graded queries split into dev and test', () => {
    expect(skills.length).toBeGreaterThanOrEqual(200);
    expect(queries.length).toBeGreaterThanOrEqual(200);
    expect(queries.filter((q) => q.split === 'dev').length).toBe(100);
    expect(new Set(queries.map((q) => q.kind))).toEqual(new Set(['direct', 'paraphrase', 'multi', 'negative', 'deprecated-only', 'leaky']));
  });

  it('the default profile keeps negative false positives at or under 20% and finds direct queries', async () => {
    const report = await evaluate(oursSystem(skills, 'default'), test);
    expect(report.negativeFpr).toBeLessThanOrEqual(0.2);
    const direct = await evaluate(oursSystem(skills, 'default'), test.filter((q) => q.kind === 'direct'));
    expect(direct.recallAt[1]).toBeGreaterThanOrEqual(0.95);
  });

  it('the default profile beats exact-term minisearch and the parity profile on recall@5 and MRR@10', async () => {
    const ours = await evaluate(oursSystem(skills, 'default'), test);
    const mini = await evaluate(miniSearchSystem(skills, false), test);
    const parity = await evaluate(oursSystem(skills, 'parity', PARITY_MATCHER_OPTIONS), test);
    expect(ours.recallAt[5]).toBeGreaterThan(Math.max(mini.recallAt[5], parity.recallAt[5]));
    expect(ours.mrr10).toBeGreaterThan(parity.mrr10);
  });

  it('the recall profile (stemming, single-term hits) beats exact-term minisearch on recall@5', async () => {
    const ours = await evaluate(oursSystem(skills, 'recall', { index: { stem: true }, minMatchedTerms: 1 }), test);
    const mini = await evaluate(miniSearchSystem(skills, false), test);
    expect(ours.recallAt[5]).toBeGreaterThanOrEqual(mini.recallAt[5]);
  });

  it('the strict audit stage keeps leaky skills out of the result', async () => {
    const leaky = new Set(skills.filter((s) => s.leaky === true).map((s) => s.name));
    const auditor: SkillReranker = {
      lenient: (_q, c) => Promise.resolve(c.map((s) => s.name)),
      strict: (_q, c) => Promise.resolve({ keep: c.filter((s) => !leaky.has(s.name)).map((s) => s.name), reject: c.filter((s) => leaky.has(s.name)).map((s) => ({ name: s.name, reason: 'answer leak' })) }),
    };
    const { matcher } = oursSystem(skills, 'audited', { reranker: auditor, skipRerankBelow: 0 });
    let exposed = 0;
    for (const q of queries.filter((x) => x.kind === 'leaky')) if ((await matcher.match(q.query)).skills.some((s) => s.skill.name === q.leaky)) exposed += 1;
    expect(exposed).toBeLessThanOrEqual(1);
  });
});
