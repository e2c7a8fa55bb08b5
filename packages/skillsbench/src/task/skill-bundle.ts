import { readdir, readFile, stat } from 'node:fs/promises';
import { parseSkillMarkdown as parseRuntimeSkill } from '@agent33/runtime/skills/fs';
import { join } from 'node:path';
import { listFilesRecursive } from './fs-walk.js';
import type { SkillBundle } from './types.js';

function unquote(value: string): string {
  const v = value.trim();
  if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) return v.slice(1, -1);
  return v;
}

function parseScalar(value: string): unknown {
  const v = value.trim();
  if (v.startsWith('[') && v.endsWith(']')) {
    return v
      .slice(1, -1)
      .split(',')
      .map((item) => unquote(item))
      .filter((item) => item.length > 0);
  }
  if (v === 'true' || v === 'false') return v === 'true';
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return unquote(v);
}

/**
 * Lenient SKILL.md reader: splits a SKILL.md into its front matter (the flat `key: value` subset SKILL.md files use, with inline lists,
 * `- item` lists and folded `>` / `|` blocks) and its body.
 */
export function parseSkillMarkdown(text: string): { meta: Record<string, unknown>; body: string } {
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const match = /^---\n([\s\S]*?)\n---\n?/.exec(normalised);
  if (!match) return { meta: {}, body: normalised.trim() };
  const meta: Record<string, unknown> = {};
  const lines = (match[1] ?? '').split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    const kv = /^([A-Za-z0-9_-]+):\s*(.*)$/.exec(line);
    if (!kv) continue;
    const key = kv[1] ?? '';
    const rest = kv[2] ?? '';
    if (rest === '>' || rest === '|' || rest === '>-' || rest === '|-' || rest === '') {
      const block: string[] = [];
      const items: string[] = [];
      while (i + 1 < lines.length && /^(\s+|$)/.test(lines[i + 1] ?? '') && (lines[i + 1] ?? '').length > 0) {
        i += 1;
        const inner = (lines[i] ?? '').trim();
        if (rest === '' && inner.startsWith('- ')) items.push(unquote(inner.slice(2)));
        else block.push(inner);
      }
      meta[key] = items.length > 0 ? items : rest.startsWith('|') ? block.join('\n') : block.join(' ');
    } else {
      meta[key] = parseScalar(rest);
    }
  }
  return { meta, body: normalised.slice(match[0].length).trim() };
}

/**
 * Reads a SKILL.md with the runtime's parser (full YAML front matter, validated definition); a file the runtime
 * rejects (odd YAML, missing fields) is read leniently instead, so one unusual upstream skill never hides a task.
 */
function readSkill(text: string, source: string): { meta: Record<string, unknown>; body: string } {
  try {
    const { instructions, ...definition } = parseRuntimeSkill(text, { source });
    return { meta: definition as unknown as Record<string, unknown>, body: instructions.trim() };
  } catch {
    return parseSkillMarkdown(text);
  }
}

/** Loads one skill folder; the name defaults to the folder name when the front matter has none. */
export async function loadSkillBundle(dir: string, folderName: string): Promise<SkillBundle> {
  const text = await readFile(join(dir, 'SKILL.md'), 'utf8');
  const { meta, body } = readSkill(text, join(dir, 'SKILL.md'));
  return {
    name: typeof meta.name === 'string' && meta.name.length > 0 ? meta.name : folderName,
    description: typeof meta.description === 'string' ? meta.description : '',
    body,
    dir,
    files: await listFilesRecursive(dir),
    meta,
  };
}

/** Loads every `<skillsDir>/<name>/SKILL.md`, sorted by folder name; a missing folder gives no skills. */
export async function loadSkillsDir(skillsDir: string): Promise<SkillBundle[]> {
  let names: string[];
  try {
    names = (await readdir(skillsDir)).sort();
  } catch {
    return [];
  }
  const bundles: SkillBundle[] = [];
  for (const name of names) {
    const dir = join(skillsDir, name);
    const isSkill = await stat(join(dir, 'SKILL.md')).then((s) => s.isFile(), () => false);
    if (isSkill) bundles.push(await loadSkillBundle(dir, name));
  }
  return bundles;
}
