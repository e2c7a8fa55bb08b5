import type { BreakerOptions, FailureClassifier } from './breaker/types.js';
import { compatClassifier, defaultClassifier } from './classify.js';

/** Boundary presets: `compat` reproduces the reference chain; `agent33-head` its later values; `default` adds fixes. */
export type BoundaryPreset = 'default' | 'compat' | 'agent33-head';

/** Every middleware name, outermost first, in the default logical order. */
export const DEFAULT_ORDER = [
  'governance',
  'egress',
  'telemetry',
  'timeout',
  'retry',
  'rate_limit',
  'bulkhead',
  'circuit_breaker',
  'attempt_timeout',
  'metrics',
] as const;

/** The reference chain, exactly. */
export const COMPAT_ORDER = ['governance', 'timeout', 'retry', 'circuit_breaker', 'metrics'] as const;

/** Preset values. */
export interface PresetValues {
  order: readonly string[];
  breaker: BreakerOptions;
  /** Whether the breaker is on when the options do not say. */
  breakerOn: boolean;
  classify: FailureClassifier;
  onUnknownPack: 'throw' | 'fallback';
  compatRetry: boolean;
}

/** The values each preset stands for. */
export function presetValues(preset: BoundaryPreset): PresetValues {
  switch (preset) {
    case 'compat':
      return {
        order: COMPAT_ORDER,
        breaker: { failureThreshold: 3, recoveryMs: 30_000, recoveryMultiplier: 1, halfOpenSuccesses: 1, halfOpenMaxConcurrent: Number.MAX_SAFE_INTEGER, generations: false },
        breakerOn: false,
        classify: compatClassifier,
        onUnknownPack: 'fallback',
        compatRetry: true,
      };
    case 'agent33-head':
      return {
        order: COMPAT_ORDER,
        breaker: { failureThreshold: 3, recoveryMs: 30_000, maxRecoveryMs: 300_000, recoveryMultiplier: 2, halfOpenSuccesses: 2, halfOpenMaxConcurrent: Number.MAX_SAFE_INTEGER, generations: false },
        breakerOn: true,
        classify: compatClassifier,
        onUnknownPack: 'fallback',
        compatRetry: true,
      };
    default:
      return {
        order: DEFAULT_ORDER,
        breaker: { failureThreshold: 3, recoveryMs: 30_000, maxRecoveryMs: 300_000, recoveryMultiplier: 2, halfOpenSuccesses: 2, halfOpenMaxConcurrent: 1, generations: true },
        breakerOn: true,
        classify: defaultClassifier,
        onUnknownPack: 'throw',
        compatRetry: false,
      };
  }
}
