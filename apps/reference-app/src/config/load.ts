import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError, type ConfigIssue } from '../errors/index.js';
import { CONFIG_FILE_ENV, ENV_KEYS } from './env.js';
import { configSchema, type AppConfig } from './schema.js';

/** Where configuration comes from; later sources win: file, then environment, then explicit overrides (CLI flags). */
export interface LoadConfigOptions {
  env?: Record<string, string | undefined>;
  /** A JSON file; defaults to `$AGENT33_CONFIG` when set. */
  file?: string;
  /** Dotted keys set by the caller, e.g. `{ 'model.demo': true }`. */
  overrides?: Record<string, unknown>;
  /** Base for relative paths (data dir, store path, agents dir). Defaults to `process.cwd()`. */
  cwd?: string;
}

type Tree = Record<string, unknown>;

function setPath(tree: Tree, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = tree;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[part] = {};
    node = node[part] as Tree;
  }
  node[parts[parts.length - 1] as string] = value;
}

function flattenKeys(value: unknown, prefix: string, out: string[]): void {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flattenKeys(v, prefix === '' ? k : `${prefix}.${k}`, out);
  } else if (prefix !== '') {
    out.push(prefix);
  }
}

function parseEnvValue(name: string, kind: string, raw: string, issues: ConfigIssue[], key: string): unknown {
  const source = `env ${name}`;
  switch (kind) {
    case 'int': {
      if (!/^-?\d+$/.test(raw.trim())) {
        issues.push({ key, source, message: `expected an integer, got ${JSON.stringify(raw)}` });
        return undefined;
      }
      return Number(raw);
    }
    case 'bool': {
      const v = raw.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(v)) return true;
      if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
      issues.push({ key, source, message: `expected true/false/1/0, got ${JSON.stringify(raw)}` });
      return undefined;
    }
    case 'json': {
      try {
        return JSON.parse(raw) as unknown;
      } catch (error) {
        issues.push({ key, source, message: `expected JSON: ${(error as Error).message}` });
        return undefined;
      }
    }
    case 'csv':
      return raw
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');
    default:
      return raw;
  }
}

function readFile(path: string, issues: ConfigIssue[]): Tree {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    issues.push({ key: '(file)', source: path, message: `cannot read: ${(error as Error).message}` });
    return {};
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      issues.push({ key: '(file)', source: path, message: 'the file must hold a JSON object' });
      return {};
    }
    return parsed as Tree;
  } catch (error) {
    issues.push({ key: '(file)', source: path, message: `invalid JSON: ${(error as Error).message}` });
    return {};
  }
}

/**
 * Loads, merges and validates the configuration. Throws {@link ConfigError} listing every bad key with its source;
 * nothing is half-applied. Relative paths are resolved against `cwd`, and derived paths (SQLite file, backups,
 * bench artifacts) are filled in under the data directory.
 */
export function loadConfig(options: LoadConfigOptions = {}): AppConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const issues: ConfigIssue[] = [];
  const sources = new Map<string, string>();
  const filePath = options.file ?? env[CONFIG_FILE_ENV];

  const merged: Tree = filePath === undefined || filePath === '' ? {} : readFile(resolve(cwd, filePath), issues);
  if (filePath !== undefined && filePath !== '') {
    const keys: string[] = [];
    flattenKeys(merged, '', keys);
    for (const key of keys) sources.set(key, `file ${filePath}`);
  }
  for (const [name, spec] of Object.entries(ENV_KEYS)) {
    const raw = env[name];
    if (raw === undefined) continue;
    const value = parseEnvValue(name, spec.kind, raw, issues, spec.key);
    if (value === undefined) continue;
    setPath(merged, spec.key, value);
    sources.set(spec.key, `env ${name}`);
  }
  for (const [key, value] of Object.entries(options.overrides ?? {})) {
    if (value === undefined) continue;
    setPath(merged, key, value);
    sources.set(key, 'command line');
  }

  const result = configSchema.safeParse(merged);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.map(String);
      const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...path, k].join('.')) : [path.join('.')];
      for (const key of keys) {
        issues.push({ key: key === '' ? '(root)' : key, source: sourceOf(sources, key), message: issue.message });
      }
    }
  }
  if (issues.length > 0 || !result.success) throw new ConfigError(issues);
  return resolvePaths(result.data, cwd);
}

function sourceOf(sources: Map<string, string>, key: string): string {
  for (let k = key; k !== ''; k = k.includes('.') ? k.slice(0, k.lastIndexOf('.')) : '') {
    const found = sources.get(k);
    if (found !== undefined) return found;
  }
  for (const [k, s] of sources) if (k.startsWith(`${key}.`)) return s;
  return 'defaults';
}

function resolvePaths(config: AppConfig, cwd: string): AppConfig {
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(cwd, p));
  const dataDir = abs(config.dataDir);
  return {
    ...config,
    dataDir,
    store: {
      ...config.store,
      path: config.store.path === ':memory:' ? ':memory:' : abs(config.store.path ?? resolve(dataDir, 'agent33.db')),
      backupDir: abs(config.store.backupDir ?? resolve(dataDir, 'backups')),
    },
    agents: {
      ...config.agents,
      ...(config.agents.dir === undefined ? {} : { dir: abs(config.agents.dir) }),
      ...(config.agents.skillsDir === undefined ? {} : { skillsDir: abs(config.agents.skillsDir) }),
    },
    bench: { ...config.bench, ...(config.bench.tasksDir === undefined ? {} : { tasksDir: abs(config.bench.tasksDir) }) },
    telemetry: {
      ...config.telemetry,
      ...(config.telemetry.decisionLog === undefined ? {} : { decisionLog: abs(config.telemetry.decisionLog) }),
    },
  };
}
