import { ATTR, METRICS } from '@agent33/observability';
import { SpanStatusCode, metrics, trace, type Counter, type Histogram } from '@opentelemetry/api';

const SCOPE = '@agent33/improvement-store';

/**
 * Store telemetry through the OpenTelemetry API (no-ops until the host installs an SDK): one span per public
 * operation, the `agent33.store.*` instruments named in observability's `METRICS`.
 */
export class StoreTelemetry {
  private readonly tracer = trace.getTracer(SCOPE);
  private readonly ingested: Counter;
  private readonly corruption: Counter;
  private readonly backups: Counter;
  private readonly txDuration: Histogram;
  private readonly backupDuration: Histogram;

  constructor(private readonly backend: 'memory' | 'sqlite' | 'postgres') {
    const meter = metrics.getMeter(SCOPE);
    this.ingested = meter.createCounter(METRICS.storeSignalsIngested, { description: 'Learning signals written (inserted or merged)' });
    this.corruption = meter.createCounter(METRICS.storeCorruptionDetected, { description: 'Corruption detections' });
    this.backups = meter.createCounter(METRICS.storeBackupCompleted, { description: 'Completed backups' });
    this.txDuration = meter.createHistogram(METRICS.storeTransactionDuration, { unit: 's', description: 'Duration of store operations' });
    this.backupDuration = meter.createHistogram(METRICS.storeBackupDuration, { unit: 's', description: 'Duration of backups' });
  }

  /** Runs `fn` inside a span named after the operation and records its duration. */
  async span<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    const attributes = { [ATTR.storeOperation]: operation, [ATTR.storeBackend]: this.backend };
    return this.tracer.startActiveSpan(`store ${operation}`, { attributes }, async (span) => {
      const start = performance.now();
      try {
        return await fn();
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
        throw error;
      } finally {
        this.txDuration.record((performance.now() - start) / 1000, attributes);
        span.end();
      }
    });
  }

  signalsIngested(n: number): void {
    if (n > 0) this.ingested.add(n, { [ATTR.storeBackend]: this.backend });
  }

  corruptionDetected(reason: string): void {
    this.corruption.add(1, { [ATTR.storeBackend]: this.backend, reason });
  }

  backupCompleted(seconds: number, kind: string): void {
    this.backups.add(1, { [ATTR.storeBackend]: this.backend, kind });
    this.backupDuration.record(seconds, { [ATTR.storeBackend]: this.backend, kind });
  }

  /** Registers observable gauges for the database and WAL sizes. */
  observeSizes(read: () => { db: number; wal: number } | null): void {
    const meter = metrics.getMeter(SCOPE);
    const db = meter.createObservableGauge(METRICS.storeDbSize, { unit: 'By', description: 'Database file size' });
    const wal = meter.createObservableGauge(METRICS.storeWalSize, { unit: 'By', description: 'WAL file size' });
    meter.addBatchObservableCallback(
      (result) => {
        const sizes = read();
        if (!sizes) return;
        result.observe(db, sizes.db, { [ATTR.storeBackend]: this.backend });
        result.observe(wal, sizes.wal, { [ATTR.storeBackend]: this.backend });
      },
      [db, wal],
    );
  }
}
