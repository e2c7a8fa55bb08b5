import { RuntimeOptionsError } from '../errors/runtime-options-error.js';
import { parseSkillDefinition } from './definition.js';
import type { SkillDefinition } from './types.js';

/** What changed in a {@link SkillRegistry}. */
export interface SkillRegistryChange {
  type: 'register' | 'remove';
  name: string;
  /** The replaced skill's version, when `register` replaced one. */
  previousVersion?: string;
}

/** Reads a resource file given its path and the skill's directory; returns null when it is missing or outside. */
export type SkillResourceReader = (path: string, o: { maxBytes: number; basePath: string }) => Promise<string | null>;

const DEFAULT_MAX_RESOURCE_BYTES = 256 * 1024;

/**
 * Resolves `relPath` under `basePath` without leaving it: absolute paths, drive letters, NUL bytes and any `..`
 * that climbs above the base are refused (null).
 */
export function resolveInside(basePath: string, relPath: string): string | null {
  if (typeof relPath !== 'string' || relPath.length === 0 || relPath.includes('\0')) return null;
  if (relPath.startsWith('/') || relPath.startsWith('\\') || /^[A-Za-z]:/.test(relPath)) return null;
  const parts: string[] = [];
  for (const segment of relPath.split(/[\\/]+/)) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(segment);
  }
  if (parts.length === 0) return null;
  return `${basePath.replace(/[\\/]+$/, '')}/${parts.join('/')}`;
}

/** The default reader: Node's file system, loaded on first use so the main entry stays free of `node:` imports. */
const nodeReader: SkillResourceReader = async (path, o) => {
  const fs = await import('node:fs/promises');
  try {
    // A symlink inside the skill directory must not lead out of it.
    const [real, base] = await Promise.all([fs.realpath(path), fs.realpath(o.basePath)]);
    if (!real.startsWith(base.endsWith('/') || base.endsWith('\\') ? base : `${base}/`) && !real.startsWith(`${base}\\`)) return null;
    const handle = await fs.open(real, 'r');
    try {
      const buffer = Buffer.alloc(o.maxBytes);
      const { bytesRead } = await handle.read(buffer, 0, o.maxBytes, 0);
      return buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
};

/**
 * The catalogue of skills: register (validated; replacing bumps the version), remove, look up, list, search, and
 * progressive disclosure (L0 metadata, L1 instructions, L2 resources under the skill's directory). Every change bumps
 * `version` and emits `changed`, which keeps matchers' indexes current.
 */
export class SkillRegistry {
  private readonly skills = new Map<string, SkillDefinition>();
  private readonly listeners = new Set<(change: SkillRegistryChange) => void>();
  private readonly readResource: SkillResourceReader;
  private versionValue = 0;

  constructor(o: { skills?: Iterable<SkillDefinition>; readResource?: SkillResourceReader } = {}) {
    this.readResource = o.readResource ?? nodeReader;
    for (const skill of o.skills ?? []) this.register(skill);
  }

  /** Increases on every change. */
  get version(): number {
    return this.versionValue;
  }

  /** Number of registered skills. */
  get count(): number {
    return this.skills.size;
  }

  /** Validates and adds a skill, replacing one with the same name. */
  register(s: SkillDefinition): void {
    const skill = parseSkillDefinition(s, s?.basePath === undefined ? {} : { basePath: s.basePath });
    const previous = this.skills.get(skill.name);
    this.skills.set(skill.name, skill);
    this.changed(previous === undefined ? { type: 'register', name: skill.name } : { type: 'register', name: skill.name, previousVersion: previous.version });
  }

  /** Removes a skill; false when it was not registered. */
  remove(name: string): boolean {
    if (!this.skills.delete(name)) return false;
    this.changed({ type: 'remove', name });
    return true;
  }

  get(name: string): SkillDefinition | undefined {
    return this.skills.get(name);
  }

  /** All skills sorted by name. */
  list(): SkillDefinition[] {
    return [...this.skills.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  findByTag(tag: string): SkillDefinition[] {
    const wanted = tag.toLowerCase();
    return this.list().filter((skill) => skill.tags.includes(wanted));
  }

  /** Skills whose allowlist names the tool. */
  findByTool(tool: string): SkillDefinition[] {
    return this.list().filter((skill) => skill.allowedTools.includes(tool));
  }

  /** Case-insensitive substring search over name, description and tags (the reference's `search`). */
  search(q: string): SkillDefinition[] {
    const needle = q.toLowerCase();
    return this.list().filter((skill) => skill.name.toLowerCase().includes(needle) || skill.description.toLowerCase().includes(needle) || skill.tags.some((tag) => tag.includes(needle)));
  }

  /** L0: name and description. */
  metadata(name: string): { name: string; description: string } | undefined {
    const skill = this.skills.get(name);
    return skill === undefined ? undefined : { name: skill.name, description: skill.description };
  }

  /** L1: the full instructions. */
  instructions(name: string): string | undefined {
    return this.skills.get(name)?.instructions;
  }

  /**
   * L2: a file under the skill's directory, at most `maxBytes` (default 256 KiB). Null for unknown skills, skills
   * without a directory, paths that would leave the directory, and missing files.
   */
  async resource(name: string, relPath: string, o: { maxBytes?: number } = {}): Promise<string | null> {
    const maxBytes = o.maxBytes ?? DEFAULT_MAX_RESOURCE_BYTES;
    if (!Number.isInteger(maxBytes) || maxBytes <= 0) throw new RuntimeOptionsError(`SkillRegistry.resource: maxBytes must be a positive integer, got ${String(o.maxBytes)}`);
    const basePath = this.skills.get(name)?.basePath;
    if (basePath === undefined) return null;
    const path = resolveInside(basePath, relPath);
    return path === null ? null : this.readResource(path, { maxBytes, basePath });
  }

  /** Subscribes to changes; returns the unsubscribe function. */
  on(ev: 'changed', fn: (change: SkillRegistryChange) => void): () => void {
    if (ev !== 'changed' || typeof fn !== 'function') throw new RuntimeOptionsError(`SkillRegistry.on: only 'changed' listeners are supported`);
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed(change: SkillRegistryChange): void {
    this.versionValue += 1;
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // A failing listener must not undo or block the change for the others.
      }
    }
  }
}
