import { defineTool } from '../tools/define.js';
import type { ToolDefinition } from '../tools/types.js';
import type { SkillRegistry } from './registry.js';

/**
 * The L2 disclosure tool: reads a file from a skill's directory (traversal-safe, size-capped), so instructions that
 * did not fit the prompt budget, scripts, templates and references stay reachable on demand.
 */
export function readSkillResourceTool(registry: SkillRegistry, o: { maxBytes?: number } = {}): ToolDefinition<{ skill: string; path: string }, string> {
  const maxBytes = o.maxBytes ?? 64 * 1024;
  return defineTool<{ skill: string; path: string }, string>({
    name: 'read_skill_resource',
    description: 'Read a file that belongs to a skill (for example SKILL.md, scripts/run.sh or templates/report.md).',
    inputSchema: {
      type: 'object',
      properties: {
        skill: { type: 'string', description: 'Skill name' },
        path: { type: 'string', description: 'Path relative to the skill directory' },
      },
      required: ['skill', 'path'],
      additionalProperties: false,
    },
    annotations: { readOnly: true, idempotent: true },
    async execute(input) {
      if (registry.get(input.skill) === undefined) return { content: `unknown skill: ${input.skill}`, isError: true };
      const text = await registry.resource(input.skill, input.path, { maxBytes });
      if (text === null) return { content: `no readable resource ${input.path} in skill ${input.skill}`, isError: true };
      return { content: text, data: text };
    },
  });
}
