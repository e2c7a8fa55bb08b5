import type { ClassifierConfig, KeywordCategory } from './types.js';

/** The reference classifier's keyword list (f9774463): any match scores +1 once. */
export const V1_KEYWORDS: readonly string[] = ['analyze', 'architecture', 'optimize', 'security', 'root cause', 'postmortem'];

/** The later reference direction: nine categories, each scoring +1 once. Kept specific so common words do not inflate scores. */
export const V2_KEYWORD_CATEGORIES: readonly KeywordCategory[] = [
  { category: 'debugging', keywords: ['debug', 'stack trace', 'traceback', 'segfault', 'root cause'] },
  { category: 'implementation', keywords: ['implement', 'refactor', 'migrate', 'rewrite'] },
  { category: 'analysis', keywords: ['analyze', 'analyse', 'analysis', 'investigate', 'evaluate'] },
  { category: 'architecture', keywords: ['architecture', 'system design', 'scalability', 'tradeoff', 'trade-off'] },
  { category: 'testing', keywords: ['test suite', 'unit test', 'integration test', 'regression test', 'coverage'] },
  { category: 'operations', keywords: ['deploy', 'kubernetes', 'rollback', 'infrastructure', 'ci/cd'] },
  { category: 'security', keywords: ['security', 'vulnerability', 'exploit', 'threat model', 'cve-'] },
  { category: 'incident', keywords: ['incident', 'outage', 'postmortem', 'post-mortem'] },
  { category: 'optimization', keywords: ['optimize', 'optimise', 'performance', 'latency', 'throughput'] },
];

const v1: ClassifierConfig = Object.freeze({
  preset: 'v1',
  lowScoreThreshold: 1,
  highScoreThreshold: 4,
  mediumPayloadChars: 800,
  largePayloadChars: 2000,
  manyInputFieldsThreshold: 10,
  highIterationThreshold: 15,
  keywords: V1_KEYWORDS,
  fastPath: false,
  lengthMode: 'python',
});

const v2: ClassifierConfig = Object.freeze({
  ...v1,
  preset: 'v2',
  keywords: V2_KEYWORD_CATEGORIES,
  fastPath: Object.freeze({ maxChars: 160, maxWords: 28 }),
});

/**
 * Classifier presets. `v1` is the reference at f9774463 (the default, proven by the parity fixtures); `v2` adds the
 * later keyword categories and the fast path for short simple messages, with the same thresholds.
 */
export const classifierPresets: { readonly v1: ClassifierConfig; readonly v2: ClassifierConfig } = Object.freeze({ v1, v2 });
