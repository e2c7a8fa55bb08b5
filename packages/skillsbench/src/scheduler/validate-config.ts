import { availableParallelism } from 'node:os';
import { BenchConfigError } from '../errors/bench-config-error.js';
import { conditionKey } from '../task/types.js';
import type { ResolvedSettings, RunConfig } from './types.js';

function positiveInt(option: string, value: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < 1 || value > max) throw new BenchConfigError(option, `must be an integer in 1..${max}, got ${value}`);
  return value;
}

function positive(option: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new BenchConfigError(option, `must be a positive number, got ${value}`);
  return value;
}

/** Checks a {@link RunConfig} and fills defaults; throws {@link BenchConfigError} naming the first bad option. */
export function resolveRunConfig(config: RunConfig): ResolvedSettings {
  if (typeof config !== 'object' || config === null) throw new BenchConfigError('config', 'must be an object');
  if (!Array.isArray(config.tasks) || config.tasks.length === 0) throw new BenchConfigError('tasks', 'must be a non-empty array of loaded tasks');
  if (!Array.isArray(config.agents) || config.agents.length === 0) throw new BenchConfigError('agents', 'must be a non-empty array');
  const agentIds = config.agents.map((a) => a?.id);
  if (agentIds.some((id) => typeof id !== 'string' || id.length === 0)) throw new BenchConfigError('agents', 'every agent needs a non-empty id');
  if (new Set(agentIds).size !== agentIds.length) throw new BenchConfigError('agents', 'agent ids must be unique');
  if (!Array.isArray(config.conditions) || config.conditions.length === 0) throw new BenchConfigError('conditions', 'must be a non-empty array');
  const keys = config.conditions.map((c) => {
    if (typeof c === 'string' && !['none', 'curated', 'self_generated'].includes(c)) throw new BenchConfigError('conditions', `unknown condition ${c}`);
    if (typeof c === 'object' && (typeof c?.custom !== 'string' || typeof c.skillsDir !== 'string')) throw new BenchConfigError('conditions', 'a custom condition needs custom and skillsDir');
    return conditionKey(c);
  });
  if (new Set(keys).size !== keys.length) throw new BenchConfigError('conditions', 'conditions must be distinct');
  if (!config.driver || typeof config.driver.prepare !== 'function') throw new BenchConfigError('driver', 'a sandbox driver is required');
  const concurrency = positiveInt('concurrency', config.concurrency ?? Math.min(4, availableParallelism()));
  const errorPolicy = config.errorPolicy ?? 'exclude';
  if (errorPolicy !== 'exclude' && errorPolicy !== 'fail') throw new BenchConfigError('errorPolicy', `must be 'exclude' or 'fail', got ${String(errorPolicy)}`);
  const maxRetries = config.maxRetries ?? 1;
  if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > 10) throw new BenchConfigError('maxRetries', `must be an integer in 0..10, got ${maxRetries}`);
  const passThreshold = config.passThreshold ?? 1;
  if (typeof passThreshold !== 'number' || !Number.isFinite(passThreshold)) throw new BenchConfigError('passThreshold', 'must be a finite number');
  const seed = config.seed ?? 42;
  if (!Number.isInteger(seed)) throw new BenchConfigError('seed', 'must be an integer');
  if (config.runId !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(config.runId)) throw new BenchConfigError('runId', 'must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$');
  if (config.resume && (!config.runId || !config.store)) throw new BenchConfigError('resume', 'needs runId and store');
  return {
    trials: positiveInt('trials', config.trials ?? 5, 100),
    concurrency,
    perTaskConcurrency: positiveInt('perTaskConcurrency', config.perTaskConcurrency ?? concurrency),
    timeoutMultiplier: positive('timeoutMultiplier', config.timeoutMultiplier ?? 1),
    defaultAgentTimeoutSec: positive('defaultAgentTimeoutSec', config.defaultAgentTimeoutSec ?? 600),
    defaultVerifierTimeoutSec: positive('defaultVerifierTimeoutSec', config.defaultVerifierTimeoutSec ?? 300),
    passThreshold,
    errorPolicy,
    maxRetries,
    seed,
    ks: config.ks ?? [1, 3, 5],
    baselineCondition: config.baselineCondition ?? 'none',
  };
}
