export { createTestTelemetry } from './test-telemetry.js';
export type { TestTelemetry, TestTelemetryOptions } from './test-telemetry.js';
export { AsyncLocalStorageContextManager } from './async-local-storage-context-manager.js';
export { DeltaPullReader, createDeltaPullReader, metricSourceFromReader, toSeriesDeltas } from './delta-pull-reader.js';
