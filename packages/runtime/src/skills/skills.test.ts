import { describe, expect, it } from 'vitest';
import { HeuristicCounter } from '../context/counter.js';
import { SkillDefinitionError } from '../errors/skill-definition-error.js';
import { AgentRuntimeError } from '../errors/agent-runtime-error.js';
import { BM25_DEFAULT_PROFILE, Bm25Index } from './bm25.js';
import { parseSkillDefinition } from './definition.js';
import { buildSkillBlocks, skillIndexBlock, skillInstructionsBlock, skillApprovalRules, skillAutonomy, skillQuery, skillToolParameterDefaults, skillToolSelection, narrowToolsForSkills } from './inject.js';
import { matchSkillsForAgent, SkillMatcher } from './matcher.js';
import { resolveInside, SkillRegistry, type SkillRegistryChange } from './registry.js';
import { readSkillResourceTool } from './resource-tool.js';
import { makeSkill } from './test-helpers.js';
import { lightStem, tokenize } from './tokenize.js';
import type { SkillDefinition } from './types.js';

describe('parseSkillDefinition', () => {
  it('accepts camel, snake and kebab keys and fills defaults', () => {
    const skill = parseSkillDefinition({ name: 'k8s', description: 'Deploy', 'allowed-tools': 'Read, Grep', disallowed_tools: ['shell'], tool_parameter_defaults: { shell: { timeout: 5 } }, tags: 'Kubernetes ops' });
    expect(skill.allowedTools).toEqual(['Read', 'Grep']);
    expect(skill.disallowedTools).toEqual(['shell']);
    expect(skill.toolParameterDefaults).toEqual({ shell: { timeout: 5 } });
    expect(skill.tags).toEqual(['kubernetes', 'ops']);
    expect(skill).toMatchObject({ version: '1.0.0', invocationMode: 'both', executionContext: 'inline', status: 'active', schemaVersion: '1', instructions: '' });
  });
  it('reports every problem at once with paths', () => {
    let error: unknown;
    try {
      parseSkillDefinition({ name: 'bad name!', description: 'x'.repeat(501), status: 'retired', tags: [1, {}], version: 'one' }, { source: 'skills/bad/SKILL.md' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SkillDefinitionError);
    expect(AgentRuntimeError.isInstance(error)).toBe(true);
    const e = error as SkillDefinitionError;
    expect(e.code).toBe('RUNTIME_BAD_SKILL');
    expect(e.errors.map((i) => i.path)).toEqual(expect.arrayContaining(['name', 'description', 'status', 'tags[1]', 'version']));
    expect(e.message).toContain('skills/bad/SKILL.md');
    expect(() => parseSkillDefinition('text')).toThrow(/must be an object/);
    expect(() => parseSkillDefinition({ name: 'ok' })).toThrow(/description: is required/);
  });
});

describe('tokenize (default profile)', () => {
  it('splits camelCase, handles Unicode and stems lightly', () => {
    expect(tokenize('kubernetesDeploy HTTPServer')).toEqual(['kubernetes', 'deploy', 'http', 'server']);
    expect(tokenize('Déploiement rapide')).toEqual(['déploiement', 'rapide']);
    expect(['deploys', 'deployed', 'deploying'].map(lightStem)).toEqual(['deploy', 'deploy', 'deploy']);
    expect(['queries', 'shipped', 'running', 'boxes', 'quickly', 'status'].map(lightStem)).toEqual(['query', 'ship', 'run', 'box', 'quick', 'status']);
    expect(['cache', 'caching', 'cached'].map(lightStem)).toEqual(['cach', 'cach', 'cach']);
    expect(['speed', 'need', 'bring', 'red'].map(lightStem)).toEqual(['speed', 'need', 'bring', 'red']);
  });
});

describe('Bm25Index (default profile)', () => {
  const skills = [
    makeSkill('helm-release', 'Package charts and release them', { tags: ['kubernetes', 'helm'] }),
    makeSkill('kubernetes-deploy', 'Roll out containers', { tags: ['kubernetes'] }),
    makeSkill('log-search', 'Search logs for errors', { instructions: 'Works with kubernetes pods too.' }),
  ];
  const build = (extra: Partial<typeof BM25_DEFAULT_PROFILE> = {}): Bm25Index<SkillDefinition> => {
    const index = new Bm25Index<SkillDefinition>({ ...BM25_DEFAULT_PROFILE, ...extra, id: (s) => s.name, text: (s, f) => (f === 'name' ? s.name : f === 'tags' ? s.tags.join(' ') : f === 'description' ? s.description : s.instructions) });
    index.rebuild(skills);
    return index;
  };
  it('weights name over tags over instructions', () => {
    const hits = build().search('kubernetes');
    expect(hits.map((h) => h.id)).toEqual(['kubernetes-deploy', 'helm-release', 'log-search']);
  });
  it('drops hits under the relative cut-off', () => {
    const hits = build().search('kubernetes', { relativeCutoff: 0.5 });
    expect(hits.map((h) => h.id)).not.toContain('log-search');
  });
  it('applies the relative cut-off to the best hit the filter accepts', () => {
    const index = build();
    expect(index.search('kubernetes', { relativeCutoff: 0.5 })[0]).toMatchObject({ id: 'kubernetes-deploy', matched: 1 });
    const rest = index.search('kubernetes', { relativeCutoff: 0.5, filter: (id) => id !== 'kubernetes-deploy' });
    expect(rest.map((h) => h.id)).toEqual(['helm-release']);
    expect(index.search('kubernetes', { relativeCutoff: 0.5, filter: (id) => id === 'log-search' }).map((h) => h.id)).toEqual(['log-search']);
  });
  it('deduplicates query terms', () => {
    const index = build();
    expect(index.search('kubernetes kubernetes kubernetes')[0]?.score).toBeCloseTo(index.search('kubernetes')[0]?.score ?? 0);
  });
  it('stays current on add and remove', () => {
    const index = build({ stem: true });
    expect(index.search('releasing charts')[0]?.id).toBe('helm-release');
    index.remove('helm-release');
    expect(index.search('charts')).toEqual([]);
    expect(index.size).toBe(2);
    index.add(makeSkill('chart-lint', 'Lint charts'));
    expect(index.search('charts')[0]?.id).toBe('chart-lint');
  });
  it('rejects bad options', () => {
    expect(() => new Bm25Index({ fields: {}, id: () => '', text: () => '' })).toThrow(/at least one field/);
    expect(() => new Bm25Index({ fields: { a: { boost: 1 } }, b: 2, id: () => '', text: () => '' })).toThrow(/b <= 1/);
  });
});

describe('SkillRegistry', () => {
  it('validates, replaces, versions and emits changes', () => {
    const registry = new SkillRegistry();
    const changes: SkillRegistryChange[] = [];
    const off = registry.on('changed', (c) => changes.push(c));
    registry.on('changed', () => {
      throw new Error('listener bug');
    });
    registry.register(makeSkill('a', 'First', { tags: ['x'], allowedTools: ['shell'] }));
    registry.register(makeSkill('a', 'Second', { version: '2.0.0' }));
    registry.register(makeSkill('b', 'Other skill', { tags: ['x'] }));
    expect(registry.version).toBe(3);
    expect(changes[1]).toEqual({ type: 'register', name: 'a', previousVersion: '1.0.0' });
    expect(registry.get('a')?.description).toBe('Second');
    expect(registry.findByTag('X').map((s) => s.name)).toEqual(['b']);
    expect(registry.search('OTHER').map((s) => s.name)).toEqual(['b']);
    expect(registry.metadata('b')).toEqual({ name: 'b', description: 'Other skill' });
    expect(registry.remove('a')).toBe(true);
    expect(registry.remove('a')).toBe(false);
    off();
    registry.remove('b');
    expect(changes).toHaveLength(4);
    expect(registry.count).toBe(0);
    expect(() => registry.register({ name: '' } as SkillDefinition)).toThrow(SkillDefinitionError);
  });
  it('refuses resource paths that leave the skill directory', async () => {
    expect(resolveInside('/skills/a', 'scripts/run.sh')).toBe('/skills/a/scripts/run.sh');
    expect(resolveInside('/skills/a', 'x/../y.md')).toBe('/skills/a/y.md');
    for (const bad of ['../b/SKILL.md', '/etc/passwd', 'C:\\x', 'a/../../b', '', 'a\0b']) expect(resolveInside('/skills/a', bad)).toBeNull();
    const reads: string[] = [];
    const registry = new SkillRegistry({ skills: [makeSkill('a', 'A', { basePath: '/skills/a' })], readResource: (path) => (reads.push(path), Promise.resolve('content')) });
    expect(await registry.resource('a', '../secret')).toBeNull();
    expect(await registry.resource('a', 'templates/t.md')).toBe('content');
    expect(await registry.resource('missing', 'x')).toBeNull();
    expect(reads).toEqual(['/skills/a/templates/t.md']);
  });
});

describe('skill injection', () => {
  const counter = new HeuristicCounter();
  const deploy = makeSkill('deploy', 'Deploy services', { instructions: 'Step 1. Build.\nStep 2. Ship.', allowedTools: ['shell', 'http'], approvalRequiredFor: ['shell:rm*'], autonomyLevel: 'read-only' });
  const big = makeSkill('big', 'A skill with long instructions', { instructions: 'word '.repeat(3_000) });
  it('renders the L0 index sorted, or (none), and L1 governance blocks', () => {
    expect(skillIndexBlock([big, deploy])).toBe('## Available Skills\n- big: A skill with long instructions\n- deploy: Deploy services');
    expect(skillIndexBlock([])).toContain('(none)');
    const l1 = skillInstructionsBlock(deploy);
    expect(l1).toContain('## Active Skill: deploy');
    expect(l1).toContain('- Allowed tools: shell, http');
    expect(l1).toContain('- Autonomy: read-only');
    expect(l1).toContain('Step 2. Ship.');
  });
  it('injects L1 blocks highest score first under the budget and degrades the rest to L0', () => {
    const blocks = buildSkillBlocks([{ skill: big, score: 9 }, { skill: deploy, score: 5 }], [big, deploy], { maxTokens: 300, counter });
    expect(blocks.l1).toHaveLength(1);
    expect(blocks.l1[0]).toContain('Active Skill: deploy');
    expect(blocks.degraded).toEqual(['big']);
    expect(blocks.l0).toContain('read_skill_resource');
    const total = counter.countText(blocks.l0) + blocks.l1.reduce((sum, b) => sum + counter.countText(b) + 1, 0);
    expect(total).toBeLessThanOrEqual(300);
    const roomy = buildSkillBlocks([{ skill: big, score: 9 }, { skill: deploy, score: 5 }], [big, deploy], { maxTokens: 100_000, counter });
    expect(roomy.l1.map((b) => b.split('\n')[0])).toEqual(['## Active Skill: big', '## Active Skill: deploy']);
    expect(() => buildSkillBlocks([], [], { maxTokens: -1, counter })).toThrow(/maxTokens/);
  });
  it('trims the L0 listing itself when even the index is over budget', () => {
    const many = Array.from({ length: 100 }, (_, i) => makeSkill(`skill-${i}`, `Description number ${i} with some words`));
    const blocks = buildSkillBlocks([], many, { maxTokens: 120, counter });
    expect(counter.countText(blocks.l0)).toBeLessThanOrEqual(140);
    expect(blocks.l0).toMatch(/more skills not listed/);
  });
  it('narrows tools: union of allowlists, blocklists even without an allowlist', () => {
    const blockOnly = makeSkill('safe', 'No shell', { disallowedTools: ['shell'] });
    expect(skillToolSelection([blockOnly])).toEqual({ deny: ['shell'] });
    expect(skillToolSelection([deploy, blockOnly])).toEqual({ allow: ['http'], deny: ['shell'] });
    const seen: Array<{ allow?: string[]; deny?: string[] }> = [];
    const toolSet = { narrow(select: { allow?: string[]; deny?: string[] }) { seen.push(select); return this; } };
    narrowToolsForSkills(toolSet, [blockOnly]);
    expect(seen).toEqual([{ deny: ['shell'] }]);
  });
  it('merges parameter defaults, turns approvals into ask rules and only tightens autonomy', () => {
    const other = makeSkill('other', 'Other', { toolParameterDefaults: { shell: { cwd: '/tmp', timeout: 1 } }, autonomyLevel: 'full' });
    const first = makeSkill('first', 'First', { toolParameterDefaults: { shell: { timeout: 9 } } });
    expect(skillToolParameterDefaults([first, other])).toEqual({ shell: { cwd: '/tmp', timeout: 9 } });
    expect(skillApprovalRules([deploy])).toEqual({ 'shell:rm*': 'ask' });
    expect(skillAutonomy('supervised', [other])).toBe('supervised');
    expect(skillAutonomy('supervised', [deploy, other])).toBe('read-only');
    expect(skillQuery('Agent that deploys', { task: 'ship it' })).toBe('Agent that deploys\n\nUser request:\n{"task":"ship it"}');
  });
});

describe('SkillMatcher (new behaviour)', () => {
  const skills = [
    makeSkill('kubernetes-deploy', 'Deploy containers to a Kubernetes cluster', { tags: ['kubernetes'] }),
    makeSkill('helm-release', 'Release Helm charts to Kubernetes', { tags: ['kubernetes', 'helm'] }),
    makeSkill('manual-only', 'Deploy by hand to Kubernetes', { invocationMode: 'user-only' }),
    makeSkill('css-tricks', 'Style web pages', { instructions: 'A note mentioning kubernetes once.' }),
  ];
  it('excludes user-only skills, honours the allowlist and applies the relative cut-off', async () => {
    const m = new SkillMatcher({ registry: new SkillRegistry({ skills }) });
    const all = await m.match('deploy containers to kubernetes with helm charts');
    expect(all.skills.map((s) => s.skill.name)).not.toContain('manual-only');
    expect(all.skills.map((s) => s.skill.name)).not.toContain('css-tricks');
    const allowed = await m.match('deploy containers to kubernetes with helm charts', { allow: ['helm-release'] });
    expect(allowed.skills.map((s) => s.skill.name)).toEqual(['helm-release']);
  });
  it('fuses dense retrieval by reciprocal rank', async () => {
    const retriever = { search: () => Promise.resolve([{ id: 'helm-release', score: 0.9 }, { id: 'css-tricks', score: 0.1 }]) };
    const m = new SkillMatcher({ registry: new SkillRegistry({ skills }), retriever });
    const result = await m.match('ship containers to a kubernetes cluster');
    expect(result.skills[0]?.skill.name).toBe('helm-release');
    expect(result.skills.map((s) => s.skill.name)).toContain('kubernetes-deploy');
  });
  it('agent scope falls back to the configured skills when nothing matches', async () => {
    const registry = new SkillRegistry({ skills });
    const m = new SkillMatcher({ registry });
    const hit = await matchSkillsForAgent(m, 'helm charts', { configured: ['helm-release', 'css-tricks'], registry });
    expect(hit.skills.map((s) => s.name)).toEqual(['helm-release']);
    expect(hit.fallback).toBe(false);
    const miss = await matchSkillsForAgent(m, 'quantum physics', { configured: ['helm-release', 'css-tricks'], registry });
    expect(miss.skills.map((s) => s.name)).toEqual(['helm-release', 'css-tricks']);
    expect(miss.fallback).toBe(true);
    const global = await matchSkillsForAgent(m, 'helm charts', { configured: [], scope: 'global', registry });
    expect(global.skills.map((s) => s.name)).toEqual(['helm-release']);
  });
  it('drops weak single-term hits unless they are strong', async () => {
    const m = new SkillMatcher({ registry: new SkillRegistry({ skills }) });
    expect((await m.match('write a poem about the web')).skills).toEqual([]);
    const loose = new SkillMatcher({ registry: new SkillRegistry({ skills }), minMatchedTerms: 1 });
    expect((await loose.match('write a poem about the web')).skills.map((s) => s.skill.name)).toEqual(['css-tricks']);
  });
  it('answers an on-topic query whose skills each share one word, ranked with the rest', async () => {
    const catalogue = [
      makeSkill('css-layout', 'Responsive page layout with flexbox and grid', { tags: ['css'] }),
      makeSkill('pod-debugging', 'Debug crashing pods and restart loops', { tags: ['kubernetes'] }),
      makeSkill('mobile-screens', 'Build phone screens with native widgets', { tags: ['mobile'] }),
    ];
    const m = new SkillMatcher({ registry: new SkillRegistry({ skills: catalogue }) });
    // Three catalogue words (layout, phone, restart), but no skill shares two of them.
    const names = (await m.match('a layout that works on phones without restarting')).skills.map((s) => s.skill.name);
    expect(names).toEqual(expect.arrayContaining(['css-layout', 'mobile-screens', 'pod-debugging']));
    const strict = new SkillMatcher({ registry: new SkillRegistry({ skills: catalogue }), minKnownTerms: 4 });
    expect((await strict.match('a layout that works on phones without restarting')).skills).toEqual([]);
  });
  it('validates options', () => {
    expect(() => new SkillMatcher({ registry: new SkillRegistry(), topK: 0 })).toThrow(/topK/);
    expect(() => new SkillMatcher({ registry: {} as SkillRegistry })).toThrow(/SkillRegistry/);
    expect(() => new SkillMatcher({ registry: new SkillRegistry(), minKnownTerms: -1 })).toThrow(/minKnownTerms/);
  });
});

describe('read_skill_resource tool', () => {
  it('reads through the registry and reports refusals as errors', async () => {
    const registry = new SkillRegistry({ skills: [makeSkill('a', 'A', { basePath: '/s/a' })], readResource: (path) => Promise.resolve(path.endsWith('SKILL.md') ? '# A' : null) });
    const tool = readSkillResourceTool(registry);
    const ctx = {} as Parameters<typeof tool.execute>[1];
    expect(await tool.execute({ skill: 'a', path: 'SKILL.md' }, ctx)).toEqual({ content: '# A', data: '# A' });
    expect(await tool.execute({ skill: 'a', path: '../../etc/passwd' }, ctx)).toMatchObject({ isError: true });
    expect(await tool.execute({ skill: 'zzz', path: 'SKILL.md' }, ctx)).toMatchObject({ isError: true, content: 'unknown skill: zzz' });
    expect(tool.annotations?.readOnly).toBe(true);
  });
});
