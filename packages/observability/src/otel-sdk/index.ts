export { createTestTelemetry } from './test-telemetry.js';
export type { TestTelemetry, TestTelemetryOptions } from './test-telemetry.js';
export { AsyncLocalStorageContextManager } from './async-local-storage-context-manager.js';
export { DeltaPullReader, createDeltaPullReader, metricSourceFromReader, toSeriesDeltas } from './delta-pull-reader.js';
export { traceRecorder } from './trace-recorder.js';
export type { TraceRecorderOptions, TraceRecorderProcessor } from './trace-recorder.js';
