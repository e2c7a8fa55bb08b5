import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent33Error } from '@agent33/observability';
import { describe, expect, it } from 'vitest';
import {
  IllegalTransitionError,
  LegacyFormatError,
  MigrationChecksumError,
  StoreConfigError,
  StoreConflictError,
  StoreCorruptError,
  StoreError,
  StoreNotFoundError,
  StoreUnavailableError,
  StoreValidationError,
  StoreVersionTooNewError,
  createMemoryStore,
  learningSink,
} from '../src/index.js';
import { openSqliteStore } from '../src/sqlite/index.js';
import { openPostgresStore } from '../src/postgres/index.js';

describe('errors', () => {
  it('every error is a StoreError and an Agent33Error with a STORE_ code', () => {
    const errors = [
      new IllegalTransitionError('a', 'b'),
      new LegacyFormatError('x'),
      new MigrationChecksumError('x', 't'),
      new StoreConfigError('o', 'x'),
      new StoreConflictError('x'),
      new StoreCorruptError('x', { path: '/p' }),
      new StoreNotFoundError('E', 'id'),
      new StoreUnavailableError('x'),
      new StoreValidationError('f', 'x'),
      new StoreVersionTooNewError('x', ['t']),
    ];
    for (const error of errors) {
      expect(StoreError.isInstance(error)).toBe(true);
      expect(Agent33Error.isInstance(error)).toBe(true);
      expect(error.code).toMatch(/^STORE_[A-Z_]+$/);
      expect(error.name).toBe(error.constructor.name);
    }
    expect(new Set(errors.map((e) => e.code)).size).toBe(errors.length);
    expect(StoreError.isInstance(new Error('plain'))).toBe(false);
  });

  it('invalid options fail at open with StoreConfigError naming the option', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'store-cfg-')), 'x.db');
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ path: '' }, 'path'],
      [{ path, durability: 'fast' }, 'durability'],
      [{ path, onCorruption: 'ignore' }, 'onCorruption'],
      [{ path, keepBackups: 0 }, 'keepBackups'],
      [{ path, walAutocheckpoint: -1 }, 'walAutocheckpoint'],
      [{ path, groupCommit: { maxRows: 0, maxDelayMs: 1 } }, 'groupCommit.maxRows'],
      [{ path, dedupeWindowMinutes: -1 }, 'dedupeWindowMinutes'],
      [{ path, legacy: { source: { kind: 'csv', path: 'x' }, mode: 'if-empty' } }, 'legacy.source.kind'],
      [{ path, retention: { maxAgeDays: 0 } }, 'retention.maxAgeDays'],
    ];
    for (const [options, option] of bad) {
      const error = await openSqliteStore(options as never).catch((e: unknown) => e);
      expect(error, option).toBeInstanceOf(StoreConfigError);
      expect((error as StoreConfigError).option).toBe(option);
    }
    // The reference's case-insensitive corruption modes are accepted.
    const store = await openSqliteStore({ path, onCorruption: 'RAISE' as never });
    await store.close();
    await expect(openPostgresStore({ db: {} as never })).rejects.toBeInstanceOf(StoreConfigError);
    expect(() => createMemoryStore({ groupCommit: { maxRows: 1, maxDelayMs: -1 } })).toThrow(StoreConfigError);
    expect(() => learningSink(createMemoryStore(), { maxQueue: 0 })).toThrow(StoreConfigError);
  });

  it('a closed store refuses calls with StoreUnavailableError', async () => {
    const store = createMemoryStore();
    await store.close();
    await expect(store.record({ summary: 'x' })).rejects.toBeInstanceOf(StoreUnavailableError);
    expect((await store.health()).status).toBe('closed');
  });

  it('group commit: concurrent record() calls resolve after their shared commit, each with its own row', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'store-gc-')), 'gc.db');
    const store = await openSqliteStore({ path, groupCommit: { maxRows: 16, maxDelayMs: 5 }, dedupeWindowMinutes: 0 });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.record({ summary: `group ${i}` })));
    expect(new Set(results.map((r) => r.signalId)).size).toBe(50);
    const dup = await Promise.allSettled([store.record({ summary: 'a', signalId: 'LS-same' }), store.record({ summary: 'b', signalId: 'LS-same' })]);
    expect(dup.map((d) => d.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await store.listSignals({ scope: { allTenants: true }, limit: 100 })).items).toHaveLength(51);
    await store.close();
  });
});
