import { isRetryable, toolLoopFailure, toolLoopTraceOutcome } from '@agent33/observability';
import type { TerminationReason } from './types.js';

/** The reference's termination strings for the reasons it knew; newer reasons pass through. */
export function legacyTerminationReason(
  s: TerminationReason,
): 'completed' | 'max_iterations' | 'error' | 'budget_exceeded' | 'loop_detected' | string {
  switch (s) {
    case 'consecutive_errors':
      return 'error';
    case 'deadline_exceeded':
      return 'budget_exceeded';
    case 'stop_condition':
    case 'handoff':
      return 'completed';
    default:
      return s;
  }
}

/**
 * Classifies a termination with observability's tool-loop failure taxonomy, applied to the legacy reason
 * (`context_exhausted` keeps its own entry, F-RES-TL05; unknown reasons F-UNK-TL00). Returns null for successful
 * endings (`completed`, `stop_condition`, `handoff`). Trace status: completed / timeout (max_iterations) /
 * cancelled (budget) / failed; `retryable` follows the category metadata.
 */
export function classifyTermination(s: TerminationReason): {
  subcode: string;
  category: string;
  severity: 'low' | 'medium' | 'high';
  traceStatus: 'completed' | 'timeout' | 'cancelled' | 'failed';
  retryable: boolean;
} | null {
  const legacy = legacyTerminationReason(s);
  if (legacy === 'completed') return null;
  const f = toolLoopFailure(legacy);
  const outcome = toolLoopTraceOutcome(legacy);
  return {
    subcode: f.subcode,
    category: f.category,
    // The loop's scale has three levels; the taxonomy's `critical` folds into `high`.
    severity: f.severity === 'critical' ? 'high' : f.severity,
    traceStatus: outcome.status === 'completed' ? 'completed' : outcome.status === 'timeout' ? 'timeout' : outcome.status === 'cancelled' ? 'cancelled' : 'failed',
    retryable: isRetryable(f.category),
  };
}
