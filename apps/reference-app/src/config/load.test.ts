import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { loadConfig } from './load.js';

const cwd = '/srv/app';

function failure(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults to one machine: SQLite under ./.agent33, loopback server, local Ollama-style provider', () => {
    const config = loadConfig({ env: {}, cwd });
    expect(config.dataDir).toBe('/srv/app/.agent33');
    expect(config.store.path).toBe('/srv/app/.agent33/agent33.db');
    expect(config.store.backupDir).toBe('/srv/app/.agent33/backups');
    expect(config.server.host).toBe('127.0.0.1');
    expect(config.server.port).toBe(8033);
    expect(config.model).toMatchObject({ demo: false, baseUrl: 'http://127.0.0.1:11434/v1', name: 'llama3.2' });
    expect(config.connectors.policyPack).toBe('default');
  });

  it('reads the environment with typed parsing', () => {
    const config = loadConfig({
      env: { AGENT33_PORT: '9000', AGENT33_DEMO: 'true', AGENT33_DATA_DIR: '/var/lib/a33', AGENT33_METRICS_AUTH: '1' },
      cwd,
    });
    expect(config.server.port).toBe(9000);
    expect(config.model.demo).toBe(true);
    expect(config.store.path).toBe('/var/lib/a33/agent33.db');
    expect(config.server.metricsAuth).toBe(true);
  });

  it('names the bad key and the variable it came from', () => {
    const error = failure(() => loadConfig({ env: { AGENT33_PORT: 'eighty' }, cwd }));
    expect(error.code).toBe('APP_BAD_CONFIG');
    expect(error.issues).toEqual([
      { key: 'server.port', source: 'env AGENT33_PORT', message: 'expected an integer, got "eighty"' },
    ]);
    expect(error.message).toContain('server.port (from env AGENT33_PORT)');
  });

  it('reports out-of-range values, unknown keys and bad URLs from a file with the file as source', () => {
    const dir = mkdtempSync(join(tmpdir(), 'a33-config-'));
    const file = join(dir, 'agent33.json');
    writeFileSync(file, JSON.stringify({ server: { port: 70_000, colour: 'blue' }, model: { baseUrl: 'ftp://x' } }));
    const error = failure(() => loadConfig({ env: {}, file, cwd: dir }));
    const keys = error.issues.map((i) => i.key).sort();
    expect(keys).toEqual(['model.baseUrl', 'server.colour', 'server.port']);
    for (const issue of error.issues) expect(issue.source).toBe(`file ${file}`);
  });

  it('lets the environment override the file and flags override both', () => {
    const dir = mkdtempSync(join(tmpdir(), 'a33-config-'));
    const file = join(dir, 'agent33.json');
    writeFileSync(file, JSON.stringify({ server: { port: 1111, host: '::1' }, model: { name: 'qwen' } }));
    const config = loadConfig({
      env: { AGENT33_CONFIG: file, AGENT33_PORT: '2222' },
      overrides: { 'model.name': 'mistral' },
      cwd: dir,
    });
    expect(config.server).toMatchObject({ port: 2222, host: '::1' });
    expect(config.model.name).toBe('mistral');
  });

  it('rejects a malformed JSON variable and a token list of the wrong shape', () => {
    const bad = failure(() => loadConfig({ env: { AGENT33_TOKENS: '[{' }, cwd }));
    expect(bad.issues[0]?.key).toBe('server.tokens');
    const shape = failure(() => loadConfig({ env: { AGENT33_TOKENS: '[{"token":"short","scopes":["admin"]}]' }, cwd }));
    expect(shape.issues[0]).toMatchObject({ key: 'server.tokens.0.token', source: 'env AGENT33_TOKENS' });
  });

  it('reports a missing file and a file that is not an object', () => {
    const missing = failure(() => loadConfig({ env: {}, file: '/nonexistent/a33.json', cwd }));
    expect(missing.issues[0]?.message).toMatch(/cannot read/);
    const dir = mkdtempSync(join(tmpdir(), 'a33-config-'));
    writeFileSync(join(dir, 'a.json'), '[1,2]');
    const notObject = failure(() => loadConfig({ env: {}, file: 'a.json', cwd: dir }));
    expect(notObject.issues[0]?.message).toMatch(/JSON object/);
  });
});
