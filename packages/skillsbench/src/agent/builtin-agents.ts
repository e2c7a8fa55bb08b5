import { BenchConfigError } from '../errors/bench-config-error.js';
import type { AgentRunResult, AgentUnderTest, TrialContext } from './types.js';

// Agent commands are stopped through ctx.signal, which the scheduler aborts at the agent deadline.

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * Harbor's oracle: runs the task's human-written `solution/solve.sh` in the workspace. A correct task scores 1 with
 * it; a task without a solution reports `gave_up`.
 */
export const oracleAgent: AgentUnderTest = {
  id: 'oracle',
  harness: 'builtin',
  async run(ctx) {
    const solve = ctx.task.paths.solveSh;
    if (!solve) return { status: 'gave_up', terminationReason: 'no solution/solve.sh' };
    const result = await ctx.workspace.exec(`bash ${shellQuote(solve)}`, { signal: ctx.signal });
    if (result.timedOut) return { status: 'error', error: 'solve.sh timed out', terminationReason: 'timeout' };
    return result.exitCode === 0
      ? { status: 'completed', terminationReason: 'solve.sh exited 0' }
      : { status: 'error', error: `solve.sh exited ${result.exitCode}: ${result.stderr.slice(-400)}`, terminationReason: 'solve.sh failed' };
  },
};

/** Does nothing: a correct task scores 0 with it. */
export const nopAgent: AgentUnderTest = {
  id: 'nop',
  harness: 'builtin',
  run: () => Promise.resolve({ status: 'completed', terminationReason: 'nop' }),
};

/**
 * An agent driven by a deterministic policy (tests, demos). The policy works on `ctx.workspace` and reads
 * `ctx.skills`; it must take randomness from `ctx.seed` only. Skills whose names appear in the workspace's
 * `skills/` folder listing are not tracked; the policy may return partial results to report them.
 */
export function scriptedAgent(policy: (ctx: TrialContext) => Promise<void | Partial<AgentRunResult>> | void | Partial<AgentRunResult>, id = 'scripted'): AgentUnderTest {
  if (typeof policy !== 'function') throw new BenchConfigError('policy', 'scriptedAgent needs a policy function');
  if (typeof id !== 'string' || id.length === 0) throw new BenchConfigError('id', 'must be a non-empty string');
  return {
    id,
    harness: 'scripted',
    async run(ctx) {
      const extra = await policy(ctx);
      return { status: 'completed', terminationReason: 'policy finished', ...(extra ?? {}) };
    },
  };
}

/**
 * Runs an external agent command in the workspace (an installed coding-agent CLI, a script). `argv` is built per
 * trial; the instruction is also in `$SB_INSTRUCTION`.
 */
export function commandAgent(opts: { id: string; argv: (ctx: TrialContext) => string[]; env?: Record<string, string> }): AgentUnderTest {
  if (typeof opts?.id !== 'string' || opts.id.length === 0) throw new BenchConfigError('id', 'must be a non-empty string');
  if (typeof opts.argv !== 'function') throw new BenchConfigError('argv', 'must be a function of the trial context');
  return {
    id: opts.id,
    harness: 'command',
    async run(ctx) {
      const argv = opts.argv(ctx);
      if (argv.length === 0) return { status: 'error', error: 'empty argv' };
      const result = await ctx.workspace.exec(argv.map(shellQuote).join(' '), {
        signal: ctx.signal,
        env: { ...opts.env, SB_INSTRUCTION: ctx.instruction },
      });
      if (result.timedOut) return { status: 'error', error: 'agent command timed out', terminationReason: 'timeout' };
      return result.exitCode === 0
        ? { status: 'completed', terminationReason: 'exit 0', transcript: result.stdout }
        : { status: 'error', error: `agent command exited ${result.exitCode}`, terminationReason: `exit ${result.exitCode}`, transcript: result.stdout };
    },
  };
}
