import { buildFailureRecord, type RecordDeps } from './failure-record.js';
import type { FailureCategory, FailureSeverity } from './failure-taxonomy.js';
import type { FailureRecord, TraceOutcome } from './trace-types.js';

/** Classification of one tool-loop termination reason. */
export interface ToolLoopClassification {
  code: string;
  subcode: string;
  category: FailureCategory;
  severity: FailureSeverity;
}

/** The tool-loop termination reasons that are failures, with their subcodes (reference `tool_loop_taxonomy`). */
export const TOOL_LOOP_SUBCODES: Readonly<Record<string, { subcode: string; category: FailureCategory; severity: FailureSeverity; description: string }>> = Object.freeze({
  tool_argument_error: { subcode: 'F-EXE-TL01', category: 'F-EXE', severity: 'medium', description: 'Tool call arguments failed validation' },
  tool_execution_error: { subcode: 'F-EXE-TL02', category: 'F-EXE', severity: 'medium', description: 'Tool execution raised an error' },
  tool_governance_denied: { subcode: 'F-SEC-TL03', category: 'F-SEC', severity: 'high', description: 'Tool call denied by governance policy' },
  max_iterations: { subcode: 'F-RES-TL04', category: 'F-RES', severity: 'medium', description: 'Tool loop reached max iterations without completing' },
  context_exhausted: { subcode: 'F-RES-TL05', category: 'F-RES', severity: 'high', description: 'Context window exhausted' },
  budget_exceeded: { subcode: 'F-RES-TL06', category: 'F-RES', severity: 'medium', description: 'Token or cost budget exceeded' },
  leakage_detected: { subcode: 'F-VAL-TL07', category: 'F-VAL', severity: 'low', description: 'Sensitive data leakage detected in output' },
  error: { subcode: 'F-EXE-TL08', category: 'F-EXE', severity: 'high', description: 'Unhandled error in the tool loop' },
});

const UNKNOWN = { subcode: 'F-UNK-TL00', category: 'F-UNK' as const, severity: 'medium' as const, description: 'Unknown tool loop termination reason' };

/** Classifies a termination reason: `completed` → empty code (UNKNOWN, low); unknown reasons → `F-UNK-TL00`. */
export function toolLoopFailure(reason: string): ToolLoopClassification {
  if (reason === 'completed') return { code: '', subcode: '', category: 'F-UNK', severity: 'low' };
  const entry = TOOL_LOOP_SUBCODES[reason] ?? UNKNOWN;
  return { code: entry.category, subcode: entry.subcode, category: entry.category, severity: entry.severity };
}

/**
 * The trace outcome of a termination reason: `completed` → completed; `max_iterations` → timeout;
 * `budget_exceeded` → cancelled; anything else → failed, with the subcode as failure code (reference) and the
 * reason's description as message.
 */
export function toolLoopTraceOutcome(reason: string): TraceOutcome {
  if (reason === 'completed') return { status: 'completed', failureCode: '', failureMessage: '', failureCategory: '', failureSubcode: '' };
  const entry = TOOL_LOOP_SUBCODES[reason] ?? UNKNOWN;
  const status = reason === 'max_iterations' ? 'timeout' : reason === 'budget_exceeded' ? 'cancelled' : 'failed';
  return { status, failureCode: entry.subcode, failureMessage: entry.description, failureCategory: entry.category, failureSubcode: entry.subcode };
}

/** Facts about a finished tool loop, copied into the failure record's context. */
export interface ToolLoopFacts {
  traceId: string;
  iterations: number;
  toolCallsMade: number;
  toolsUsed: readonly string[];
  model: string;
}

/**
 * A failure record for a tool loop that ended badly (`undefined` for `completed`). `retryable` follows the category
 * metadata (the reference used {EXE, RES, DEP} here, which disagreed with its own taxonomy for ENV and TMO) and
 * `escalationRequired` is its negation.
 */
export function toolLoopFailureRecord(reason: string, facts: ToolLoopFacts, deps: RecordDeps = {}): FailureRecord | undefined {
  if (reason === 'completed') return undefined;
  const entry = TOOL_LOOP_SUBCODES[reason] ?? UNKNOWN;
  return buildFailureRecord(
    facts.traceId,
    {
      message: entry.description,
      category: entry.category,
      severity: entry.severity,
      subcode: entry.subcode,
      context: {
        termination_reason: reason,
        iterations: String(facts.iterations),
        tool_calls_made: String(facts.toolCallsMade),
        tools_used: facts.toolsUsed.join(','),
        model: facts.model,
      },
    },
    deps,
  );
}
