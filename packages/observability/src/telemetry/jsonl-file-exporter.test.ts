import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import { TelemetryExportError } from '../errors/telemetry-export-error.js';
import type { DecisionEvent } from './decision-events.js';
import { jsonlFileExporter } from './jsonl-file-exporter.js';

const event = (effort: 'low' | 'high'): DecisionEvent => ({
  schema: 'agent33.effort.decision/1',
  timestamp: '2026-01-01T00:00:00.000Z',
  routing: {
    effort,
    effort_source: 'request',
    token_multiplier: 1,
    estimated_token_budget: 10,
    estimated_cost: null,
    tenant_id: null,
    domain: 'ünïcode',
    policy_key: null,
    heuristic_confidence: null,
    heuristic_reasons: [],
    selected_model: 'm',
    routed_max_tokens: 10,
  },
});

describe('jsonlFileExporter', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('batches events into ordered appends and keeps non-ASCII text as is', async () => {
    dir = mkdtempSync(join(tmpdir(), 'agent33-jsonl-'));
    const path = join(dir, 'events.jsonl');
    const exporter = jsonlFileExporter(path, { batchMs: 5 });
    const writes = [exporter.export(event('low')), exporter.export(event('high')), exporter.export(event('low'))];
    await Promise.all(writes);
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as DecisionEvent).routing.effort)).toEqual(['low', 'high', 'low']);
    expect(lines[0]).toContain('ünïcode');
    await exporter.shutdown!();
    await expect(exporter.export(event('low'))).rejects.toSatisfy(TelemetryExportError.isInstance);
  });

  it('refuses events beyond maxQueue and serialisation failures', async () => {
    dir = mkdtempSync(join(tmpdir(), 'agent33-jsonl-'));
    const exporter = jsonlFileExporter(join(dir, 'e.jsonl'), { batchMs: 1000, maxQueue: 2 });
    const first = exporter.export(event('low'));
    const second = exporter.export(event('low'));
    await expect(exporter.export(event('low'))).rejects.toThrow(/queue full/);
    const circular = event('low') as DecisionEvent & { self?: unknown };
    circular.self = circular;
    await expect(exporter.export(circular)).rejects.toThrow(/Failed to serialize/);
    await exporter.flush!();
    await Promise.all([first, second]);
    expect(readFileSync(join(dir, 'e.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('validates its options', () => {
    dir = mkdtempSync(join(tmpdir(), 'agent33-jsonl-'));
    expect(() => jsonlFileExporter('')).toThrow(InvalidInputError);
    expect(() => jsonlFileExporter(join(dir, 'x'), { maxQueue: 0 })).toThrow(InvalidInputError);
    expect(() => jsonlFileExporter(join(dir, 'x'), { batchMs: Number.NaN })).toThrow(InvalidInputError);
  });
});
