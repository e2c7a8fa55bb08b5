/** `@agent33/runtime/testing`: deterministic models for tests. */
export { ScriptedModel, text, toolCall, toolCalls, fail } from './scripted-model.js';
export type { ScriptStep, ScriptedModelOptions } from './scripted-model.js';
export { RecordingProvider, ReplayProvider, requestHash } from './record-replay.js';
export type { RecordedExchange } from './record-replay.js';
export { pairingViolations } from '../model/pairing.js';
