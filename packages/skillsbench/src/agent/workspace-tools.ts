import type { WorkspaceHandle } from '../sandbox/types.js';
import type { SkillBundle } from '../task/types.js';

/** A tool the runtime agent gets: plain JSON-Schema input, bound to one trial's workspace. */
export interface AgentTool {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  execute(input: Record<string, unknown>, signal?: AbortSignal): Promise<string>;
}

/** The tools of one trial, by name. */
export type AgentToolSet = Readonly<Record<string, AgentTool>>;

function str(input: Record<string, unknown>, key: string, fallback?: string): string {
  const value = input[key];
  if (typeof value === 'string') return value;
  if (fallback !== undefined) return fallback;
  throw new Error(`missing string argument "${key}"`);
}

/**
 * The workspace tools of a trial: `shell`, `read_file`, `write_file` and `list_files`, all confined to the trial
 * directory, plus `read_skill` (progressive disclosure) when skills are granted, which reports every read to
 * `onSkillRead`.
 */
export function workspaceTools(opts: { workspace: WorkspaceHandle; skills: readonly SkillBundle[]; onSkillRead(name: string): void; shellTimeoutMs?: number }): AgentToolSet {
  const { workspace } = opts;
  const tools: Record<string, AgentTool> = {
    shell: {
      name: 'shell',
      description: 'Run a bash command in the task working directory; returns the exit code, stdout and stderr.',
      inputSchema: { type: 'object', properties: { command: { type: 'string', description: 'bash command' } }, required: ['command'], additionalProperties: false },
      async execute(input, signal) {
        const r = await workspace.exec(str(input, 'command'), { timeoutMs: opts.shellTimeoutMs ?? 120_000, ...(signal ? { signal } : {}) });
        return `exit ${r.exitCode ?? r.signal ?? 'killed'}${r.timedOut ? ' (timed out)' : ''}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
      },
    },
    read_file: {
      name: 'read_file',
      description: 'Read a text file of the working directory (relative path).',
      inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'], additionalProperties: false },
      async execute(input) {
        return new TextDecoder().decode(await workspace.readFile(str(input, 'path')));
      },
    },
    write_file: {
      name: 'write_file',
      description: 'Write a text file in the working directory (relative path; parent folders are created).',
      inputSchema: { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' } }, required: ['path', 'content'], additionalProperties: false },
      async execute(input) {
        const content = str(input, 'content');
        await workspace.writeFile(str(input, 'path'), content);
        return `wrote ${Buffer.byteLength(content)} bytes`;
      },
    },
    list_files: {
      name: 'list_files',
      description: 'List a folder of the working directory (default: its root); folders end with "/".',
      inputSchema: { type: 'object', properties: { path: { type: 'string' } }, additionalProperties: false },
      async execute(input) {
        return (await workspace.list(str(input, 'path', '.'))).join('\n');
      },
    },
  };
  if (opts.skills.length > 0) {
    tools.read_skill = {
      name: 'read_skill',
      description: `Read the full instructions of a skill. Available: ${opts.skills.map((s) => s.name).join(', ')}.`,
      inputSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false },
      async execute(input) {
        const name = str(input, 'name');
        const skill = opts.skills.find((s) => s.name === name);
        if (!skill) return `unknown skill "${name}"; available: ${opts.skills.map((s) => s.name).join(', ')}`;
        opts.onSkillRead(name);
        return skill.body;
      },
    };
  }
  return tools;
}
