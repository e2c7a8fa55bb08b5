import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { SkillDefinitionError } from '../../errors/skill-definition-error.js';
import { RuntimeOptionsError } from '../../errors/runtime-options-error.js';
import { parseSkillDefinition } from '../definition.js';
import type { SkillRegistry } from '../registry.js';
import type { SkillDefinition } from '../types.js';

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

function parseYamlOrThrow(text: string, source: string, lineOffset = 0): unknown {
  try {
    return parseYaml(text) as unknown;
  } catch (error) {
    const line = error instanceof YAMLParseError && error.linePos?.[0] !== undefined ? ` (line ${error.linePos[0].line + lineOffset})` : '';
    throw new SkillDefinitionError([{ path: '', message: `invalid YAML${line}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` }], { source, cause: error });
  }
}

/**
 * Parses a `SKILL.md`: YAML front matter between `---` lines (name, description, tags, allowed-tools, …) and a
 * markdown body that becomes the instructions. Throws {@link SkillDefinitionError} naming the file and the problems.
 */
export function parseSkillMarkdown(text: string, o: { source?: string; basePath?: string } = {}): SkillDefinition {
  const source = o.source ?? 'SKILL.md';
  const match = FRONT_MATTER.exec(text);
  if (match === null) {
    throw new SkillDefinitionError([{ path: '', message: 'missing YAML front matter: the file must start with a line "---", the metadata, and a closing "---"' }], { source });
  }
  const data = parseYamlOrThrow(match[1] ?? '', source, 1);
  return parseSkillDefinition(data, { source, instructions: text.slice(match[0].length), ...(o.basePath === undefined ? {} : { basePath: o.basePath }) });
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Loads one skill file: `SKILL.md` (front matter + body) or `*.yaml` / `*.yml`. `basePath` is its directory. */
export async function loadSkillFile(path: string): Promise<SkillDefinition> {
  const absolute = resolve(path);
  const text = await readFile(absolute, 'utf8');
  const basePath = dirname(absolute);
  if (/\.md$/i.test(absolute)) return parseSkillMarkdown(text, { source: absolute, basePath });
  return parseSkillDefinition(parseYamlOrThrow(text, absolute), { source: absolute, basePath });
}

/**
 * Loads a skill directory: `SKILL.md` first, then `skill.yaml` / `skill.yml`; `scripts/` and `templates/` beside it
 * are detected when the definition names none.
 */
export async function loadSkillDirectory(dir: string): Promise<SkillDefinition> {
  const absolute = resolve(dir);
  for (const file of ['SKILL.md', 'skill.md', 'skill.yaml', 'skill.yml']) {
    const path = join(absolute, file);
    if (!(await exists(path))) continue;
    const skill = await loadSkillFile(path);
    if (skill.scriptsDir === undefined && (await isDirectory(join(absolute, 'scripts')))) skill.scriptsDir = 'scripts';
    if (skill.templatesDir === undefined && (await isDirectory(join(absolute, 'templates')))) skill.templatesDir = 'templates';
    return skill;
  }
  throw new SkillDefinitionError([{ path: '', message: 'no SKILL.md or skill.yaml in the directory' }], { source: absolute });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Loads every skill in a directory (not recursive), in sorted order: sub-directories holding a `SKILL.md` or
 * `skill.yaml`, loose `*.yaml` / `*.yml` files, and a top-level `SKILL.md`. Invalid skills do not stop the others:
 * each failure is returned in `errors` with its path and message. A missing directory throws.
 */
export async function loadSkillsFromDirectory(dir: string): Promise<{ skills: SkillDefinition[]; errors: Array<{ path: string; error: string }> }> {
  if (typeof dir !== 'string' || dir.length === 0) throw new RuntimeOptionsError('loadSkillsFromDirectory: a directory path is required');
  const root = resolve(dir);
  if (!(await isDirectory(root))) throw new RuntimeOptionsError(`loadSkillsFromDirectory: ${root} is not a directory`);
  const entries = (await readdir(root, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const skills: SkillDefinition[] = [];
  const errors: Array<{ path: string; error: string }> = [];
  const seen = new Map<string, string>();
  for (const entry of entries) {
    const path = join(root, entry.name);
    const isSkillFile = entry.isFile() && (/\.ya?ml$/i.test(entry.name) || basename(entry.name) === 'SKILL.md');
    if (!entry.isDirectory() && !isSkillFile) continue;
    try {
      const skill = entry.isDirectory() ? await loadSkillDirectory(path) : await loadSkillFile(path);
      const previous = seen.get(skill.name);
      if (previous !== undefined) {
        errors.push({ path, error: `duplicate skill name ${skill.name} (already loaded from ${previous})` });
        continue;
      }
      seen.set(skill.name, path);
      skills.push(skill);
    } catch (error) {
      // A directory without any skill file is not a skill: skip it quietly (assets, docs).
      if (entry.isDirectory() && error instanceof SkillDefinitionError && error.errors[0]?.message.startsWith('no SKILL.md')) continue;
      errors.push({ path, error: describe(error) });
    }
  }
  return { skills, errors };
}

/** Loads a directory into a registry; returns the names registered and the failures. */
export async function discoverSkills(registry: SkillRegistry, dir: string): Promise<{ loaded: string[]; errors: Array<{ path: string; error: string }> }> {
  const { skills, errors } = await loadSkillsFromDirectory(dir);
  for (const skill of skills) registry.register(skill);
  return { loaded: skills.map((skill) => skill.name), errors };
}
