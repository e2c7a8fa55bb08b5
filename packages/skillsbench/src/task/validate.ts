import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { containerPathsIn } from './container-paths.js';
import { listFilesRecursive } from './fs-walk.js';
import type { BenchTask, TaskDiagnostic } from './types.js';

/**
 * Literals a test asserts on: quoted strings of four or more characters that are not paths, variables or shell
 * syntax, and numbers with a decimal point or at least three digits. A SKILL.md holding one of them leaks the answer.
 */
export function assertedLiterals(testsText: string): string[] {
  const out = new Set<string>();
  for (const match of testsText.matchAll(/"([^"\n]{4,})"|'([^'\n]{4,})'/g)) {
    const literal = (match[1] ?? match[2] ?? '').trim();
    if (literal.length < 4 || /[$/\\{}()<>|;&*]/.test(literal) || /^[-\w]*=/.test(literal) || /^\s*-/.test(literal)) continue;
    if (/^[a-z_]+$/.test(literal)) continue; // bare identifiers: keys and file stems, not answers
    out.add(literal);
  }
  for (const match of testsText.matchAll(/(?<![\w.])(-?\d+\.\d+|\d{3,})(?![\w.])/g)) out.add(match[1] ?? '');
  out.delete('');
  return [...out].sort();
}

async function readTests(task: BenchTask): Promise<string> {
  if (!task.paths.testsDir) return '';
  const parts: string[] = [];
  for (const rel of await listFilesRecursive(task.paths.testsDir)) parts.push(await readFile(join(task.paths.testsDir, rel), 'utf8'));
  return parts.join('\n');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Lints a loaded task and names every problem: missing required files (error), the instruction naming a skill
 * (error), a SKILL.md holding a literal the tests assert on (error), a Dockerfile copying `skills` into the image
 * (warn: the no-skills arm must be built without those lines) and tests reading absolute container paths (warn:
 * the task needs a container).
 */
export async function validateTask(task: BenchTask): Promise<TaskDiagnostic[]> {
  const out: TaskDiagnostic[] = [];
  const add = (severity: TaskDiagnostic['severity'], code: TaskDiagnostic['code'], message: string): void => {
    out.push({ taskId: task.id, severity, code, message });
  };
  if (Object.keys(task.toml.raw).length === 0) add('error', 'missing-file', 'task.toml is missing or empty');
  if (!task.paths.testSh && !task.paths.testPy) add('error', 'missing-file', 'tests/test.sh or tests/test_outputs.py is required');
  if (task.instruction.length === 0) add('error', 'missing-file', 'instruction.md is empty');
  for (const skill of task.skills) {
    const names = new Set([skill.name, skill.dir.split(/[\\/]/).pop() ?? skill.name]);
    for (const name of names) {
      if (name.length >= 3 && new RegExp(`(?<![\\w-])${escapeRegExp(name)}(?![\\w-])`, 'i').test(task.instruction)) {
        add('error', 'skill-named-in-instruction', `instruction.md names the skill "${name}"; instructions must not say which skill to use`);
        break;
      }
    }
  }
  const testsText = await readTests(task);
  const literals = assertedLiterals(testsText);
  for (const skill of task.skills) {
    const leaked = literals.filter((literal) => skill.body.includes(literal));
    if (leaked.length > 0) add('error', 'answer-leak', `skill "${skill.name}" contains literals the tests assert on: ${leaked.map((l) => JSON.stringify(l)).join(', ')}`);
  }
  if (task.paths.dockerfile) {
    const dockerfile = await readFile(task.paths.dockerfile, 'utf8');
    if (/^\s*(COPY|ADD)\b[^\n]*\bskills\b/im.test(dockerfile)) {
      add('warn', 'skills-in-image', 'the Dockerfile copies skills into the image; the no-skills condition is built with those lines removed');
    }
  }
  const absolute = containerPathsIn(testsText);
  if (absolute.length > 0) add('warn', 'absolute-paths', `tests refer to container paths (${absolute.join(', ')}); the task requires a container driver`);
  return out;
}
