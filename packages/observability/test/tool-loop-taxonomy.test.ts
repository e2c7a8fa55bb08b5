// Port of the reference's runtime_gaps taxonomy scenarios.
import { describe, expect, it } from 'vitest';
import { FAILURE_CATEGORIES, FAILURE_CATEGORY_META, FAILURE_SEVERITIES, TOOL_LOOP_SUBCODES, toolLoopFailure, toolLoopFailureRecord, toolLoopTraceOutcome } from '../src/index.js';

describe('tool-loop subcodes', () => {
  it('every subcode has the required keys', () => {
    for (const entry of Object.values(TOOL_LOOP_SUBCODES)) expect(Object.keys(entry).sort()).toEqual(['category', 'description', 'severity', 'subcode']);
  });
  it('every subcode starts with F-', () => {
    for (const entry of Object.values(TOOL_LOOP_SUBCODES)) expect(entry.subcode.startsWith('F-')).toBe(true);
  });
  it('categories are valid', () => {
    for (const entry of Object.values(TOOL_LOOP_SUBCODES)) expect(FAILURE_CATEGORIES).toContain(entry.category);
  });
  it('severities are valid', () => {
    for (const entry of Object.values(TOOL_LOOP_SUBCODES)) expect(FAILURE_SEVERITIES).toContain(entry.severity);
  });
  it('has exactly 8 keys', () => {
    expect(Object.keys(TOOL_LOOP_SUBCODES)).toHaveLength(8);
  });
});

describe('classification', () => {
  it('completed → UNKNOWN with an empty code', () => {
    expect(toolLoopFailure('completed')).toEqual({ code: '', subcode: '', category: 'F-UNK', severity: 'low' });
  });
  it('max_iterations → RES F-RES-TL04', () => {
    expect(toolLoopFailure('max_iterations')).toMatchObject({ category: 'F-RES', subcode: 'F-RES-TL04', code: 'F-RES' });
  });
  it('error → EXE HIGH', () => {
    expect(toolLoopFailure('error')).toMatchObject({ category: 'F-EXE', severity: 'high' });
  });
  it('budget_exceeded → F-RES-TL06', () => {
    expect(toolLoopFailure('budget_exceeded').subcode).toBe('F-RES-TL06');
  });
  it('an unknown reason → F-UNK-TL00', () => {
    expect(toolLoopFailure('mystery')).toEqual({ code: 'F-UNK', subcode: 'F-UNK-TL00', category: 'F-UNK', severity: 'medium' });
  });
});

describe('trace outcome', () => {
  it('completed → completed', () => {
    expect(toolLoopTraceOutcome('completed').status).toBe('completed');
  });
  it('max_iterations → timeout with a message about max iterations', () => {
    const outcome = toolLoopTraceOutcome('max_iterations');
    expect(outcome.status).toBe('timeout');
    expect(outcome.failureMessage.toLowerCase()).toContain('max iterations');
  });
  it('budget_exceeded → cancelled', () => {
    expect(toolLoopTraceOutcome('budget_exceeded').status).toBe('cancelled');
  });
  it('error → failed with F-EXE-TL08', () => {
    expect(toolLoopTraceOutcome('error')).toMatchObject({ status: 'failed', failureCode: 'F-EXE-TL08' });
  });
  it('error → category F-EXE', () => {
    expect(toolLoopTraceOutcome('error').failureCategory).toBe('F-EXE');
  });
  it('tool_governance_denied → failed, category F-SEC', () => {
    expect(toolLoopTraceOutcome('tool_governance_denied')).toMatchObject({ status: 'failed', failureCategory: 'F-SEC' });
  });
});

describe('failure record', () => {
  const facts = { traceId: 'TRC-1', iterations: 5, toolCallsMade: 3, toolsUsed: ['shell', 'read'], model: 'gpt-4o' };
  it('completed → no record', () => {
    expect(toolLoopFailureRecord('completed', facts)).toBeUndefined();
  });
  it('an error record carries the trace id, category and context', () => {
    const record = toolLoopFailureRecord('error', facts)!;
    expect(record.traceId).toBe('TRC-1');
    expect(record.classification.category).toBe('F-EXE');
    expect(record.context.iterations).toBe('5');
    expect(record.context.tool_calls_made).toBe('3');
    expect(record.context.tools_used).toContain('shell');
  });
  it('an error record is retryable', () => {
    expect(toolLoopFailureRecord('error', facts)!.resolution.retryable).toBe(true);
  });
  it('a governance record is not retryable and requires escalation', () => {
    const record = toolLoopFailureRecord('tool_governance_denied', facts)!;
    expect(record.resolution.retryable).toBe(false);
    expect(record.resolution.escalationRequired).toBe(true);
  });
  it('a max_iterations record has the model and termination reason in its context', () => {
    const record = toolLoopFailureRecord('max_iterations', facts)!;
    expect(record.context.model).toBe('gpt-4o');
    expect(record.context.termination_reason).toBe('max_iterations');
  });
  it('retryable always agrees with the category metadata', () => {
    for (const reason of [...Object.keys(TOOL_LOOP_SUBCODES), 'mystery']) {
      const record = toolLoopFailureRecord(reason, facts)!;
      expect(record.resolution.retryable).toBe(FAILURE_CATEGORY_META[record.classification.category].retryable);
    }
  });
});
