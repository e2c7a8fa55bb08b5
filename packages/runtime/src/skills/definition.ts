import { SkillDefinitionError } from '../errors/skill-definition-error.js';
import type { SkillDefinition } from './types.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const VERSION = /^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/;
const STATUS = ['active', 'deprecated', 'experimental'] as const;
const INVOCATION = ['user-only', 'llm-only', 'both'] as const;
const EXECUTION = ['inline', 'fork'] as const;
const AUTONOMY = ['read-only', 'supervised', 'full'] as const;
const MAX_DESCRIPTION = 500;

/** `allowed_tools` and `allowed-tools` become `allowedTools`: loaders accept snake, kebab and camel case alike. */
function camel(key: string): string {
  return key.replace(/[-_]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}

type Issues = Array<{ path: string; message: string }>;

function stringList(value: unknown, path: string, issues: Issues): string[] {
  if (value === undefined || value === null) return [];
  // SKILL.md files often write lists inline: `allowed-tools: Read, Grep` or `tags: a b`.
  if (typeof value === 'string') return value.split(/[,\s]+/).map((s) => s.trim()).filter((s) => s.length > 0);
  if (!Array.isArray(value)) {
    issues.push({ path, message: 'must be a list of strings' });
    return [];
  }
  const out: string[] = [];
  value.forEach((item, index) => {
    if (typeof item === 'string' && item.trim().length > 0) out.push(item.trim());
    else if (typeof item === 'number') out.push(String(item));
    else issues.push({ path: `${path}[${index}]`, message: 'must be a non-empty string' });
  });
  return out;
}

function optionalString(value: unknown, path: string, issues: Issues): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    issues.push({ path, message: 'must be a string' });
    return undefined;
  }
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T | undefined, path: string, issues: Issues): T | undefined {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  issues.push({ path, message: `must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}` });
  return fallback;
}

function parameterDefaults(value: unknown, issues: Issues): Record<string, Record<string, unknown>> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    issues.push({ path: 'toolParameterDefaults', message: 'must map tool names to objects of parameter defaults' });
    return {};
  }
  const out: Record<string, Record<string, unknown>> = {};
  for (const [tool, params] of Object.entries(value as Record<string, unknown>)) {
    if (typeof params !== 'object' || params === null || Array.isArray(params)) issues.push({ path: `toolParameterDefaults.${tool}`, message: 'must be an object' });
    else out[tool] = { ...(params as Record<string, unknown>) };
  }
  return out;
}

function dependencies(value: unknown, issues: Issues): SkillDefinition['dependencies'] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    issues.push({ path: 'dependencies', message: 'must be a list' });
    return [];
  }
  const out: SkillDefinition['dependencies'] = [];
  value.forEach((item, index) => {
    if (typeof item === 'string') out.push({ name: item, kind: 'skill', optional: false });
    else if (typeof item === 'object' && item !== null && typeof (item as { name?: unknown }).name === 'string') {
      const dep = item as { name: string; kind?: unknown; optional?: unknown };
      const kind = oneOf(dep.kind, ['skill', 'tool'] as const, 'skill', `dependencies[${index}].kind`, issues) ?? 'skill';
      out.push({ name: dep.name, kind, optional: dep.optional === true });
    } else issues.push({ path: `dependencies[${index}]`, message: 'must be a name or {name, kind, optional}' });
  });
  return out;
}

/**
 * Validates and normalises a skill from plain data (parsed YAML front matter, a YAML file, JSON or an object).
 * Keys may be camelCase, snake_case (AGENT-33 YAML) or kebab-case (`SKILL.md`). Every problem is collected and
 * thrown at once as a {@link SkillDefinitionError}; nothing is guessed silently.
 */
export function parseSkillDefinition(raw: unknown, o: { source?: string; basePath?: string; instructions?: string } = {}): SkillDefinition {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SkillDefinitionError([{ path: '', message: 'a skill must be an object (YAML mapping)' }], o.source === undefined ? {} : { source: o.source });
  }
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) data[camel(key)] = value;
  const issues: Issues = [];

  const name = data.name;
  if (typeof name !== 'string' || !NAME.test(name)) {
    issues.push({ path: 'name', message: `is required: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit (got ${JSON.stringify(name)})` });
  }
  const description = data.description;
  if (typeof description !== 'string' || description.trim().length === 0) issues.push({ path: 'description', message: 'is required (a non-empty string)' });
  else if (description.length > MAX_DESCRIPTION) issues.push({ path: 'description', message: `must be at most ${MAX_DESCRIPTION} characters (got ${description.length})` });
  const version = data.version === undefined ? '1.0.0' : String(data.version);
  if (!VERSION.test(version)) issues.push({ path: 'version', message: `must be a semantic version like 1.0.0 (got ${JSON.stringify(data.version)})` });
  const instructions = o.instructions ?? (data.instructions === undefined ? '' : data.instructions);
  if (typeof instructions !== 'string') issues.push({ path: 'instructions', message: 'must be a string (markdown)' });

  const skill: SkillDefinition = {
    name: typeof name === 'string' ? name : '',
    version,
    description: typeof description === 'string' ? description.trim() : '',
    instructions: typeof instructions === 'string' ? instructions.trim() : '',
    allowedTools: stringList(data.allowedTools, 'allowedTools', issues),
    disallowedTools: stringList(data.disallowedTools, 'disallowedTools', issues),
    toolParameterDefaults: parameterDefaults(data.toolParameterDefaults, issues),
    invocationMode: oneOf(data.invocationMode, INVOCATION, 'both', 'invocationMode', issues) ?? 'both',
    executionContext: oneOf(data.executionContext, EXECUTION, 'inline', 'executionContext', issues) ?? 'inline',
    approvalRequiredFor: stringList(data.approvalRequiredFor, 'approvalRequiredFor', issues),
    references: stringList(data.references, 'references', issues),
    tags: stringList(data.tags, 'tags', issues).map((tag) => tag.toLowerCase()),
    status: oneOf(data.status, STATUS, 'active', 'status', issues) ?? 'active',
    dependencies: dependencies(data.dependencies, issues),
    schemaVersion: data.schemaVersion === undefined ? '1' : String(data.schemaVersion),
  };
  const autonomy = oneOf(data.autonomyLevel, AUTONOMY, undefined, 'autonomyLevel', issues);
  if (autonomy !== undefined) skill.autonomyLevel = autonomy;
  const author = optionalString(data.author, 'author', issues);
  if (author !== undefined) skill.author = author;
  const scriptsDir = optionalString(data.scriptsDir, 'scriptsDir', issues);
  if (scriptsDir !== undefined) skill.scriptsDir = scriptsDir;
  const templatesDir = optionalString(data.templatesDir, 'templatesDir', issues);
  if (templatesDir !== undefined) skill.templatesDir = templatesDir;
  const basePath = o.basePath ?? optionalString(data.basePath, 'basePath', issues);
  if (basePath !== undefined) skill.basePath = basePath;

  if (issues.length > 0) throw new SkillDefinitionError(issues, o.source === undefined ? {} : { source: o.source });
  return skill;
}
