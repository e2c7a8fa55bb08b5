import type { TokenCounter } from '../context/types.js';
import { RuntimeOptionsError } from '../errors/runtime-options-error.js';
import type { AutonomyLevel } from '../policy/types.js';
import type { SkillDefinition, SkillMatch } from './types.js';

/** Header of the L0 block; the context manager charges sections with "Skill" headers to `skills`. */
export const AVAILABLE_SKILLS_HEADER = '## Available Skills';

/** The L0 block: every available skill as `- name: description`, sorted by name, or "(none)". */
export function renderSkillIndex(available: readonly SkillDefinition[]): string {
  const lines = [...available].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((skill) => `- ${skill.name}: ${skill.description}`);
  return `${AVAILABLE_SKILLS_HEADER}\n${lines.length > 0 ? lines.join('\n') : '(none)'}`;
}

/** The L1 block of one skill: governance (allowed and blocked tools, autonomy, approvals) and its instructions. */
export function renderSkillInstructions(skill: SkillDefinition | undefined, name = skill?.name ?? 'unknown'): string {
  if (skill === undefined) return `## Active Skill: ${name}\n(skill not found)`;
  const governance = [
    `- Allowed tools: ${skill.allowedTools.length > 0 ? skill.allowedTools.join(', ') : '(any)'}`,
    `- Blocked tools: ${skill.disallowedTools.length > 0 ? skill.disallowedTools.join(', ') : '(none)'}`,
    `- Autonomy: ${skill.autonomyLevel ?? '(agent default)'}`,
    `- Approval required for: ${skill.approvalRequiredFor.length > 0 ? skill.approvalRequiredFor.join(', ') : '(none)'}`,
  ];
  return `## Active Skill: ${skill.name}\n### Governance\n${governance.join('\n')}\n\n${skill.instructions}`.trimEnd();
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
  let l0 = renderSkillIndex(listed);
  if (o.counter.countText(l0) > o.maxTokens) {
    const activeNames = new Set(active.map((a) => a.skill.name));
    listed = [...available].sort((a, b) => Number(activeNames.has(b.name)) - Number(activeNames.has(a.name)));
    while (listed.length > 0 && o.counter.countText(renderSkillIndex(listed)) > o.maxTokens) listed = listed.slice(0, -1);
    l0 = renderSkillIndex(listed);
    if (listed.length < available.length) l0 += `\n(${available.length - listed.length} more skills not listed)`;
  }
  let used = o.counter.countText(l0);
  const l1: string[] = [];
  const degraded: string[] = [];
  for (const { skill } of [...active].sort((a, b) => b.score - a.score)) {
    const block = renderSkillInstructions(skill);
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
