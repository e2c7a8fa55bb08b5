import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CalibratedCounter, ContextManager, HeuristicCounter, LlmSummarizer, SkillMatcher, SkillRegistry, buildSkillBlocks, runLoop } from '../src/index.js';
import { discoverSkills } from '../src/skills/fs/index.js';
import { ScriptedModel, text } from '../src/testing/index.js';

// The README's "Context and skills" example, with a scripted model in place of Ollama.
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('README: context and skills example', () => {
  it('loads skills, matches, injects under a budget and runs with a context manager', async () => {
    const root = await mkdtemp(join(tmpdir(), 'agent33-readme-skills-'));
    dirs.push(root);
    await mkdir(join(root, 'staging-deploy'));
    await writeFile(join(root, 'staging-deploy', 'SKILL.md'), '---\nname: staging-deploy\ndescription: Deploy an api service to the staging cluster\ntags: [deploy, staging]\n---\nRun the deploy pipeline with target=staging.\n');
    await writeFile(join(root, 'broken.yaml'), 'name: [not a name\n');

    const provider = new ScriptedModel([text('{"status": "deployed"}')]);
    const registry = new SkillRegistry();
    const { errors } = await discoverSkills(registry, root);
    const match = await new SkillMatcher({ registry }).match('deploy the api to the staging cluster');
    const counter = new CalibratedCounter(new HeuristicCounter());
    const { l0, l1 } = buildSkillBlocks(match.skills, registry.list(), { maxTokens: 2_000, counter });
    const result = await runLoop({
      provider,
      model: 'llama3.2',
      messages: [
        { role: 'system', content: ['You deploy services.', l0, ...l1].join('\n\n') },
        { role: 'user', content: 'Deploy the api to staging.' },
      ],
      context: new ContextManager({ counter, summarizer: new LlmSummarizer(provider, 'llama3.2') }),
    });
    expect(result.status).toBe('completed');
    expect(errors).toHaveLength(1);
    expect(match.skills.map((s) => s.skill.name)).toEqual(['staging-deploy']);
    expect(String(provider.calls[0]?.request.messages[0]?.content)).toContain('target=staging');
    expect(result.steps[0]?.context?.actions).toEqual([]);
  });
});
