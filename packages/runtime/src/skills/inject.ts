import type { TokenCounter } from '../context/types.js';
import { RuntimeOptionsError } from '../errors/runtime-options-error.js';
import type { AutonomyLevel } from '../policy/types.js';
import { renderSkillIndex, renderSkillInstructions, type SkillCatalog } from '../agents/skill-blocks.js';
import type { SkillDefinition, SkillMatch } from './types.js';

/** A read-only catalogue over a list of skills, for the shared block renderers. */
function catalogOf(skills: readonly SkillDefinition[]): SkillCatalog {
  const byName = new Map(skills.map((skill) => [skill.name, skill]));
  return { get: (name) => byName.get(name), list: () => [...byName.values()] };
}

/** The L0 block of `available` (sorted `- name: description`, or "(none)"), as the runtime renders it. */
export function skillIndexBlock(available: readonly SkillDefinition[]): string {
  return renderSkillIndex(available.map((skill) => skill.name), catalogOf(available));
}

/** The L1 block of one skill (governance and instructions), as the runtime renders it. */
export function skillInstructionsBlock(skill: SkillDefinition): string {
  return renderSkillInstructions(skill.name, catalogOf([skill]));
}

/**
 * Builds the skill part of a system prompt under a token budget: the L0 index of `available`, then L1 blocks for the
 * `active` skills, highest score first, while they fit. Skills that do not fit are listed in `degraded` and keep
 * only their L0 line, with a hint that the agent can read their instructions through `read_skill_resource`.
 */
export function buildSkillBlocks(
  active: SkillMatch['skills'],
  available: SkillDefinition[],
  o: { maxTokens: number; counter: TokenCounter },
): { l0: string; l1: string[]; degraded: string[] } {
  if (!Array.isArray(active) || !Array.isArray(available)) throw new RuntimeOptionsError('buildSkillBlocks: active and available must be arrays');
  if (!(Number.isFinite(o?.maxTokens) && o.maxTokens >= 0) || typeof o.counter?.countText !== 'function') {
    throw new RuntimeOptionsError('buildSkillBlocks: maxTokens (>= 0) and a token counter are required');
  }
  // The index must fit too: trim its listing (keeping active skills) before anything else.
  let listed = available;
  let l0 = skillIndexBlock(listed);
  if (o.counter.countText(l0) > o.maxTokens) {
    const activeNames = new Set(active.map((a) => a.skill.name));
    listed = [...available].sort((a, b) => Number(activeNames.has(b.name)) - Number(activeNames.has(a.name)));
    while (listed.length > 0 && o.counter.countText(skillIndexBlock(listed)) > o.maxTokens) listed = listed.slice(0, -1);
    l0 = skillIndexBlock(listed);
    if (listed.length < available.length) l0 += `\n(${available.length - listed.length} more skills not listed)`;
  }
  let used = o.counter.countText(l0);
  const l1: string[] = [];
  const degraded: string[] = [];
  for (const { skill } of [...active].sort((a, b) => b.score - a.score)) {
    const block = skillInstructionsBlock(skill);
    const cost = o.counter.countText(block) + 1;
    if (used + cost <= o.maxTokens) {
      l1.push(block);
      used += cost;
    } else degraded.push(skill.name);
  }
  if (degraded.length > 0) {
    const hint = `\nNot loaded in full (token budget): ${degraded.join(', ')}. Read their instructions with the read_skill_resource tool (path "SKILL.md").`;
    if (used + o.counter.countText(hint) <= o.maxTokens) l0 += hint;
  }
  return { l0, l1, degraded };
}

/**
 * How active skills narrow the run's tools: `allow` is the union of the skills' allowlists (absent when no skill
 * declares one), `deny` the union of their blocklists, which applies even without an allowlist.
 */
export function skillToolSelection(skills: readonly SkillDefinition[]): { allow?: string[]; deny: string[] } {
  const declaring = skills.filter((skill) => skill.allowedTools.length > 0);
  const deny = [...new Set(skills.flatMap((skill) => skill.disallowedTools))];
  if (declaring.length === 0) return { deny };
  const allow = [...new Set(declaring.flatMap((skill) => skill.allowedTools))].filter((tool) => !deny.includes(tool));
  return { allow, deny };
}

/** Narrows a tool set (anything with `narrow`, such as the runtime's `ToolSet`) to what the active skills permit. */
export function narrowToolsForSkills<S extends { narrow(select: { allow?: string[]; deny?: string[] }): S }>(tools: S, skills: readonly SkillDefinition[]): S {
  return tools.narrow(skillToolSelection(skills));
}

/** Per-tool parameter defaults of the active skills, merged (earlier skills win on conflicts). */
export function skillToolParameterDefaults(skills: readonly SkillDefinition[]): Record<string, Record<string, unknown>> {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const skill of [...skills].reverse()) {
    for (const [tool, params] of Object.entries(skill.toolParameterDefaults)) merged[tool] = { ...merged[tool], ...params };
  }
  return merged;
}

/** `approvalRequiredFor` patterns as `ask` rules for a rule policy's `toolPolicies`. */
export function skillApprovalRules(skills: readonly SkillDefinition[]): Record<string, 'ask'> {
  return Object.fromEntries(skills.flatMap((skill) => skill.approvalRequiredFor).map((pattern) => [pattern, 'ask' as const]));
}

const AUTONOMY_ORDER: Record<AutonomyLevel, number> = { 'read-only': 0, supervised: 1, full: 2 };

/** The effective autonomy: skills can only tighten the agent's level, never loosen it. */
export function skillAutonomy(base: AutonomyLevel, skills: readonly SkillDefinition[]): AutonomyLevel {
  let level = base;
  for (const skill of skills) if (skill.autonomyLevel !== undefined && AUTONOMY_ORDER[skill.autonomyLevel] < AUTONOMY_ORDER[level]) level = skill.autonomyLevel;
  return level;
}

/** The reference route's matching query: the agent's description, then the request inputs as JSON. */
export function skillQuery(agentDescription: string, inputs: Record<string, unknown>): string {
  return `${agentDescription}\n\nUser request:\n${JSON.stringify(inputs)}`;
}
