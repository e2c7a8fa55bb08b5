import { describe, expect, it } from 'vitest';
import { IllegalTransitionError, INTAKE_STATUSES, StoreConflictError, intakePriority, nextIntakeStatuses, type IntakeStatus } from '../index.js';
import { applyTransition, buildIntake } from './intake.js';

const LEGAL: Record<IntakeStatus, IntakeStatus[]> = {
  submitted: ['triaged'],
  triaged: ['analyzing'],
  analyzing: ['accepted', 'deferred', 'rejected'],
  accepted: ['tracked'],
  deferred: ['triaged'],
  rejected: [],
  tracked: [],
};

function intakeAt(status: IntakeStatus) {
  const intake = buildIntake({ content: { title: 't' } }, 'RI-1', 1_000_000);
  return { ...intake, disposition: { ...intake.disposition, status } };
}

describe('intake state machine', () => {
  it.each(INTAKE_STATUSES.flatMap((from) => INTAKE_STATUSES.map((to) => [from, to] as const)))('%s -> %s', (from, to) => {
    const legal = LEGAL[from].includes(to);
    expect(nextIntakeStatuses(from).includes(to)).toBe(legal);
    if (legal) expect(applyTransition(intakeAt(from), to, undefined, 2_000_000).disposition.status).toBe(to);
    else expect(() => applyTransition(intakeAt(from), to, undefined, 2_000_000)).toThrow(IllegalTransitionError);
  });

  it('stamps decision dates only on decisions and keeps non-empty decision fields', () => {
    const accepted = applyTransition(intakeAt('analyzing'), 'accepted', { decisionBy: 'a', rationale: 'r', actionItems: ['x'] }, 5_000_000);
    expect(accepted.disposition).toEqual({ status: 'accepted', decisionDate: '1970-01-01T00:00:05.000000Z', decisionBy: 'a', rationale: 'r', actionItems: ['x'] });
    const tracked = applyTransition(accepted, 'tracked', { decisionBy: '', rationale: '', actionItems: [] }, 9_000_000);
    expect(tracked.disposition).toEqual({ ...accepted.disposition, status: 'tracked' });
    expect(() => applyTransition(accepted, 'tracked', { expectedVersion: 7 }, 1)).toThrow(StoreConflictError);
  });
});

describe('intake priority', () => {
  it('adds round(quality * 2) half to even to the severity base and clamps to 1..10', () => {
    expect(intakePriority('low', 0)).toBe(3);
    expect(intakePriority('medium', 0.25)).toBe(5); // round(0.5) = 0 (half-even); Math.round would give 6
    expect(intakePriority('medium', 0.75)).toBe(7); // round(1.5) = 2
    expect(intakePriority('low', 0.625)).toBe(4); // round(1.25) = 1
    expect(intakePriority('high', 1)).toBe(10);
    expect(intakePriority('critical', 1)).toBe(10);
    expect(intakePriority('critical', 0)).toBe(10);
  });
});
