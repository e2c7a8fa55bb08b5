import type { AgentRunResult } from '../agent/types.js';
import type { BenchTrialOutcome } from '../records.js';
import type { VerifierResult } from '../sandbox/types.js';

/** The graded outcome of one attempt. */
export interface Classification {
  outcome: BenchTrialOutcome;
  scoreEligible: boolean;
  reward: number | null;
  errorKind?: 'infra' | 'agent_timeout' | 'verifier_timeout' | 'verifier_error' | 'agent_error';
  errorMessage?: string;
}

/**
 * Classifies an attempt, first match wins: the sandbox failed → `infra`; the agent or the verifier ran out of time
 * → `timeout`; the verifier could not run → `error` (`verifier_error`); the agent crashed → `error`
 * (`agent_error`); otherwise `passed` when reward ≥ `passThreshold`, else `failed`. Only `passed` and `failed` are
 * score-eligible; a reward the verifier produced is kept on every outcome so a policy can still use it.
 */
export function classifyAttempt(input: {
  infraError?: string;
  agent?: AgentRunResult;
  agentTimedOut?: boolean;
  verifier?: VerifierResult;
  passThreshold: number;
}): Classification {
  const reward = input.verifier?.reward ?? null;
  if (input.infraError !== undefined) return { outcome: 'infra', scoreEligible: false, reward: null, errorKind: 'infra', errorMessage: input.infraError };
  if (input.agentTimedOut) return { outcome: 'timeout', scoreEligible: false, reward, errorKind: 'agent_timeout', errorMessage: 'agent exceeded its timeout' };
  const verifier = input.verifier;
  if (!verifier) return { outcome: 'infra', scoreEligible: false, reward: null, errorKind: 'infra', errorMessage: 'verifier did not run' };
  if (verifier.kind === 'timeout') return { outcome: 'timeout', scoreEligible: false, reward, errorKind: 'verifier_timeout', errorMessage: verifier.errorMessage ?? 'verifier timed out' };
  if (verifier.kind === 'verifier_error') return { outcome: 'error', scoreEligible: false, reward, errorKind: 'verifier_error', errorMessage: verifier.errorMessage ?? 'verifier error' };
  if (input.agent?.status === 'error') return { outcome: 'error', scoreEligible: false, reward, errorKind: 'agent_error', errorMessage: input.agent.error ?? 'agent error' };
  // A verifier that exited with a test failure and wrote no reward scored 0 (Harbor counts a missing reward as 0).
  const score = reward ?? 0;
  return { outcome: score >= input.passThreshold ? 'passed' : 'failed', scoreEligible: true, reward: score };
}
