// B8: the JSONL decision exporter: enqueue cost on the hot path against an awaited fs.promises.appendFile of the
// same line, and sustained events per second through each.
import { mkdtempSync, rmSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchCase } from '../../../tools/bench/harness.js';
import { jsonlFileExporter, toRoutingMetadataV1, type DecisionEvent, type DecisionEventExporter } from '../src/index.js';
import { buildDecisions } from './decisions.js';

const events: DecisionEvent[] = buildDecisions().map((decision) => ({ schema: 'agent33.effort.decision/1', timestamp: '2026-11-24T00:00:00.000Z', routing: toRoutingMetadataV1(decision) }));
let dir = '';
let exporter: DecisionEventExporter | undefined;
let index = 0;
const SUSTAINED = 20_000;

export const cases: BenchCase[] = [
  {
    name: 'B8-jsonl-enqueue',
    batch: 200,
    unit: 'ns',
    setup: () => {
      dir = mkdtempSync(join(tmpdir(), 'agent33-bench-'));
      exporter = jsonlFileExporter(join(dir, 'ours.jsonl'), { batchMs: 20, maxQueue: 10_000_000 });
    },
    teardown: async () => {
      await exporter?.shutdown?.();
      rmSync(dir, { recursive: true, force: true });
    },
    ours: () => {
      void (exporter!.export(events[(index += 1) & 63]!) as Promise<void>).catch(() => undefined);
    },
    peer: { name: 'fs.appendFile-awaited', run: () => appendFile(join(dir, 'peer.jsonl'), JSON.stringify(events[(index += 1) & 63]) + '\n') },
  },
  {
    name: 'B8-jsonl-sustained',
    peerName: 'fs.appendFile-sequential',
    unit: 'events/s',
    higherIsBetter: true,
    measure: async () => {
      const target = mkdtempSync(join(tmpdir(), 'agent33-bench-'));
      try {
        const ours = jsonlFileExporter(join(target, 'ours.jsonl'), { batchMs: 5, maxQueue: SUSTAINED * 2 });
        let start = process.hrtime.bigint();
        const pending: Array<void | Promise<void>> = [];
        for (let count = 0; count < SUSTAINED; count += 1) pending.push(ours.export(events[count & 63]!));
        await Promise.all(pending);
        await ours.shutdown?.();
        const oursSeconds = Number(process.hrtime.bigint() - start) / 1e9;
        start = process.hrtime.bigint();
        for (let count = 0; count < SUSTAINED; count += 1) await appendFile(join(target, 'peer.jsonl'), JSON.stringify(events[count & 63]) + '\n');
        const peerSeconds = Number(process.hrtime.bigint() - start) / 1e9;
        return { ours: SUSTAINED / oursSeconds, peer: SUSTAINED / peerSeconds };
      } finally {
        rmSync(target, { recursive: true, force: true });
      }
    },
  },
];
