import { createHash } from 'node:crypto';
import { LegacyFormatError } from '../errors/legacy-format-error.js';
import { field, parseLossless, pythonCompactSorted, type JsonNode } from './lossless-json.js';

/** The reference's persisted learning state (snake_case, as Pydantic dumped it). */
export interface LegacyStateDocument {
  signals: Record<string, unknown>[];
  generated_intakes: Record<string, unknown>[];
  signal_intake_map: Record<string, string>;
  metrics_snapshots: Record<string, unknown>[];
}

/** A parsed legacy document: a raw state (file store or raw backup) or a verified v1 backup envelope. */
export interface LegacyState {
  format: 'state' | 'envelope-v1';
  state: LegacyStateDocument;
  /** Envelope metadata when `format` is `envelope-v1`. */
  envelope?: { createdAt: string | null; checksumSha256: string; counts: { signals: number; intakes: number; map: number } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toState(value: unknown, path?: string): LegacyStateDocument {
  if (!isRecord(value)) throw new LegacyFormatError('Legacy state must be a JSON object', path);
  const list = (key: string): Record<string, unknown>[] => {
    const v = value[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || !v.every(isRecord)) throw new LegacyFormatError(`Legacy state field ${key} must be a list of objects`, path);
    return v;
  };
  const map = value.signal_intake_map ?? {};
  if (!isRecord(map) || !Object.values(map).every((v) => typeof v === 'string')) {
    throw new LegacyFormatError('Legacy state field signal_intake_map must map ids to ids', path);
  }
  const known = new Set(['signals', 'generated_intakes', 'signal_intake_map', 'metrics_snapshots']);
  const unknown = Object.keys(value).filter((k) => !known.has(k));
  if (unknown.length > 0) throw new LegacyFormatError(`Legacy state has unknown fields: ${unknown.join(', ')}`, path);
  return { signals: list('signals'), generated_intakes: list('generated_intakes'), signal_intake_map: map as Record<string, string>, metrics_snapshots: list('metrics_snapshots') };
}

/**
 * Parses the reference's learning state in any of its shapes: the file store's document, a raw backup (same shape),
 * or the later backup envelope v1 `{format_version, created_at, signal_count, intake_count,
 * signal_intake_map_count, checksum_sha256, state}`. For an envelope the version, the three counts and the sha-256
 * over Python's compact sorted-key serialisation of `state` are verified exactly. A blank text is an empty state.
 */
export function parseLegacyState(text: string, path?: string): LegacyState {
  if (typeof text !== 'string') throw new LegacyFormatError('Legacy state must be text', path);
  if (text.trim().length === 0) return { format: 'state', state: toState({}, path) };
  let node: JsonNode;
  let value: unknown;
  try {
    node = parseLossless(text);
    value = JSON.parse(text);
  } catch (error) {
    throw new LegacyFormatError(`Legacy state is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, path, error);
  }
  if (!isRecord(value)) throw new LegacyFormatError('Legacy state must be a JSON object', path);
  const looksLikeEnvelope = 'state' in value || 'checksum_sha256' in value || 'format_version' in value;
  if (!looksLikeEnvelope) return { format: 'state', state: toState(value, path) };

  if (!('format_version' in value)) throw new LegacyFormatError('Backup envelope has no format_version', path);
  if (value.format_version !== 1) throw new LegacyFormatError(`Unsupported backup envelope format_version: ${JSON.stringify(value.format_version)}`, path);
  const stateNode = field(node, 'state');
  if (!stateNode || !isRecord(value.state)) throw new LegacyFormatError('Backup envelope has no state object', path);
  const state = toState(value.state, path);
  const counts = { signals: value.signal_count, intakes: value.intake_count, map: value.signal_intake_map_count };
  const actual = { signals: state.signals.length, intakes: state.generated_intakes.length, map: Object.keys(state.signal_intake_map).length };
  for (const key of ['signals', 'intakes', 'map'] as const) {
    if (counts[key] !== actual[key]) {
      throw new LegacyFormatError(`Backup envelope count mismatch for ${key}: header says ${JSON.stringify(counts[key])}, state has ${actual[key]}`, path);
    }
  }
  if (typeof value.checksum_sha256 !== 'string') throw new LegacyFormatError('Backup envelope has no checksum_sha256', path);
  const digest = createHash('sha256').update(pythonCompactSorted(stateNode), 'utf8').digest('hex');
  if (digest !== value.checksum_sha256.toLowerCase()) {
    throw new LegacyFormatError(`Backup envelope checksum mismatch: expected ${value.checksum_sha256}, computed ${digest}`, path);
  }
  return {
    format: 'envelope-v1',
    state,
    envelope: {
      createdAt: typeof value.created_at === 'string' ? value.created_at : null,
      checksumSha256: digest,
      counts: { signals: actual.signals, intakes: actual.intakes, map: actual.map },
    },
  };
}
