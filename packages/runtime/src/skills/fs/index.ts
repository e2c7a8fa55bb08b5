/**
 * `@agent33/runtime/skills/fs`: loads skills from disk — `SKILL.md` files (YAML front matter + markdown body),
 * AGENT-33 `skill.yaml` files and skill directories — with `yaml`.
 */
export { parseSkillMarkdown, loadSkillFile, loadSkillDirectory, loadSkillsFromDirectory, discoverSkills } from './loader.js';
