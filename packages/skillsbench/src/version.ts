/** The harness version recorded in every run's provenance and in CTRF `generatedBy`. */
export const HARNESS_VERSION = '0.1.0';
