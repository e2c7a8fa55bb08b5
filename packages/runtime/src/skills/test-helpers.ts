import { parseSkillDefinition } from './definition.js';
import type { SkillDefinition } from './types.js';

/** A valid skill for tests, with overrides. */
export function makeSkill(name: string, description: string, extra: Record<string, unknown> = {}): SkillDefinition {
  return parseSkillDefinition({ name, description, ...extra });
}
