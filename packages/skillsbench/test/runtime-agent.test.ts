import { ScriptedModel, text, toolCall, type ScriptStep } from '@agent33/runtime/testing';
import type { ModelRequest } from '@agent33/runtime';
import { describe, expect, it } from 'vitest';
import {
  BenchConfigError,
  agentRuntimeFactory,
  localDriver,
  runBenchmark,
  runtimeAgent,
  skillPrompt,
  type RuntimeInit,
} from '../src/index.js';
import { miniTask } from './helpers.js';

/**
 * A scripted model playing `needs-skill`: when `read_skill` is offered it reads the skill and derives the codename
 * from the convention it returns; without skills it guesses. No LLM involved.
 */
function needsSkillScript(req: ModelRequest): ScriptStep {
  const offered = new Set((req.tools ?? []).map((t) => t.name));
  const toolMessages = req.messages.filter((m) => m.role === 'tool');
  const last = toolMessages.at(-1);
  if (toolMessages.length === 0) {
    return offered.has('read_skill') ? toolCall('read_skill', { name: 'release-naming' }) : toolCall('list_files', {});
  }
  if (last && last.toolName === 'read_skill') {
    const rule = /prefix\s+`([^`]+)`\s+followed by the release number multiplied by seven/.exec(last.content);
    return toolCall('write_file', { path: 'codename.txt', content: rule ? `${rule[1]}${3 * 7}\n` : 'unknown\n' });
  }
  if (last && last.toolName === 'list_files') return toolCall('write_file', { path: 'codename.txt', content: 'release-3\n' });
  if (last && last.toolName === 'write_file') return toolCall('shell', { command: 'cat codename.txt' });
  return text('{"result": "codename written"}');
}

describe('runtimeAgent on the real @agent33/runtime loop with a ScriptedModel', () => {
  it('needs-skill: with 1.0, without 0.0; read_skill recorded only under curated', async () => {
    const models: ScriptedModel[] = [];
    const agent = runtimeAgent({
      id: 'runtime-scripted',
      model: 'scripted-model',
      createRuntime: agentRuntimeFactory({
        models: () => {
          const m = new ScriptedModel((req) => needsSkillScript(req));
          models.push(m);
          return m;
        },
        model: 'scripted-model',
        iterative: { maxIterations: 10 },
      }),
    });
    const run = await runBenchmark({ tasks: [await miniTask('needs-skill')], agents: [agent], conditions: ['none', 'curated'], trials: 2, driver: localDriver(), provenance: { gitSha: null } });
    const cell = (condition: string) => run.aggregates.cells.find((c) => c.condition === condition);
    expect(cell('curated')).toMatchObject({ n: 2, c: 2, passRate: 1 });
    expect(cell('none')).toMatchObject({ n: 2, c: 0, passRate: 0 });
    const delta = run.aggregates.skillDeltas['runtime-scripted']?.curated;
    expect(delta?.delta.value).toBe(1);
    expect(delta?.normalizedGain).toBe(1);
    for (const t of run.trials) {
      expect(t.skillsInvoked).toEqual(t.condition === 'curated' ? ['release-naming'] : []);
      expect(t.toolCalls).toBe(3);
      expect(t.iterations).toBe(4);
      expect(t.usage.totalTokens).toBeGreaterThan(0);
    }
    // A fresh runtime per trial, and every model request obeyed tool-call pairing.
    expect(models).toHaveLength(4);
    expect(models.every((m) => m.violations.length === 0)).toBe(true);
    // The curated request advertised read_skill and listed the skill in the prompt; the none request did neither.
    const curatedReq = models.find((m) => (m.calls[0]?.request.tools ?? []).some((t) => t.name === 'read_skill'));
    expect(JSON.stringify(curatedReq?.calls[0]?.request.messages)).toContain('release-naming');
    expect(models.filter((m) => (m.calls[0]?.request.tools ?? []).some((t) => t.name === 'read_skill'))).toHaveLength(2);
  });

  it('shell and file tools stay inside the trial directory', async () => {
    const results: string[] = [];
    const agent = runtimeAgent({
      id: 'escaper',
      createRuntime: agentRuntimeFactory({
        models: () =>
          new ScriptedModel((req) => {
            const tools = req.messages.filter((m) => m.role === 'tool');
            if (tools.length === 0) return toolCall('read_file', { path: '../../../etc/hostname' });
            results.push(tools.map((m) => (m.role === 'tool' ? `${m.isError ? 'ERR' : 'OK'} ${m.content.slice(0, 80)}` : '')).join('|'));
            return text('{"result": "done"}');
          }),
      }),
    });
    const run = await runBenchmark({ tasks: [await miniTask('echo-answer')], agents: [agent], conditions: ['none'], trials: 1, driver: localDriver() });
    expect(run.trials[0]?.errorMessage).toBeUndefined();
    expect(run.trials[0]?.outcome).toBe('failed');
    expect(results[0]).toMatch(/^ERR .*escapes the workspace/);
  });

  it('self_generated: a first phase writes SKILL.md files that the second phase gets', async () => {
    const phases: Array<{ phase: RuntimeInit['phase']; skills: string[] }> = [];
    const agent = runtimeAgent({
      id: 'self-writer',
      skillInjection: 'full',
      createRuntime: (init) => {
        phases.push({ phase: init.phase, skills: init.skills.map((s) => s.name) });
        return {
          async invoke({ instruction }) {
            if (init.phase === 'write-skills') {
              await init.tools.write_file?.execute({ path: 'skills/my-notes/SKILL.md', content: '---\nname: my-notes\ndescription: mine\n---\nWrite hello.\n' });
              return { output: 'skills written', iterations: 1, toolCalls: 1 };
            }
            const answer = instruction.includes('Write hello.') ? 'hello' : 'nothing';
            await init.tools.write_file?.execute({ path: 'answer.txt', content: `${answer}\n` });
            return { output: 'done', iterations: 1, toolCalls: 1, usage: { inputTokens: 5, outputTokens: 5 } };
          },
        };
      },
    });
    const run = await runBenchmark({ tasks: [await miniTask('echo-answer')], agents: [agent], conditions: ['self_generated'], trials: 1, driver: localDriver() });
    expect(phases).toEqual([{ phase: 'write-skills', skills: [] }, { phase: 'work', skills: ['my-notes'] }]);
    expect(run.trials[0]).toMatchObject({ outcome: 'passed', skillsInvoked: ['my-notes'], iterations: 2, toolCalls: 2 });
  });

  it('skill injection modes shape the prompt; bad options throw', () => {
    const skills = [{ name: 'a-skill', description: 'does a', body: 'BODY-A', dir: 'x', files: [], meta: {} }];
    expect(skillPrompt('Do it.', [], 'full')).toBe('Do it.');
    expect(skillPrompt('Do it.', skills, 'full')).toContain('BODY-A');
    expect(skillPrompt('Do it.', skills, 'progressive')).toContain('- a-skill: does a');
    expect(skillPrompt('Do it.', skills, 'progressive')).not.toContain('BODY-A');
    expect(skillPrompt('Do it.', skills, 'name-nudge')).toContain('Relevant skills for this task: a-skill');
    expect(() => runtimeAgent({ id: '', createRuntime: () => ({ invoke: async () => ({ output: null }) }) })).toThrow(BenchConfigError);
    expect(() => runtimeAgent({ id: 'x', skillInjection: 'loud' as 'full', createRuntime: () => ({ invoke: async () => ({ output: null }) }) })).toThrow(BenchConfigError);
  });
});
