import { StoreValidationError } from '../errors/store-validation-error.js';
import { hash } from 'node:crypto';
import { SIGNAL_SEVERITIES, SIGNAL_TYPES, severityRank } from './enums.js';
import { codePointLength } from './python-text.js';
import { DEFAULT_SCORING, scoreResolved, type QualityScoringConfig } from './scoring.js';
import { isoToMicros, microsToIso } from './time.js';
import type { NewLearningSignal, StoredLearningSignal } from './types.js';
import { enumValue, optionalString, requireString, stringMap } from './validate.js';

/** A stored signal plus the columns the stores index on (µs times, rank, dedupe fingerprint). */
export interface SignalRecord {
  signal: StoredLearningSignal;
  recordedUs: number;
  firstSeenUs: number;
  lastSeenUs: number;
  severityRank: number;
  fingerprint: string;
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

/** Validates a signal id supplied by a caller (legacy 12-hex ids and ULID ids both pass). */
export function validateSignalId(value: unknown, field = 'signalId'): string {
  const id = requireString(field, value, { nonBlank: true });
  if (!ID_PATTERN.test(id)) throw new StoreValidationError(field, 'must be 1..128 characters of [A-Za-z0-9_.:-]');
  return id;
}
/** Whitespace-normalised, lower-cased text used in the dedupe fingerprint. */
export function normaliseForFingerprint(text: string): string {
  return text.trim().replace(/\s+/gu, ' ').toLowerCase();
}

/**
 * Dedupe fingerprint of (tenant, type, normalised summary, normalised source): the first 64 bits of its sha-256, in
 * hex. Matches are always confined to one tenant and a time window, where 64 bits make a false merge negligible,
 * and the shorter key keeps the dedupe index small.
 */
export function signalFingerprint(tenantId: string, signalType: string, summary: string, source: string): string {
  // One-shot hashing: no Hash object per signal on the ingest path.
  return hash('sha256', [tenantId, signalType, normaliseForFingerprint(summary), normaliseForFingerprint(source)].join('\u0000'), 'hex').slice(0, 16);
}

/**
 * Validates a new signal and builds its stored form: defaults, quality score and enrichment, fingerprint. `id` and
 * `nowUs` come from the store (injected id generator and clock).
 */
export function buildSignal(input: NewLearningSignal, id: string, nowUs: number, scoring?: QualityScoringConfig): SignalRecord {
  if (typeof input !== 'object' || input === null) throw new StoreValidationError('signal', 'must be an object');
  const summary = requireString('summary', input.summary, { nonBlank: true, maxLength: 10_000 });
  const signalType = enumValue('signalType', SIGNAL_TYPES, input.signalType, 'feedback');
  const severity = enumValue('severity', SIGNAL_SEVERITIES, input.severity, 'medium');
  const tenantId = input.tenantId === undefined ? 'default' : requireString('tenantId', input.tenantId, { nonBlank: true, maxLength: 256 });
  const details = optionalString('details', input.details, '');
  const source = optionalString('source', input.source, '');
  const context = stringMap('context', input.context);
  const signalId = input.signalId === undefined ? id : validateSignalId(input.signalId);
  const recordedUs = input.recordedAt === undefined ? nowUs : isoToMicros(requireString('recordedAt', input.recordedAt), 'recordedAt');
  const scored = scoreResolved({ summary, details, source, context, severity }, scoring ?? DEFAULT_SCORING);
  const recordedAt = microsToIso(recordedUs);
  return {
    signal: {
      signalId,
      recordedAt,
      signalType,
      severity,
      tenantId,
      summary,
      details,
      source,
      context,
      qualityScore: scored.score,
      qualityLabel: scored.label,
      qualityReasons: scored.reasons,
      enrichment: scored.enrichment,
      occurrenceCount: 1,
      firstSeenAt: recordedAt,
      lastSeenAt: recordedAt,
      intakeGenerated: false,
      relatedIntakeId: null,
    },
    recordedUs,
    firstSeenUs: recordedUs,
    lastSeenUs: recordedUs,
    severityRank: severityRank(severity),
    fingerprint: signalFingerprint(tenantId, signalType, summary, source),
  };
}

/** Rebuilds the index columns of a stored signal (for imports and restored rows). */
export function recordOf(signal: StoredLearningSignal): SignalRecord {
  return {
    signal,
    recordedUs: isoToMicros(signal.recordedAt, 'recordedAt'),
    firstSeenUs: isoToMicros(signal.firstSeenAt, 'firstSeenAt'),
    lastSeenUs: isoToMicros(signal.lastSeenAt, 'lastSeenAt'),
    severityRank: severityRank(signal.severity),
    fingerprint: signalFingerprint(signal.tenantId, signal.signalType, signal.summary, signal.source),
  };
}

/**
 * Merges a duplicate into an existing signal: one more occurrence, latest sighting kept, severity raised to the
 * maximum, the longer details kept, a missing source filled, new context keys added, then re-scored.
 */
export function mergeSignals(existing: SignalRecord, incoming: SignalRecord, scoring?: QualityScoringConfig): SignalRecord {
  const base = existing.signal;
  const next = incoming.signal;
  const rank = Math.max(existing.severityRank, incoming.severityRank);
  const severity = SIGNAL_SEVERITIES[rank - 1] ?? base.severity;
  const details = codePointLength(next.details) > codePointLength(base.details) ? next.details : base.details;
  const source = base.source.trim().length > 0 ? base.source : next.source;
  const context = { ...next.context, ...base.context };
  const scored = scoreResolved({ summary: base.summary, details, source, context, severity }, scoring ?? DEFAULT_SCORING);
  const lastSeenUs = Math.max(existing.lastSeenUs, incoming.lastSeenUs);
  const firstSeenUs = Math.min(existing.firstSeenUs, incoming.firstSeenUs);
  return {
    ...existing,
    severityRank: rank,
    lastSeenUs,
    firstSeenUs,
    signal: {
      ...base,
      severity,
      details,
      source,
      context,
      qualityScore: scored.score,
      qualityLabel: scored.label,
      qualityReasons: scored.reasons,
      enrichment: scored.enrichment,
      occurrenceCount: base.occurrenceCount + 1,
      firstSeenAt: microsToIso(firstSeenUs),
      lastSeenAt: microsToIso(lastSeenUs),
    },
  };
}
