import { defaultSignalMapper, type NewLearningSignal } from '@agent33/improvement-store';
import type { LearningSignal } from '@agent33/runtime';

// Run endings that are a normal finish; everything else is worth a learning signal.
const NORMAL_ENDINGS = new Set(['completed', 'stop_condition', 'handoff', 'awaiting_approval']);
const FAULTS = new Set(['model_error', 'consecutive_errors', 'context_exhausted', 'invalid_output']);

/**
 * Which runtime events become stored learning signals (every event is still kept as a run event): benchmark
 * findings (the store's default mapping), runs that ended abnormally (faults are incidents, limits are performance
 * signals), and explicit feedback.
 */
export function appSignalMapper(s: LearningSignal): NewLearningSignal | null {
  if (s.type === 'benchmark') return defaultSignalMapper(s);
  if (s.type === 'run' && !NORMAL_ENDINGS.has(s.status)) {
    const fault = FAULTS.has(s.status);
    return {
      signalType: fault ? 'incident' : 'performance',
      severity: fault ? 'high' : 'medium',
      summary: `Agent run of ${s.agent ?? 'an agent'} ended ${s.status}`,
      details: `${s.iterations} iterations, tools used: ${s.toolsUsed.join(', ') || 'none'}, ${s.durationMs} ms.`,
      source: 'runtime',
      context: { run_id: s.runId, agent: s.agent ?? '', status: s.status, iterations: String(s.iterations) },
    };
  }
  if (s.type === 'feedback') {
    return {
      signalType: 'feedback',
      severity: s.score < 0.3 ? 'high' : s.score < 0.7 ? 'medium' : 'low',
      summary: `Run feedback score ${s.score}${s.note === undefined ? '' : `: ${s.note}`}`.slice(0, 2000),
      source: 'runtime',
      context: { run_id: s.runId, score: String(s.score) },
    };
  }
  return null;
}
