import { describe, expect, it } from 'vitest';
import { classifyTermination, legacyTerminationReason } from './termination.js';

describe('termination mapping', () => {
  it('maps to the reference strings', () => {
    expect(['completed', 'stop_condition', 'handoff', 'max_iterations', 'consecutive_errors', 'loop_detected', 'budget_exceeded', 'deadline_exceeded', 'aborted'].map((s) => legacyTerminationReason(s as never))).toEqual([
      'completed', 'completed', 'completed', 'max_iterations', 'error', 'loop_detected', 'budget_exceeded', 'budget_exceeded', 'aborted',
    ]);
  });

  it('classifies with the failure taxonomy', () => {
    expect(classifyTermination('completed')).toBeNull();
    expect(classifyTermination('handoff')).toBeNull();
    expect(classifyTermination('max_iterations')).toMatchObject({ subcode: 'F-RES-TL04', traceStatus: 'timeout', retryable: true });
    expect(classifyTermination('consecutive_errors')).toMatchObject({ subcode: 'F-EXE-TL08', category: 'F-EXE', severity: 'high', traceStatus: 'failed' });
    expect(classifyTermination('deadline_exceeded')).toMatchObject({ subcode: 'F-RES-TL06', traceStatus: 'cancelled' });
    expect(classifyTermination('context_exhausted')).toMatchObject({ subcode: 'F-RES-TL05' });
    expect(classifyTermination('aborted')).toMatchObject({ subcode: 'F-UNK-TL00', traceStatus: 'failed' });
  });
});
