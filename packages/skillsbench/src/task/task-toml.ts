import { parse } from 'smol-toml';
import type { TaskToml } from './types.js';

function table(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : typeof value === 'bigint' ? Number(value) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function stringMap(value: unknown): Record<string, string> | undefined {
  const entries = Object.entries(table(value)).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v));
  return entries.length === 0 ? undefined : Object.fromEntries(entries.map(([k, v]) => [k, String(v)]));
}

/** Drops `undefined` fields so parsed records compare and serialise cleanly. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Parses a Harbor `task.toml` of any schema version (`version = "1.0"` or `schema_version = "1.1"`…`"2.0"`).
 * Category is read from `[metadata]` first (Harbor's key) and then from `[task]`; unknown keys are kept in `raw`.
 * Throws the TOML parser's error on malformed input.
 */
export function parseTaskToml(text: string): TaskToml {
  // smol-toml returns bigint only for out-of-range integers; numbers otherwise.
  const raw = parse(text) as Record<string, unknown>;
  const metadata = { ...table(raw.metadata) };
  const task = table(raw.task);
  if (metadata.category === undefined && typeof task.category === 'string') metadata.category = task.category;
  if (typeof metadata.category !== 'string') delete metadata.category;
  if (metadata.tags !== undefined) {
    metadata.tags = Array.isArray(metadata.tags) ? metadata.tags.filter((t): t is string => typeof t === 'string') : undefined;
    if (metadata.tags === undefined) delete metadata.tags;
  }
  if (metadata.difficulty !== undefined && typeof metadata.difficulty !== 'string') delete metadata.difficulty;
  const agent = table(raw.agent);
  const verifier = table(raw.verifier);
  const env = table(raw.environment);
  const schemaVersion = str(raw.schema_version) ?? str(raw.version);
  return {
    ...(schemaVersion === undefined ? {} : { schemaVersion }),
    metadata: metadata as TaskToml['metadata'],
    agent: compact({ timeoutSec: num(agent.timeout_sec) }),
    verifier: compact({ timeoutSec: num(verifier.timeout_sec), env: stringMap(verifier.env), user: str(verifier.user) }),
    environment: compact({
      buildTimeoutSec: num(env.build_timeout_sec),
      cpus: num(env.cpus),
      memoryMb: num(env.memory_mb),
      storageMb: num(env.storage_mb),
      gpus: num(env.gpus),
      allowInternet: typeof env.allow_internet === 'boolean' ? env.allow_internet : undefined,
      networkMode: str(env.network_mode) ?? str(raw.network_mode),
      dockerImage: str(env.docker_image),
    }),
    raw,
  };
}
