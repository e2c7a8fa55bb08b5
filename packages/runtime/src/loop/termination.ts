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

type Category = 'F-EXE' | 'F-RES' | 'F-SEC' | 'F-VAL' | 'F-UNK';
const SUBCODES: Record<string, { subcode: string; category: Category; severity: 'low' | 'medium' | 'high' }> = {
  tool_argument_error: { subcode: 'F-EXE-TL01', category: 'F-EXE', severity: 'medium' },
  tool_execution_error: { subcode: 'F-EXE-TL02', category: 'F-EXE', severity: 'medium' },
  tool_governance_denied: { subcode: 'F-SEC-TL03', category: 'F-SEC', severity: 'high' },
  max_iterations: { subcode: 'F-RES-TL04', category: 'F-RES', severity: 'medium' },
  context_exhausted: { subcode: 'F-RES-TL05', category: 'F-RES', severity: 'high' },
  budget_exceeded: { subcode: 'F-RES-TL06', category: 'F-RES', severity: 'medium' },
  leakage_detected: { subcode: 'F-VAL-TL07', category: 'F-VAL', severity: 'low' },
  error: { subcode: 'F-EXE-TL08', category: 'F-EXE', severity: 'high' },
};
const RETRYABLE: ReadonlySet<string> = new Set(['F-EXE', 'F-RES', 'F-DEP']);

/**
 * Classifies a termination with the failure taxonomy (reference subcodes F-EXE-TL01 … F-EXE-TL08 on the legacy
 * reason; unknown reasons F-UNK-TL00). Returns null for successful endings (`completed`, `stop_condition`,
 * `handoff`). Trace status: completed / timeout (max_iterations) / cancelled (budget) / failed.
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
  const key = s === 'context_exhausted' ? 'context_exhausted' : legacy;
  const entry = SUBCODES[key] ?? { subcode: 'F-UNK-TL00', category: 'F-UNK' as const, severity: 'medium' as const };
  const traceStatus = legacy === 'max_iterations' ? 'timeout' : legacy === 'budget_exceeded' ? 'cancelled' : 'failed';
  return { ...entry, traceStatus, retryable: RETRYABLE.has(entry.category) };
}
