import { StoreValidationError } from '../errors/store-validation-error.js';
import { codePointLength, pythonStrip, roundHalfEven } from './python-text.js';
import type { QualityLabel, SignalSeverity, StoredLearningSignal } from './types.js';

/** Weights, normalisers and thresholds of signal quality scoring (reference defaults). */
export interface QualityScoringConfig {
  weights: { summary: number; details: number; source: number; context: number; severity: number };
  /** Character counts (code points) that score 1.0 for summary and details; context items that score 1.0. */
  normalisers: { summaryChars: number; detailsChars: number; contextItems: number };
  severityValues: Record<SignalSeverity, number>;
  thresholds: { high: number; medium: number };
  /** Below this many characters a summary is reported as `summary_too_short`. */
  shortSummaryChars: number;
}

/** The reference defaults. */
export const DEFAULT_SCORING: QualityScoringConfig = {
  weights: { summary: 0.25, details: 0.2, source: 0.1, context: 0.1, severity: 0.35 },
  normalisers: { summaryChars: 80, detailsChars: 160, contextItems: 5 },
  severityValues: { low: 0.3, medium: 0.55, high: 0.8, critical: 1.0 },
  thresholds: { high: 0.7, medium: 0.45 },
  shortSummaryChars: 20,
};

/** Result of {@link scoreSignal}. */
export interface SignalScore {
  score: number;
  label: QualityLabel;
  reasons: string[];
  enrichment: Record<string, string>;
}

const clamp01 = (value: number): number => Math.min(1, Math.max(0, value));

/** Merges a partial config over the defaults and validates it. */
export function resolveScoringConfig(config?: Partial<QualityScoringConfig>): QualityScoringConfig {
  if (!config) return DEFAULT_SCORING;
  const merged: QualityScoringConfig = {
    weights: { ...DEFAULT_SCORING.weights, ...config.weights },
    normalisers: { ...DEFAULT_SCORING.normalisers, ...config.normalisers },
    severityValues: { ...DEFAULT_SCORING.severityValues, ...config.severityValues },
    thresholds: { ...DEFAULT_SCORING.thresholds, ...config.thresholds },
    shortSummaryChars: config.shortSummaryChars ?? DEFAULT_SCORING.shortSummaryChars,
  };
  for (const [group, values] of Object.entries({ weights: merged.weights, normalisers: merged.normalisers, severityValues: merged.severityValues, thresholds: merged.thresholds })) {
    for (const [key, value] of Object.entries(values)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new StoreValidationError(`scoring.${group}.${key}`, 'must be a finite number >= 0');
      }
    }
  }
  for (const [key, value] of Object.entries(merged.normalisers)) {
    if (value === 0) throw new StoreValidationError(`scoring.normalisers.${key}`, 'must be > 0');
  }
  return merged;
}

/**
 * Deterministic quality score of a signal (reference `quality.py`): five clamped dimensions, a weighted sum in the
 * order summary, details, source, context, severity, clamped and rounded half-even to 3 decimals. Lengths are code
 * points of the Python-stripped text.
 */
export function scoreSignal(
  signal: Pick<StoredLearningSignal, 'summary' | 'details' | 'source' | 'context' | 'severity'>,
  config?: Partial<QualityScoringConfig>,
): SignalScore {
  return scoreResolved(signal, config ? resolveScoringConfig(config) : DEFAULT_SCORING);
}

/** {@link scoreSignal} with an already resolved configuration (the stores resolve theirs once, at open). */
export function scoreResolved(
  signal: Pick<StoredLearningSignal, 'summary' | 'details' | 'source' | 'context' | 'severity'>,
  cfg: QualityScoringConfig,
): SignalScore {
  const summaryLength = codePointLength(pythonStrip(signal.summary));
  const detailsLength = codePointLength(pythonStrip(signal.details));
  const hasSource = pythonStrip(signal.source).length > 0;
  const contextItems = Object.keys(signal.context).length;
  const total =
    clamp01(summaryLength / cfg.normalisers.summaryChars) * cfg.weights.summary +
    clamp01(detailsLength / cfg.normalisers.detailsChars) * cfg.weights.details +
    (hasSource ? 1 : 0) * cfg.weights.source +
    clamp01(contextItems / cfg.normalisers.contextItems) * cfg.weights.context +
    clamp01(cfg.severityValues[signal.severity]) * cfg.weights.severity;
  const score = roundHalfEven(clamp01(total), 3);
  const label: QualityLabel = score >= cfg.thresholds.high ? 'high' : score >= cfg.thresholds.medium ? 'medium' : 'low';
  const reasons: string[] = [];
  if (summaryLength < cfg.shortSummaryChars) reasons.push('summary_too_short');
  if (detailsLength === 0) reasons.push('details_missing');
  if (!hasSource) reasons.push('source_missing');
  if (contextItems === 0) reasons.push('context_missing');
  if (reasons.length === 0) reasons.push('well_formed_signal');
  return {
    score,
    label,
    reasons,
    enrichment: {
      has_source: hasSource ? 'true' : 'false',
      context_items: String(contextItems),
      summary_length: String(summaryLength),
      details_length: String(detailsLength),
    },
  };
}
