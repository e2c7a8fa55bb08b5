import type { SkillDefinition } from '../skills/types.js';

/** Read access to skills the runtime needs to build prompts and narrow tools. */
export interface SkillCatalog {
  get(name: string): SkillDefinition | undefined;
  list(): SkillDefinition[];
}

/** L0 block: every named skill as `- name: description`, sorted, or "(none)". */
export function renderSkillIndex(names: readonly string[], catalog: SkillCatalog): string {
  const lines = [...names]
    .sort()
    .map((n) => catalog.get(n))
    .filter((s): s is SkillDefinition => s !== undefined)
    .map((s) => `- ${s.name}: ${s.description}`);
  return ['## Available Skills', ...(lines.length > 0 ? lines : ['(none)'])].join('\n');
}

/** L1 block of one active skill: governance subsection and instructions; an unknown skill gives a "not found" block. */
export function renderSkillInstructions(name: string, catalog: SkillCatalog): string {
  const s = catalog.get(name);
  if (s === undefined) return `## Active Skill: ${name}\n(skill not found)`;
  const gov: string[] = [];
  if (s.allowedTools.length > 0) gov.push(`- Allowed tools: ${s.allowedTools.join(', ')}`);
  if (s.disallowedTools.length > 0) gov.push(`- Blocked tools: ${s.disallowedTools.join(', ')}`);
  if (s.autonomyLevel !== undefined) gov.push(`- Autonomy: ${s.autonomyLevel}`);
  if (s.approvalRequiredFor.length > 0) gov.push(`- Requires approval: ${s.approvalRequiredFor.join(', ')}`);
  return [`## Active Skill: ${s.name}`, ...(gov.length > 0 ? ['### Governance', ...gov] : []), '', s.instructions.trim()].join('\n');
}
