import { createHash } from 'node:crypto';
import type { AgentUnderTest } from '../agent/types.js';
import { mulberry32, seededShuffle } from '../stats/rng.js';
import { conditionKey, type BenchTask, type SkillCondition } from '../task/types.js';

/** One planned trial (before any attempt). */
export interface PlannedTrial {
  trialId: string;
  seed: number;
  task: BenchTask;
  agent: AgentUnderTest;
  condition: SkillCondition;
  trialIndex: number;
}

/** `sha256(runId|taskDigest|agentId|condition|index)` cut to 20 hex digits. */
export function trialIdFor(runId: string, taskDigest: string, agentId: string, condition: string, index: number): string {
  return createHash('sha256').update(`${runId}|${taskDigest}|${agentId}|${condition}|${index}`).digest('hex').slice(0, 20);
}

/** The trial seed: the first 32 bits of the trial id. */
export function seedFor(trialId: string): number {
  return Number.parseInt(trialId.slice(0, 8), 16);
}

/**
 * Plans `tasks × agents × conditions × trials`. Tasks are shuffled by `seed`; within a task the order is trial
 * index, then agent, then condition, so each with / without pair runs side by side (the paired design).
 */
export function planTrials(input: {
  runId: string;
  tasks: readonly BenchTask[];
  agents: readonly AgentUnderTest[];
  conditions: readonly SkillCondition[];
  trials: number;
  seed: number;
}): PlannedTrial[] {
  const out: PlannedTrial[] = [];
  for (const task of seededShuffle(input.tasks, mulberry32(input.seed))) {
    for (let index = 0; index < input.trials; index += 1) {
      for (const agent of input.agents) {
        for (const condition of input.conditions) {
          const trialId = trialIdFor(input.runId, task.digest, agent.id, conditionKey(condition), index);
          out.push({ trialId, seed: seedFor(trialId), task, agent, condition, trialIndex: index });
        }
      }
    }
  }
  return out;
}
