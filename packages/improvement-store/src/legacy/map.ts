import type { MetricsSnapshot } from '../domain/entities.js';
import { INTAKE_STATUSES, INTAKE_URGENCIES, QUALITY_LABELS, RESEARCH_TYPES, SIGNAL_SEVERITIES, SIGNAL_TYPES } from '../domain/enums.js';
import { validateMetric } from '../domain/metrics.js';
import { scoreResolved, type QualityScoringConfig } from '../domain/scoring.js';
import { recordOf, validateSignalId, type SignalRecord } from '../domain/signals.js';
import { isoToMicros, microsToIso } from '../domain/time.js';
import type { ResearchIntake, StoredLearningSignal } from '../domain/types.js';
import { enumValue, intInRange, numberInRange, optionalString, requireString, stringArray, stringMap } from '../domain/validate.js';

type Raw = Record<string, unknown>;

const iso = (field: string, value: unknown): string => microsToIso(isoToMicros(requireString(field, value), field));
const section = (value: unknown): Raw => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : {});

/** Maps one reference signal (snake_case) to a stored signal; legacy ids are kept verbatim. */
export function mapLegacySignal(raw: Raw, scoring: QualityScoringConfig): SignalRecord {
  const summary = requireString('summary', raw.summary, { nonBlank: true });
  const severity = enumValue('severity', SIGNAL_SEVERITIES, raw.severity, 'medium');
  const details = optionalString('details', raw.details, '');
  const source = optionalString('source', raw.source, '');
  const context = stringMap('context', raw.context ?? undefined);
  const recordedAt = iso('recorded_at', raw.recorded_at);
  // Stored scores are kept as the reference computed them; a signal without one is scored now.
  const hasScore = typeof raw.quality_score === 'number';
  const scored = hasScore ? null : scoreResolved({ summary, details, source, context, severity }, scoring);
  return recordOf({
    signalId: validateSignalId(raw.signal_id, 'signal_id'),
    recordedAt,
    signalType: enumValue('signal_type', SIGNAL_TYPES, raw.signal_type, 'feedback'),
    severity,
    tenantId: raw.tenant_id === undefined ? 'default' : requireString('tenant_id', raw.tenant_id, { nonBlank: true }),
    summary,
    details,
    source,
    context,
    qualityScore: scored ? scored.score : numberInRange('quality_score', raw.quality_score, 0, 1),
    qualityLabel: scored ? scored.label : enumValue('quality_label', QUALITY_LABELS, raw.quality_label, 'low'),
    qualityReasons: scored ? scored.reasons : stringArray('quality_reasons', raw.quality_reasons ?? undefined),
    enrichment: scored ? scored.enrichment : stringMap('enrichment', raw.enrichment ?? undefined),
    occurrenceCount: raw.occurrence_count === undefined ? 1 : intInRange('occurrence_count', raw.occurrence_count, 1, Number.MAX_SAFE_INTEGER),
    firstSeenAt: raw.first_seen_at == null ? recordedAt : iso('first_seen_at', raw.first_seen_at),
    lastSeenAt: raw.last_seen_at == null ? recordedAt : iso('last_seen_at', raw.last_seen_at),
    intakeGenerated: raw.intake_generated === true,
    relatedIntakeId: raw.related_intake_id == null ? null : requireString('related_intake_id', raw.related_intake_id),
  });
}

/** Maps one reference intake (snake_case, six sections) to an intake. */
export function mapLegacyIntake(raw: Raw): ResearchIntake {
  const c = section(raw.classification);
  const content = section(raw.content);
  const rel = section(raw.relevance);
  const an = section(raw.analysis);
  const disp = section(raw.disposition);
  const tr = section(raw.tracking);
  const phases = rel.affected_phases ?? [];
  if (!Array.isArray(phases) || !phases.every((p) => Number.isInteger(p))) throw new Error('relevance.affected_phases must be integers');
  const priority = rel.priority_score === undefined ? 5 : rel.priority_score;
  if (typeof priority !== 'number' || !Number.isInteger(priority)) throw new Error('relevance.priority_score must be an integer');
  return {
    intakeId: requireString('intake_id', raw.intake_id, { nonBlank: true }),
    submittedAt: iso('submitted_at', raw.submitted_at),
    submittedBy: optionalString('submitted_by', raw.submitted_by, ''),
    tenantId: raw.tenant_id === undefined ? 'default' : requireString('tenant_id', raw.tenant_id, { nonBlank: true }),
    generatedFromSignalId: raw.generated_from_signal_id == null ? null : requireString('generated_from_signal_id', raw.generated_from_signal_id),
    automatedQualityScore: raw.automated_quality_score == null ? null : numberInRange('automated_quality_score', raw.automated_quality_score, 0, 1),
    automatedQualityLabel: raw.automated_quality_label == null ? null : enumValue('automated_quality_label', QUALITY_LABELS, raw.automated_quality_label),
    classification: {
      researchType: enumValue('research_type', RESEARCH_TYPES, c.research_type, 'external'),
      category: optionalString('category', c.category, ''),
      urgency: enumValue('urgency', INTAKE_URGENCIES, c.urgency, 'medium'),
    },
    content: {
      title: optionalString('title', content.title, 'Untitled'),
      summary: optionalString('content.summary', content.summary, ''),
      source: optionalString('content.source', content.source, ''),
      sourceDate: content.source_date == null ? '' : requireString('source_date', content.source_date),
    },
    relevance: {
      impactAreas: stringArray('impact_areas', rel.impact_areas ?? undefined),
      affectedPhases: phases as number[],
      affectedAgents: stringArray('affected_agents', rel.affected_agents ?? undefined),
      // The reference documented 1..10 but never checked it; out-of-range legacy values are clamped.
      priorityScore: Math.min(10, Math.max(1, priority)),
    },
    analysis: {
      keyFindings: stringArray('key_findings', an.key_findings ?? undefined),
      recommendations: stringArray('recommendations', an.recommendations ?? undefined),
      risks: stringArray('risks', an.risks ?? undefined),
      opportunities: stringArray('opportunities', an.opportunities ?? undefined),
    },
    disposition: {
      status: enumValue('status', INTAKE_STATUSES, disp.status, 'submitted'),
      decisionDate: disp.decision_date == null ? null : iso('decision_date', disp.decision_date),
      decisionBy: optionalString('decision_by', disp.decision_by ?? undefined, ''),
      rationale: optionalString('rationale', disp.rationale ?? undefined, ''),
      actionItems: stringArray('action_items', disp.action_items ?? undefined),
    },
    tracking: {
      backlogRefs: stringArray('backlog_refs', tr.backlog_refs ?? undefined),
      roadmapImpact: optionalString('roadmap_impact', tr.roadmap_impact, 'tbd'),
      implementationTarget: optionalString('implementation_target', tr.implementation_target ?? undefined, ''),
    },
    version: 1,
  };
}

/** Maps one reference metrics snapshot. */
export function mapLegacySnapshot(raw: Raw): MetricsSnapshot {
  const metrics = raw.metrics ?? [];
  if (!Array.isArray(metrics)) throw new Error('metrics must be a list');
  return {
    snapshotId: requireString('snapshot_id', raw.snapshot_id, { nonBlank: true }),
    period: optionalString('period', raw.period, ''),
    capturedAt: iso('captured_at', raw.captured_at),
    metrics: metrics.map((m: unknown, i) => {
      const r = section(m);
      return validateMetric({ metricId: r.metric_id, name: r.name, baseline: r.baseline, current: r.current, target: r.target, unit: r.unit, trend: r.trend }, i);
    }),
  };
}

/** The reference document shape of a signal (for `exportLegacy`). */
export function toLegacySignal(s: StoredLearningSignal): Raw {
  return {
    signal_id: s.signalId,
    recorded_at: s.recordedAt,
    signal_type: s.signalType,
    severity: s.severity,
    tenant_id: s.tenantId,
    summary: s.summary,
    details: s.details,
    source: s.source,
    context: s.context,
    quality_score: s.qualityScore,
    quality_label: s.qualityLabel,
    quality_reasons: s.qualityReasons,
    enrichment: s.enrichment,
    intake_generated: s.intakeGenerated,
    related_intake_id: s.relatedIntakeId,
  };
}

/** The reference document shape of an intake (for `exportLegacy`). */
export function toLegacyIntake(i: ResearchIntake): Raw {
  return {
    intake_id: i.intakeId,
    submitted_at: i.submittedAt,
    submitted_by: i.submittedBy,
    tenant_id: i.tenantId,
    generated_from_signal_id: i.generatedFromSignalId,
    automated_quality_score: i.automatedQualityScore,
    automated_quality_label: i.automatedQualityLabel,
    classification: { research_type: i.classification.researchType, category: i.classification.category, urgency: i.classification.urgency },
    content: { title: i.content.title, summary: i.content.summary, source: i.content.source, source_date: i.content.sourceDate },
    relevance: {
      impact_areas: i.relevance.impactAreas,
      affected_phases: i.relevance.affectedPhases,
      affected_agents: i.relevance.affectedAgents,
      priority_score: i.relevance.priorityScore,
    },
    analysis: { key_findings: i.analysis.keyFindings, recommendations: i.analysis.recommendations, risks: i.analysis.risks, opportunities: i.analysis.opportunities },
    disposition: {
      status: i.disposition.status,
      decision_date: i.disposition.decisionDate,
      decision_by: i.disposition.decisionBy,
      rationale: i.disposition.rationale,
      action_items: i.disposition.actionItems,
    },
    tracking: { backlog_refs: i.tracking.backlogRefs, roadmap_impact: i.tracking.roadmapImpact, implementation_target: i.tracking.implementationTarget },
  };
}
