import { describe, expect, it } from 'vitest';
import { ScriptedModel, text, fail } from '../testing/index.js';
import { BM25_PARITY_PROFILE, Bm25Index } from './bm25.js';
import { PARITY_MATCHER_OPTIONS, SkillMatcher } from './matcher.js';
import { SkillRegistry } from './registry.js';
import { LlmSkillReranker, parseJsonArray, parseStrictAudit } from './rerank-llm.js';
import { makeSkill } from './test-helpers.js';
import { tokenize } from './tokenize.js';
import type { SkillDefinition } from './types.js';

// The reference's skill-matching scenarios, ported as behaviours under the parity profile.
const parityTokenize = (s: string): string[] => tokenize(s, { normalize: false });

describe('tokenize (parity)', () => {
  it('lowercases words', () => expect(parityTokenize('Deploy Kubernetes Apps')).toEqual(['deploy', 'kubernetes', 'apps']));
  it('removes stop words and keeps content words', () => expect(parityTokenize('a guide for the deployment of apps')).toEqual(['guide', 'deployment', 'apps']));
  it('returns [] for empty text', () => expect(parityTokenize('')).toEqual([]));
  it('splits on punctuation and hyphens', () => expect(parityTokenize('hello-world, this is it!')).toEqual(['hello', 'world']));
  it('keeps numbers', () => expect(parityTokenize('python 3 and node 11')).toEqual(['python', '3', 'node', '11']));
});

function parityIndex(skills: SkillDefinition[]): Bm25Index<SkillDefinition> {
  const index = new Bm25Index<SkillDefinition>({
    ...BM25_PARITY_PROFILE,
    id: (s) => s.name,
    text: (s, field) => (field === 'name' ? s.name : field === 'tags' ? s.tags.join(' ') : s.description),
  });
  index.rebuild(skills.filter((s) => s.status !== 'deprecated'));
  return index;
}

const k8s = makeSkill('kubernetes-deploy', 'Deploy applications to Kubernetes clusters', { tags: ['kubernetes', 'deploy'] });
const monitor = makeSkill('monitoring', 'Monitor services and deploy alerts', { tags: ['observability'] });
const docs = makeSkill('doc-writer', 'Write documentation pages', { tags: ['docs'] });

describe('BM25 (parity profile)', () => {
  it('an empty or never-filled index returns nothing', () => {
    expect(parityIndex([]).search('deploy')).toEqual([]);
    const never = new Bm25Index<SkillDefinition>({ ...BM25_PARITY_PROFILE, id: (s) => s.name, text: () => '' });
    expect(never.search('deploy')).toEqual([]);
  });
  it('ranks kubernetes-deploy first for "deploy kubernetes" with a positive score', () => {
    const hits = parityIndex([k8s, monitor, docs]).search('deploy kubernetes');
    expect(hits[0]?.id).toBe('kubernetes-deploy');
    expect(hits[0]?.score).toBeGreaterThan(0);
  });
  it('a two-term match beats a one-term match', () => {
    const hits = parityIndex([k8s, monitor, docs]).search('deploy kubernetes');
    expect(hits.map((h) => h.id)).toEqual(['kubernetes-deploy', 'monitoring']);
    expect((hits[0]?.score ?? 0) > (hits[1]?.score ?? 0)).toBe(true);
  });
  it('leaves deprecated skills out and keeps experimental ones', () => {
    const old = makeSkill('old-deploy', 'Deploy the legacy way', { status: 'deprecated' });
    const beta = makeSkill('beta-deploy', 'Deploy the beta way', { status: 'experimental' });
    const ids = parityIndex([old, beta]).search('deploy').map((h) => h.id);
    expect(ids).toEqual(['beta-deploy']);
  });
  it('respects topK', () => {
    const many = Array.from({ length: 10 }, (_, i) => makeSkill(`deploy-${i}`, `Deploy variant ${i}`));
    expect(parityIndex(many).search('deploy', { topK: 3 })).toHaveLength(3);
  });
});

describe('reply parsers (parity)', () => {
  it('parseJsonArray reads direct, fenced, embedded and coerces numbers', () => {
    expect(parseJsonArray('["a", "b"]')).toEqual(['a', 'b']);
    expect(parseJsonArray('```json\n["a"]\n```')).toEqual(['a']);
    expect(parseJsonArray('```\n["x"]\n```')).toEqual(['x']);
    expect(parseJsonArray('Keep these: ["a", "c"] please')).toEqual(['a', 'c']);
    expect(parseJsonArray('no array here')).toEqual([]);
    expect(parseJsonArray('')).toEqual([]);
    expect(parseJsonArray('[]')).toEqual([]);
    expect(parseJsonArray('[1, 2]')).toEqual(['1', '2']);
  });
  it('parseStrictAudit reads direct, fenced and embedded objects with keep', () => {
    expect(parseStrictAudit('{"keep": ["a"], "reject": [{"name": "b", "reason": "leaks"}]}')).toEqual({ keep: ['a'], reject: [{ name: 'b', reason: 'leaks' }] });
    expect(parseStrictAudit('```json\n{"keep": ["a"]}\n```')).toEqual({ keep: ['a'], reject: [] });
    expect(parseStrictAudit('{"reject": []}')).toEqual({});
    expect(parseStrictAudit('not json')).toEqual({});
    expect(parseStrictAudit('Result: {"keep": ["z"], "reject": []} done')).toEqual({ keep: ['z'], reject: [] });
    expect(parseStrictAudit('')).toEqual({});
    expect(parseStrictAudit('{"keep": ["only"]}')).toEqual({ keep: ['only'], reject: [] });
  });
});

const deploySkills = [
  makeSkill('deploy', 'Deploy services to production', { tags: ['deploy'], instructions: 'Use the pipeline to deploy.' }),
  makeSkill('scale', 'Scale deployed services', { tags: ['deploy', 'scale'], instructions: 'Adjust replicas.' }),
  makeSkill('rollback', 'Roll back a bad deploy', { tags: ['deploy'], instructions: 'Revert to the last release.' }),
  makeSkill('deploy-docs', 'Document how we deploy', { tags: ['docs', 'deploy'], instructions: 'The answer is 42.' }),
];

function matcher(skills: SkillDefinition[], model?: ScriptedModel, extra: Partial<ConstructorParameters<typeof SkillMatcher>[0]> = {}): { m: SkillMatcher; registry: SkillRegistry } {
  const registry = new SkillRegistry({ skills });
  const m = new SkillMatcher({ registry, ...PARITY_MATCHER_OPTIONS, ...(model ? { reranker: new LlmSkillReranker(model, 'llama3.2') } : {}), ...extra });
  return { m, registry };
}

describe('SkillMatcher (parity scenarios)', () => {
  it('no skills → empty, stage1 0, no LLM call', async () => {
    const model = new ScriptedModel([]);
    const result = await matcher([], model).m.match('deploy');
    expect(result.skills).toEqual([]);
    expect(result.stage1Count).toBe(0);
    expect(model.calls).toHaveLength(0);
  });
  it('no lexical match → empty', async () => {
    const result = await matcher(deploySkills, new ScriptedModel([])).m.match('quantum chemistry');
    expect(result.skills).toEqual([]);
    expect(result.stage1Count).toBe(0);
  });
  it('one candidate under the skip threshold is returned without an LLM call', async () => {
    const model = new ScriptedModel([]);
    const result = await matcher(deploySkills, model).m.match('roll back');
    expect(result.skills.map((s) => s.skill.name)).toEqual(['rollback']);
    expect([result.stage1Count, result.stage2Count, result.stage4Count]).toEqual([1, 1, 1]);
    expect(model.calls).toHaveLength(0);
  });
  it('exactly three candidates with skip 3 → no LLM call', async () => {
    const model = new ScriptedModel([]);
    const result = await matcher(deploySkills.slice(0, 3), model).m.match('deploy');
    expect(result.stage1Count).toBe(3);
    expect(model.calls).toHaveLength(0);
  });
  it('four candidates: stage 2 keeps 2, stage 4 keeps 1 with one rejection; 2 LLM calls', async () => {
    const model = new ScriptedModel([text('["deploy", "scale"]'), text('{"keep": ["deploy"], "reject": [{"name": "scale", "reason": "irrelevant"}]}')]);
    const result = await matcher(deploySkills, model).m.match('deploy');
    expect(result.stage1Count).toBe(4);
    expect(result.stage2Count).toBe(2);
    expect(result.stage4Count).toBe(1);
    expect(result.skills.map((s) => s.skill.name)).toEqual(['deploy']);
    expect(result.rejected).toEqual([{ name: 'scale', reason: 'irrelevant' }]);
    expect(model.calls).toHaveLength(2);
  });
  it('stage 2 narrows to {deploy, scale}', async () => {
    const model = new ScriptedModel([text('["scale", "deploy"]'), fail(new Error('audit down'))]);
    const result = await matcher(deploySkills, model).m.match('deploy');
    expect(new Set(result.skills.map((s) => s.skill.name))).toEqual(new Set(['deploy', 'scale']));
  });
  it('stage 2 raising, returning [] or an unparsable reply keeps all 4', async () => {
    for (const step of [fail(new Error('down')), text('[]'), text('I cannot decide')]) {
      const model = new ScriptedModel([step, text('{"keep": []}')]);
      const result = await matcher(deploySkills, model).m.match('deploy');
      expect(result.stage2Count).toBe(4);
      expect(result.skills).toHaveLength(4);
    }
  });
  it('stage 2 returning [] keeps none with emptyLenientMeans "none"', async () => {
    const model = new ScriptedModel([text('[]')]);
    const result = await matcher(deploySkills, model, { emptyLenientMeans: 'none' }).m.match('deploy');
    expect(result.skills).toEqual([]);
    expect(model.calls).toHaveLength(1);
  });
  it('stage 4 removes the leaker and an irrelevant skill, keeping both reasons', async () => {
    const model = new ScriptedModel([
      text('["deploy", "scale", "rollback", "deploy-docs"]'),
      text('{"keep": ["deploy", "rollback"], "reject": [{"name": "deploy-docs", "reason": "contains the literal answer 42"}, {"name": "scale", "reason": "not relevant"}]}'),
    ]);
    const result = await matcher(deploySkills, model).m.match('deploy');
    expect(result.rejected).toHaveLength(2);
    expect(result.rejected[0]?.reason).toBe('contains the literal answer 42');
    expect(result.skills.map((s) => s.skill.name).sort()).toEqual(['deploy', 'rollback']);
  });
  it('stage 4 raising or an empty keep keeps the stage-2 survivors with no rejections', async () => {
    for (const step of [fail(new Error('down')), text('{"keep": [], "reject": [{"name": "deploy", "reason": "x"}]}')]) {
      const model = new ScriptedModel([text('["deploy", "scale"]'), step]);
      const result = await matcher(deploySkills, model).m.match('deploy');
      expect(result.skills).toHaveLength(2);
      expect(result.rejected).toEqual([]);
    }
  });
  it('stage 2 returning only unknown names → empty after one LLM call', async () => {
    const model = new ScriptedModel([text('["ghost"]')]);
    const result = await matcher(deploySkills, model).m.match('deploy');
    expect(result.skills).toEqual([]);
    expect(model.calls).toHaveLength(1);
  });
  it('builds the index lazily on the first match', async () => {
    const { m } = matcher(deploySkills);
    expect(m.indexed).toBe(false);
    await m.match('deploy');
    expect(m.indexed).toBe(true);
  });
  it('with manual reindexing (the reference) a later skill is invisible until reindex()', async () => {
    const { m, registry } = matcher(deploySkills, undefined, { reindexOn: 'manual' });
    await m.match('deploy');
    registry.register(makeSkill('terraform', 'Provision infrastructure with terraform'));
    expect((await m.match('terraform')).skills).toEqual([]);
    m.reindex();
    expect((await m.match('terraform')).skills.map((s) => s.skill.name)).toEqual(['terraform']);
  });
  it('by default a later skill is visible without reindex()', async () => {
    const { m, registry } = matcher(deploySkills);
    await m.match('deploy');
    registry.register(makeSkill('terraform', 'Provision infrastructure with terraform'));
    expect((await m.match('terraform')).skills.map((s) => s.skill.name)).toEqual(['terraform']);
    registry.remove('terraform');
    expect((await m.match('terraform')).skills).toEqual([]);
  });
  it('end to end with 6 skills: stage1 >= 4, stage2 4, stage4 2, the right pair, the leak reason kept', async () => {
    const six = [...deploySkills, makeSkill('deploy-canary', 'Canary deploy strategy', { tags: ['deploy'] }), makeSkill('deploy-blue-green', 'Blue green deploy', { tags: ['deploy'] })];
    const model = new ScriptedModel([
      text('```json\n["deploy", "rollback", "deploy-docs", "deploy-canary"]\n```'),
      text('{"keep": ["deploy", "deploy-canary"], "reject": [{"name": "deploy-docs", "reason": "leaks the answer"}, {"name": "rollback", "reason": "off topic"}]}'),
    ]);
    const result = await matcher(six, model).m.match('deploy a service');
    expect(result.stage1Count).toBeGreaterThanOrEqual(4);
    expect(result.stage2Count).toBe(4);
    expect(result.stage4Count).toBe(2);
    expect(result.skills.map((s) => s.skill.name).sort()).toEqual(['deploy', 'deploy-canary']);
    expect(result.rejected.find((r) => r.name === 'deploy-docs')?.reason).toBe('leaks the answer');
  });
  it('forwards model and temperature to every LLM call; stage 2 prompt is LENIENT with query and names', async () => {
    const model = new ScriptedModel([text('["deploy", "scale"]'), text('{"keep": ["deploy"]}')]);
    const registry = new SkillRegistry({ skills: deploySkills });
    const m = new SkillMatcher({ registry, ...PARITY_MATCHER_OPTIONS, reranker: new LlmSkillReranker(model, 'custom-model', { temperature: 0.5 }) });
    await m.match('deploy now');
    expect(model.calls.map((c) => [c.request.model, c.request.temperature])).toEqual([
      ['custom-model', 0.5],
      ['custom-model', 0.5],
    ]);
    const lenient = model.calls[0]?.request;
    expect(String(lenient?.messages[0]?.content)).toContain('LENIENT');
    expect(String(lenient?.messages[1]?.content)).toContain('deploy now');
    for (const s of deploySkills) expect(String(lenient?.messages[1]?.content)).toContain(s.name);
    expect(lenient?.maxOutputTokens).toBe(500);
    expect(model.calls[1]?.request.maxOutputTokens).toBe(1_000);
    expect(String(model.calls[1]?.request.messages[1]?.content)).toContain('Use the pipeline to deploy.');
  });
  it('never matches deprecated skills', async () => {
    const result = await matcher([makeSkill('old', 'Deploy old', { status: 'deprecated' })]).m.match('deploy');
    expect(result.skills).toEqual([]);
  });
  it('the result counts match its skills and rejections default to []', async () => {
    const result = await matcher(deploySkills).m.match('deploy');
    expect(result.skills).toHaveLength(result.stage4Count);
    expect(result.rejected).toEqual([]);
    expect(result.timingsMs.total).toBeGreaterThanOrEqual(0);
  });
});
