import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { LegacyFormatError } from '../errors/legacy-format-error.js';
import type { LegacySource } from '../store/types.js';
import { parseLegacyState, type LegacyState } from './parse.js';

/** A legacy source read and parsed, with the sha-256 of its bytes (the import receipt key). */
export interface ReadLegacySource {
  parsed: LegacyState;
  format: 'state' | 'envelope-v1' | 'legacy-sqlite';
  sha256: string;
}

interface ReadonlyDb {
  prepare(sql: string): { get(...params: unknown[]): unknown };
  close(): void;
}

/**
 * Reads a legacy source without modifying it: JSON files are read whole; a legacy SQLite file is opened read-only
 * (better-sqlite3 is loaded only for this case) and row 1 of `learning_signal_state` is parsed.
 */
export async function readLegacySource(source: LegacySource): Promise<ReadLegacySource> {
  if (typeof source !== 'object' || source === null || typeof source.path !== 'string' || source.path.length === 0) {
    throw new LegacyFormatError('A legacy source needs a kind and a path');
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(source.path);
  } catch (error) {
    throw new LegacyFormatError(`Cannot read legacy source ${source.path}: ${(error as Error).message}`, source.path, error);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (source.kind === 'json-file' || source.kind === 'backup-file') {
    const parsed = parseLegacyState(bytes.toString('utf8'), source.path);
    return { parsed, format: parsed.format, sha256 };
  }
  if (source.kind !== 'legacy-sqlite') throw new LegacyFormatError(`Unknown legacy source kind: ${String((source as { kind: unknown }).kind)}`, (source as { path: string }).path);
  const { default: Database } = (await import('better-sqlite3')) as unknown as { default: new (path: string, o: object) => ReadonlyDb };
  let db: ReadonlyDb | null = null;
  try {
    db = new Database(source.path, { readonly: true, fileMustExist: true });
    const row = db.prepare('SELECT payload FROM learning_signal_state WHERE state_key = 1').get() as { payload: unknown } | undefined;
    if (!row) return { parsed: parseLegacyState('', source.path), format: 'legacy-sqlite', sha256 };
    if (typeof row.payload !== 'string' || row.payload.trim().length === 0) {
      throw new LegacyFormatError(`Corrupted learning-signal persistence payload in SQLite: ${source.path}`, source.path);
    }
    return { parsed: parseLegacyState(row.payload, source.path), format: 'legacy-sqlite', sha256 };
  } catch (error) {
    if (error instanceof LegacyFormatError) throw error;
    throw new LegacyFormatError(`Corrupted learning-signal SQLite database: ${source.path} (${(error as Error).message})`, source.path, error);
  } finally {
    db?.close();
  }
}
