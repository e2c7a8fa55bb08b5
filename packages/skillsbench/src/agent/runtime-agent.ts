import { BenchConfigError } from '../errors/bench-config-error.js';
import { parseSkillMarkdown } from '../task/skill-bundle.js';
import type { SkillBundle } from '../task/types.js';
import type { AgentRunResult, AgentUnderTest, TrialContext } from './types.js';
import { workspaceTools, type AgentToolSet } from './workspace-tools.js';

/** How skills reach the agent: an index plus `read_skill` (default), every body inline, or the index with a nudge. */
export type SkillInjection = 'progressive' | 'full' | 'name-nudge';

/** The structural seam to an agent runtime: one invocation per trial. */
export interface RuntimeLike {
  invoke(input: { instruction: string; signal: AbortSignal }): Promise<{
    output: unknown;
    usage?: AgentRunResult['usage'];
    toolCalls?: number;
    iterations?: number;
    terminationReason?: string;
  }>;
}

/** What a runtime factory receives for one trial. */
export interface RuntimeInit {
  tools: AgentToolSet;
  skills: readonly SkillBundle[];
  seed: number;
  onSkillRead(name: string): void;
  /** The phase: `work` for the task; `write-skills` for the self-generated condition's first phase. */
  phase: 'work' | 'write-skills';
}

/** Options of {@link runtimeAgent}. */
export interface RuntimeAgentOptions {
  id: string;
  model?: string;
  createRuntime(init: RuntimeInit): RuntimeLike | Promise<RuntimeLike>;
  skillInjection?: SkillInjection;
}

/** The prompt the agent gets: the instruction plus the skills as the injection mode says. */
export function skillPrompt(instruction: string, skills: readonly SkillBundle[], mode: SkillInjection): string {
  if (skills.length === 0) return instruction;
  if (mode === 'full') {
    return `${instruction}\n\n## Skills\n\n${skills.map((s) => `### ${s.name}\n\n${s.body}`).join('\n\n')}`;
  }
  const index = skills.map((s) => `- ${s.name}: ${s.description}`).join('\n');
  const nudge = mode === 'name-nudge' ? `\n\nRelevant skills for this task: ${skills.map((s) => s.name).join(', ')}. Read them with read_skill before you start.` : '\n\nRead a skill with the read_skill tool when it may help.';
  return `${instruction}\n\n## Available skills\n\n${index}${nudge}`;
}

const WRITE_SKILLS_PROMPT =
  'Before solving the task below, write down the procedural knowledge you expect to need as one or more skills: for each, ' +
  'create skills/<name>/SKILL.md in the working directory with YAML front matter (name, description) and concise instructions. ' +
  'Do not solve the task yet.\n\nTask:\n';

async function readGeneratedSkills(ctx: TrialContext): Promise<SkillBundle[]> {
  const out: SkillBundle[] = [];
  const folders = await ctx.workspace.list('skills').catch(() => [] as string[]);
  for (const folder of folders.filter((f) => f.endsWith('/')).sort()) {
    const name = folder.slice(0, -1);
    const text = await ctx.workspace.readFile(`skills/${name}/SKILL.md`).then((b) => new TextDecoder().decode(b), () => undefined);
    if (text === undefined) continue;
    const { meta, body } = parseSkillMarkdown(text);
    out.push({ name: typeof meta.name === 'string' ? meta.name : name, description: typeof meta.description === 'string' ? meta.description : '', body, dir: `skills/${name}`, files: ['SKILL.md'], meta });
  }
  return out;
}

function addUsage(a: AgentRunResult['usage'], b: AgentRunResult['usage']): AgentRunResult['usage'] {
  if (!a) return b;
  if (!b) return a;
  const sum = (x?: number, y?: number): number => (x ?? 0) + (y ?? 0);
  return {
    inputTokens: sum(a.inputTokens, b.inputTokens),
    outputTokens: sum(a.outputTokens, b.outputTokens),
    cacheReadInputTokens: sum(a.cacheReadInputTokens, b.cacheReadInputTokens),
    reasoningOutputTokens: sum(a.reasoningOutputTokens, b.reasoningOutputTokens),
    totalTokens: sum(a.totalTokens ?? sum(a.inputTokens, a.outputTokens), b.totalTokens ?? sum(b.inputTokens, b.outputTokens)),
    costUsd: sum(a.costUsd, b.costUsd),
  };
}

/**
 * Wraps an agent runtime as an agent under test. Each trial gets a fresh runtime from `createRuntime` (its own
 * skills, no shared mutable state) with workspace tools confined to the trial directory. Skills follow the
 * condition: none under `none`, the task's bundles under `curated` or a custom set; under `self_generated` a first
 * phase asks the agent to write `skills/<name>/SKILL.md`, which are then loaded for the real run. `read_skill`
 * calls are reported as `skillsInvoked`; under `full` injection every granted skill counts as invoked.
 */
export function runtimeAgent(opts: RuntimeAgentOptions): AgentUnderTest {
  if (typeof opts?.id !== 'string' || opts.id.length === 0) throw new BenchConfigError('id', 'must be a non-empty string');
  if (typeof opts.createRuntime !== 'function') throw new BenchConfigError('createRuntime', 'must be a function');
  const mode = opts.skillInjection ?? 'progressive';
  if (!['progressive', 'full', 'name-nudge'].includes(mode)) throw new BenchConfigError('skillInjection', `unknown mode ${String(mode)}`);
  return {
    id: opts.id,
    ...(opts.model === undefined ? {} : { model: opts.model }),
    harness: `runtime:${mode}`,
    async run(ctx) {
      const invoked = new Set<string>();
      let usage: AgentRunResult['usage'];
      let toolCalls = 0;
      let iterations = 0;
      let skills: readonly SkillBundle[] = ctx.skills;
      if (ctx.condition === 'self_generated') {
        const tools = workspaceTools({ workspace: ctx.workspace, skills: [], onSkillRead: () => undefined });
        const writer = await opts.createRuntime({ tools, skills: [], seed: ctx.seed, onSkillRead: () => undefined, phase: 'write-skills' });
        const first = await writer.invoke({ instruction: WRITE_SKILLS_PROMPT + ctx.instruction, signal: ctx.signal });
        usage = addUsage(usage, first.usage);
        toolCalls += first.toolCalls ?? 0;
        iterations += first.iterations ?? 0;
        skills = await readGeneratedSkills(ctx);
      }
      const onSkillRead = (name: string): void => {
        invoked.add(name);
      };
      const tools = workspaceTools({ workspace: ctx.workspace, skills: mode === 'full' ? [] : skills, onSkillRead });
      const runtime = await opts.createRuntime({ tools, skills, seed: ctx.seed, onSkillRead, phase: 'work' });
      const result = await runtime.invoke({ instruction: skillPrompt(ctx.instruction, skills, mode), signal: ctx.signal });
      if (mode === 'full') for (const s of skills) invoked.add(s.name);
      usage = addUsage(usage, result.usage);
      return {
        status: 'completed',
        ...(usage ? { usage } : {}),
        toolCalls: toolCalls + (result.toolCalls ?? 0),
        iterations: iterations + (result.iterations ?? 0),
        ...(result.terminationReason === undefined ? {} : { terminationReason: result.terminationReason }),
        skillsInvoked: [...invoked].sort(),
        transcript: result.output,
      };
    },
  };
}
