import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import { TelemetryExportError } from '../errors/telemetry-export-error.js';
import type { DecisionEvent, DecisionEventExporter } from './decision-events.js';

/** Options of {@link jsonlFileExporter}. */
export interface JsonlFileExporterOptions {
  /** How long events gather before one append (ms). 0 writes on the next tick. Default 50. */
  batchMs?: number;
  /** Events waiting to be written before `export` refuses new ones. Default 10 000. */
  maxQueue?: number;
}

interface Batch {
  lines: string[];
  done: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A fail-open caller may never look at the promise; the rejection is still reported through export().
  done.catch(() => undefined);
  return { lines: [], done, resolve, reject };
}

/**
 * Appends one JSON line per event to `path` (parent directories created), off the hot path: `export` serialises
 * and enqueues, and a single writer appends whole batches in order. The promise `export` returns settles when the
 * event's batch is on disk, so a fail-closed caller waits for the write and a fail-open caller can ignore it.
 * Serialisation and write failures reject with {@link TelemetryExportError} ("Failed to serialize…" /
 * "Failed to write…"), as does a full queue.
 */
export function jsonlFileExporter(path: string, options: JsonlFileExporterOptions = {}): DecisionEventExporter {
  if (typeof path !== 'string' || path.trim() === '') throw new InvalidInputError('path', 'must be a non-empty string');
  const batchMs = options.batchMs ?? 50;
  const maxQueue = options.maxQueue ?? 10_000;
  if (!Number.isFinite(batchMs) || batchMs < 0) throw new InvalidInputError('batchMs', 'must be a finite number ≥ 0');
  if (!Number.isInteger(maxQueue) || maxQueue < 1) throw new InvalidInputError('maxQueue', 'must be an integer ≥ 1');
  const name = 'jsonl_file';

  let current: Batch | undefined;
  let queued = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();
  let directoryReady = false;
  let closed = false;

  const writeBatch = (batch: Batch): Promise<void> => {
    writing = writing.then(async () => {
      try {
        if (!directoryReady) {
          await mkdir(dirname(path), { recursive: true });
          directoryReady = true;
        }
        await appendFile(path, batch.lines.join(''), 'utf8');
        batch.resolve();
      } catch (cause) {
        batch.reject(new TelemetryExportError(`Failed to write effort telemetry event to ${path}`, { exporter: name, cause }));
      } finally {
        queued -= batch.lines.length;
      }
    });
    return batch.done;
  };

  const flushNow = (): Promise<void> => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const batch = current;
    current = undefined;
    if (batch) void writeBatch(batch);
    return writing;
  };

  return {
    name,
    export(event: DecisionEvent): Promise<void> {
      if (closed) return Promise.reject(new TelemetryExportError('Exporter is shut down', { exporter: name }));
      let line: string;
      try {
        line = JSON.stringify(event) + '\n';
      } catch (cause) {
        return Promise.reject(new TelemetryExportError('Failed to serialize effort telemetry event', { exporter: name, cause }));
      }
      if (queued >= maxQueue) {
        return Promise.reject(new TelemetryExportError(`Export queue full (${maxQueue} events)`, { exporter: name }));
      }
      current ??= newBatch();
      current.lines.push(line);
      queued += 1;
      if (timer === undefined) {
        timer = setTimeout(() => void flushNow(), batchMs);
        timer.unref?.();
      }
      return current.done;
    },
    flush: () => flushNow(),
    async shutdown() {
      await flushNow();
      closed = true;
    },
  };
}
