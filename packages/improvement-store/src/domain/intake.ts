import { IllegalTransitionError } from '../errors/illegal-transition-error.js';
import { StoreConflictError } from '../errors/store-conflict-error.js';
import { StoreValidationError } from '../errors/store-validation-error.js';
import { INTAKE_STATUSES, INTAKE_URGENCIES, RESEARCH_TYPES, isOneOf, severityRank } from './enums.js';
import { roundHalfEven } from './python-text.js';
import { isoToMicros, microsToIso } from './time.js';
import type { IntakeDecision, IntakeStatus, NewResearchIntake, ResearchIntake, SignalSeverity, StoredLearningSignal } from './types.js';
import { enumValue, intInRange, numberInRange, optionalString, requireString, stringArray } from './validate.js';

const TRANSITIONS: Record<IntakeStatus, readonly IntakeStatus[]> = {
  submitted: ['triaged'],
  triaged: ['analyzing'],
  analyzing: ['accepted', 'deferred', 'rejected'],
  accepted: ['tracked'],
  deferred: ['triaged'],
  rejected: [],
  tracked: [],
};

const DECISION_STATES: readonly IntakeStatus[] = ['accepted', 'deferred', 'rejected'];

/** Statuses an intake may move to from `from` (rejected and tracked are terminal). */
export function nextIntakeStatuses(from: IntakeStatus): readonly IntakeStatus[] {
  return TRANSITIONS[from];
}

/**
 * Priority of a generated intake: base by severity (low 3, medium 5, high 8, critical 10) plus
 * `round(quality * 2)` with Python's half-even rounding, clamped to 1..10.
 */
export function intakePriority(severity: SignalSeverity, qualityScore: number): number {
  const base = { low: 3, medium: 5, high: 8, critical: 10 }[severity];
  return Math.min(10, Math.max(1, base + roundHalfEven(qualityScore * 2, 0)));
}

/** Validates a manual intake and builds it with status `submitted` (submitting always resets the status). */
export function buildIntake(input: NewResearchIntake, id: string, nowUs: number): ResearchIntake {
  if (typeof input !== 'object' || input === null) throw new StoreValidationError('intake', 'must be an object');
  const c = input.classification ?? {};
  const content = input.content ?? {};
  const rel = input.relevance ?? {};
  const an = input.analysis ?? {};
  const disp = input.disposition ?? {};
  const tr = input.tracking ?? {};
  const phases = rel.affectedPhases ?? [];
  if (!Array.isArray(phases) || phases.some((p) => !Number.isInteger(p))) {
    throw new StoreValidationError('relevance.affectedPhases', 'must be an array of integers');
  }
  return {
    intakeId: input.intakeId === undefined ? id : requireString('intakeId', input.intakeId, { nonBlank: true, maxLength: 128 }),
    submittedAt: input.submittedAt === undefined ? microsToIso(nowUs) : microsToIso(isoToMicros(input.submittedAt, 'submittedAt')),
    submittedBy: optionalString('submittedBy', input.submittedBy, ''),
    tenantId: input.tenantId === undefined ? 'default' : requireString('tenantId', input.tenantId, { nonBlank: true, maxLength: 256 }),
    generatedFromSignalId: null,
    automatedQualityScore: null,
    automatedQualityLabel: null,
    classification: {
      researchType: enumValue('classification.researchType', RESEARCH_TYPES, c.researchType, 'external'),
      category: optionalString('classification.category', c.category, ''),
      urgency: enumValue('classification.urgency', INTAKE_URGENCIES, c.urgency, 'medium'),
    },
    content: {
      title: content.title === undefined ? 'Untitled' : requireString('content.title', content.title, { nonBlank: true }),
      summary: optionalString('content.summary', content.summary, ''),
      source: optionalString('content.source', content.source, ''),
      sourceDate: optionalString('content.sourceDate', content.sourceDate, ''),
    },
    relevance: {
      impactAreas: stringArray('relevance.impactAreas', rel.impactAreas),
      affectedPhases: [...phases],
      affectedAgents: stringArray('relevance.affectedAgents', rel.affectedAgents),
      priorityScore: intInRange('relevance.priorityScore', rel.priorityScore, 1, 10, 5),
    },
    analysis: {
      keyFindings: stringArray('analysis.keyFindings', an.keyFindings),
      recommendations: stringArray('analysis.recommendations', an.recommendations),
      risks: stringArray('analysis.risks', an.risks),
      opportunities: stringArray('analysis.opportunities', an.opportunities),
    },
    disposition: {
      status: 'submitted',
      decisionDate: null,
      decisionBy: optionalString('disposition.decisionBy', disp.decisionBy, ''),
      rationale: optionalString('disposition.rationale', disp.rationale, ''),
      actionItems: stringArray('disposition.actionItems', disp.actionItems),
    },
    tracking: {
      backlogRefs: stringArray('tracking.backlogRefs', tr.backlogRefs),
      roadmapImpact: optionalString('tracking.roadmapImpact', tr.roadmapImpact, 'tbd'),
      implementationTarget: optionalString('tracking.implementationTarget', tr.implementationTarget, ''),
    },
    version: 1,
  };
}

/** The intake the reference's auto-intake generates for a learning signal. */
export function intakeFromSignal(signal: StoredLearningSignal, id: string, nowUs: number): ResearchIntake {
  return {
    intakeId: id,
    submittedAt: microsToIso(nowUs),
    submittedBy: 'learning-service',
    tenantId: signal.tenantId,
    generatedFromSignalId: signal.signalId,
    automatedQualityScore: signal.qualityScore,
    automatedQualityLabel: signal.qualityLabel,
    classification: { researchType: 'internal', category: `learning:${signal.signalType}`, urgency: severityRank(signal.severity) >= 3 ? 'high' : 'medium' },
    content: { title: `Learning signal: ${signal.summary}`, summary: signal.details || signal.summary, source: signal.source, sourceDate: '' },
    relevance: { impactAreas: [`quality:${signal.qualityLabel}`], affectedPhases: [], affectedAgents: [], priorityScore: intakePriority(signal.severity, signal.qualityScore) },
    analysis: { keyFindings: [], recommendations: [], risks: [], opportunities: [] },
    disposition: { status: 'submitted', decisionDate: null, decisionBy: '', rationale: '', actionItems: [] },
    tracking: { backlogRefs: [], roadmapImpact: 'tbd', implementationTarget: '' },
    version: 1,
  };
}

/**
 * Applies a status transition: checks the state machine and the expected version, stamps `decisionDate` on entering
 * accepted / deferred / rejected, and overwrites decision fields only when the new value is non-empty.
 */
export function applyTransition(intake: ResearchIntake, to: unknown, decision: IntakeDecision | undefined, nowUs: number): ResearchIntake {
  if (!isOneOf(INTAKE_STATUSES, to)) throw new StoreValidationError('status', `Invalid status: ${String(to)}`);
  const d = decision ?? {};
  if (d.expectedVersion !== undefined) {
    numberInRange('expectedVersion', d.expectedVersion, 1, Number.MAX_SAFE_INTEGER);
    if (d.expectedVersion !== intake.version) {
      throw new StoreConflictError(`Intake ${intake.intakeId} is at version ${intake.version}, expected ${d.expectedVersion}`);
    }
  }
  const from = intake.disposition.status;
  if (!TRANSITIONS[from].includes(to)) throw new IllegalTransitionError(from, to);
  const decisionBy = optionalString('decisionBy', d.decisionBy, '');
  const rationale = optionalString('rationale', d.rationale, '');
  const actionItems = stringArray('actionItems', d.actionItems);
  return {
    ...intake,
    disposition: {
      status: to,
      decisionDate: DECISION_STATES.includes(to) ? microsToIso(nowUs) : intake.disposition.decisionDate,
      decisionBy: decisionBy || intake.disposition.decisionBy,
      rationale: rationale || intake.disposition.rationale,
      actionItems: actionItems.length > 0 ? actionItems : intake.disposition.actionItems,
    },
    version: intake.version + 1,
  };
}
