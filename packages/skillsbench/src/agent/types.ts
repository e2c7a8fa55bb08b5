import type { TokenUsage } from '@agent33/observability';
import type { WorkspaceHandle } from '../sandbox/types.js';
import type { BenchTask, SkillBundle, SkillCondition } from '../task/types.js';

/** Everything an agent under test receives for one trial. Randomness must come from `seed` only. */
export interface TrialContext {
  runId: string;
  trialId: string;
  taskId: string;
  condition: SkillCondition;
  trialIndex: number;
  seed: number;
  instruction: string;
  /** The skills the condition grants (empty under `none`). */
  skills: readonly SkillBundle[];
  workspace: WorkspaceHandle;
  /** Epoch ms by the run's clock after which the agent is stopped. */
  deadline: number;
  signal: AbortSignal;
  /** The task itself, for agents that need its files (the oracle runs `solution/solve.sh`). */
  task: BenchTask;
}

/** What an agent reports about its own run; the verifier, not this, decides the outcome. */
export interface AgentRunResult {
  status: 'completed' | 'gave_up' | 'error';
  usage?: Partial<TokenUsage> & { costUsd?: number };
  toolCalls?: number;
  iterations?: number;
  terminationReason?: string;
  skillsInvoked?: readonly string[];
  error?: string;
  transcript?: unknown;
}

/** An agent the harness can run on a task. */
export interface AgentUnderTest {
  readonly id: string;
  readonly model?: string;
  readonly harness?: string;
  run(ctx: TrialContext): Promise<AgentRunResult>;
}
