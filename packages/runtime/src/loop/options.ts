import { RuntimeOptionsError } from '../errors/runtime-options-error.js';
import type { Message } from '../model/types.js';
import type { IdGenerator } from '../ports/index.js';
import type { Subject } from '../policy/types.js';
import { CfworkerSchemaValidator } from '../tools/validate.js';
import type { RunOptions } from './types.js';

/** Default subject when the host gives none (parity: the reference's default tool context scope). */
export const DEFAULT_SUBJECT: Subject = { id: 'anonymous', scopes: ['tools:execute'] };

/** One validator (with its compiled-schema cache) shared by every run. */
export const sharedValidator = new CfworkerSchemaValidator();

let fallbackCounter = 0;
/** Default id generator: prefix + time + counter + random suffix. */
export const defaultIds: IdGenerator = {
  next: (prefix) => `${prefix}_${Date.now().toString(36)}${(fallbackCounter++).toString(36)}${Math.random().toString(36).slice(2, 8)}`,
};

function positiveInt(name: string, v: number | undefined, allowZero = false): void {
  if (v === undefined) return;
  if (!Number.isInteger(v) || v < (allowZero ? 0 : 1)) throw new RuntimeOptionsError(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got ${String(v)}`);
}

/** Validates run options; throws `RuntimeOptionsError` naming the bad option. */
export function validateRunOptions(o: RunOptions): void {
  if (o === null || typeof o !== 'object') throw new RuntimeOptionsError('run options must be an object');
  if (typeof o.provider?.generate !== 'function') throw new RuntimeOptionsError('provider must implement ModelProvider.generate');
  if (typeof o.model !== 'string' || o.model === '') throw new RuntimeOptionsError('model must be a non-empty string');
  if (!Array.isArray(o.messages)) throw new RuntimeOptionsError('messages must be an array');
  for (const [i, m] of o.messages.entries()) {
    if (!['system', 'user', 'assistant', 'tool'].includes((m as Message | undefined)?.role ?? '')) throw new RuntimeOptionsError(`messages[${i}] has an invalid role`);
  }
  positiveInt('maxIterations', o.maxIterations);
  positiveInt('maxToolCallsPerStep', o.maxToolCallsPerStep);
  positiveInt('consecutiveErrorLimit', o.consecutiveErrorLimit);
  positiveInt('maxOutputRepairs', o.maxOutputRepairs, true);
  positiveInt('toolExecution.concurrency', o.toolExecution?.concurrency);
  if (o.loopDetection !== undefined && o.loopDetection !== false) positiveInt('loopDetection.threshold', o.loopDetection.threshold, true);
  if (o.completion !== undefined && !['first-text', 'confirm', 'stop-tool'].includes(o.completion.mode)) throw new RuntimeOptionsError('completion.mode is invalid');
  if (o.completion?.mode === 'stop-tool' && typeof o.completion.toolName !== 'string') throw new RuntimeOptionsError('completion.toolName is required for stop-tool');
  if (o.temperature !== undefined && !(o.temperature >= 0)) throw new RuntimeOptionsError('temperature must be ≥ 0');
  if (o.maxOutputTokens !== undefined) positiveInt('maxOutputTokens', o.maxOutputTokens);
}

