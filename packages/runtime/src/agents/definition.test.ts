import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AgentDefinitionError } from '../errors/agent-definition-error.js';
import { parseAgentDefinition } from './definition.js';
import { buildSystemPrompt } from './prompt.js';
import { AgentRegistry } from './registry.js';
import { AGENT_DEFINITION_SCHEMA } from './schema.js';

const dir = fileURLToPath(new URL('../../agent-definitions/', import.meta.url));
const SHIPPED = ['browser-agent', 'director', 'orchestrator', 'qa', 'researcher', 'worker'];

describe('shipped agent definitions', () => {
  it('all six load, with the reference roles', async () => {
    const reg = new AgentRegistry();
    expect(await reg.discover(dir)).toBe(6);
    expect(reg.errors).toEqual([]);
    expect(reg.list().map((a) => [a.name, a.role])).toEqual([
      ['browser-agent', 'researcher'],
      ['director', 'director'],
      ['orchestrator', 'orchestrator'],
      ['qa', 'qa'],
      ['researcher', 'researcher'],
      ['worker', 'implementer'],
    ]);
  });

  it.each(SHIPPED)('system prompt of %s is stable', async (name) => {
    const def = parseAgentDefinition(JSON.parse(await readFile(`${dir}${name}.json`, 'utf8')));
    expect(buildSystemPrompt(def)).toMatchSnapshot();
  });

  it('ships the schema the parser validates with', async () => {
    expect(JSON.parse(await readFile(`${dir}agent.schema.json`, 'utf8'))).toEqual(AGENT_DEFINITION_SCHEMA);
  });
});

describe('parseAgentDefinition', () => {
  const base = { name: 'a-b', version: '1.0.0', role: 'qa' };

  it('normalises legacy roles, strips $schema and fills defaults', () => {
    const d = parseAgentDefinition({ $schema: 'x', ...base, role: 'validator' });
    expect(d.role).toBe('qa');
    expect(parseAgentDefinition({ ...base, role: 'worker' }).role).toBe('implementer');
    expect(d.constraints).toEqual({ maxTokens: 4096, timeoutSeconds: 120, maxRetries: 2, parallelAllowed: true });
    expect([d.status, d.autonomyLevel, d.description, d.skills]).toEqual(['active', 'supervised', '', []]);
  });

  it('names every bad field', () => {
    try {
      parseAgentDefinition({ ...base, name: 'Bad Name', constraints: { max_tokens: 5 }, agent_id: 'X-1' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AgentDefinitionError);
      const err = e as AgentDefinitionError;
      expect(err.code).toBe('RUNTIME_BAD_DEFINITION');
      const paths = err.errors.map((x) => x.path);
      expect(paths).toEqual(expect.arrayContaining(['name', 'constraints.max_tokens', 'agent_id']));
    }
    expect(() => parseAgentDefinition('nope')).toThrow(AgentDefinitionError);
  });
});

describe('buildSystemPrompt', () => {
  const def = parseAgentDefinition({ name: 'x-y', version: '1.0.0', role: 'qa', inputs: { task: { type: 'string', required: true } }, outputs: { verdict: { type: 'string' } } });

  it('mentions memory only when a memory port is configured', () => {
    expect(buildSystemPrompt(def)).not.toMatch(/memory/i);
    expect(buildSystemPrompt(def, { memoryEnabled: true, memory: ['fact'] })).toContain('# Prior Context (from memory)\n- fact');
  });

  it('marks required inputs and asks for the output fields as JSON', () => {
    const p = buildSystemPrompt(def);
    expect(p).toContain('- task (string) (required)');
    expect(p).toContain('Respond with valid JSON containing the output fields: verdict.');
  });
});

describe('AgentRegistry', () => {
  it('searches by role, spec capability, category and status, and skips invalid files on discovery', async () => {
    const reg = new AgentRegistry();
    await reg.discover(dir);
    expect(reg.search({ role: 'researcher' }).map((a) => a.name)).toEqual(['browser-agent', 'researcher']);
    expect(reg.search({ specCapability: 'V-04' }).map((a) => a.name)).toEqual(['qa']);
    expect(reg.search({ category: 'I' }).map((a) => a.name)).toEqual(['worker']);
    expect(reg.search({ status: 'deprecated' })).toEqual([]);
    expect(reg.getByAgentId('AGT-004')?.name).toBe('qa');
    expect(reg.remove('qa')).toBe(true);
    expect(reg.size).toBe(5);
  });
});
