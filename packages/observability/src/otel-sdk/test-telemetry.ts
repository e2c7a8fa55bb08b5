import { context, type Meter, type Tracer } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type DataPoint,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { createAgentTelemetry } from '../telemetry/agent-telemetry.js';
import type { AgentTelemetry, ObservabilityOptions } from '../telemetry/types.js';
import { AsyncLocalStorageContextManager } from './async-local-storage-context-manager.js';

/** Options of {@link createTestTelemetry}. */
export interface TestTelemetryOptions {
  /** Passed to `createAgentTelemetry` (providers are filled in). */
  telemetry?: Omit<ObservabilityOptions, 'meterProvider' | 'tracerProvider'>;
  /** Register an AsyncLocalStorage context manager globally (needed for parent/child spans). Default true. */
  contextManager?: boolean;
  /** Metric temporality of the in-memory exporter. Default CUMULATIVE. */
  temporality?: AggregationTemporality;
}

/** Real OpenTelemetry SDK providers with in-memory exporters, and helpers to read what was recorded. */
export interface TestTelemetry {
  readonly meterProvider: MeterProvider;
  readonly tracerProvider: BasicTracerProvider;
  readonly metricReader: PeriodicExportingMetricReader;
  readonly metricExporter: InMemoryMetricExporter;
  readonly spanExporter: InMemorySpanExporter;
  /** An `AgentTelemetry` wired to these providers (never registered globally). */
  readonly telemetry: AgentTelemetry;
  /** A tracer of the test provider, for code under test that takes a tracer. */
  tracer(name?: string, version?: string): Tracer;
  /** A meter of the test provider. */
  meter(name?: string, version?: string): Meter;
  /** Forces a collection and returns every exported batch. */
  collect(): Promise<ResourceMetrics[]>;
  /** The latest data of metric `name` across scopes, or undefined. */
  metric(name: string): Promise<MetricData | undefined>;
  /** The data points of metric `name` (empty when absent). */
  dataPoints<T = unknown>(name: string): Promise<DataPoint<T>[]>;
  /** Ended spans, oldest first. */
  spans(): ReadableSpan[];
  /** Ended spans with this exact name (or whose name starts with `prefix ` when `prefix` is true). */
  spansNamed(name: string, prefix?: boolean): ReadableSpan[];
  /** Forgets exported spans and metrics. */
  reset(): void;
  /** Shuts both providers down. */
  shutdown(): Promise<void>;
}

let contextManagerRegistered = false;

/**
 * Builds real SDK providers (MeterProvider with a PeriodicExportingMetricReader over an InMemoryMetricExporter,
 * hour-long interval so only explicit collections export; BasicTracerProvider with a SimpleSpanProcessor over an
 * InMemorySpanExporter) and an `AgentTelemetry` wired to them explicitly. Nothing is registered globally except,
 * once per process, an AsyncLocalStorage context manager so spans nest across `await`.
 */
export function createTestTelemetry(options: TestTelemetryOptions = {}): TestTelemetry {
  if ((options.contextManager ?? true) && !contextManagerRegistered) {
    // setGlobalContextManager refuses a second registration; a host that registered one already keeps it.
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    contextManagerRegistered = true;
  }
  const metricExporter = new InMemoryMetricExporter(options.temporality ?? AggregationTemporality.CUMULATIVE);
  const metricReader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [metricReader] });
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spanExporter)] });
  const telemetry = createAgentTelemetry({ ...options.telemetry, meterProvider, tracerProvider });

  const collect = async (): Promise<ResourceMetrics[]> => {
    await metricReader.forceFlush();
    return metricExporter.getMetrics();
  };
  const metric = async (name: string): Promise<MetricData | undefined> => {
    const batches = await collect();
    for (const batch of [...batches].reverse()) {
      for (const scope of batch.scopeMetrics) {
        const found = scope.metrics.find((data) => data.descriptor.name === name);
        if (found) return found;
      }
    }
    return undefined;
  };

  return {
    meterProvider,
    tracerProvider,
    metricReader,
    metricExporter,
    spanExporter,
    telemetry,
    tracer: (name = 'test', version) => tracerProvider.getTracer(name, version),
    meter: (name = 'test', version) => meterProvider.getMeter(name, version),
    collect,
    metric,
    dataPoints: async <T = unknown>(name: string) => ((await metric(name))?.dataPoints ?? []) as DataPoint<T>[],
    spans: () => spanExporter.getFinishedSpans(),
    spansNamed: (name, prefix = false) => spanExporter.getFinishedSpans().filter((span) => (prefix ? span.name === name || span.name.startsWith(`${name} `) : span.name === name)),
    reset: () => {
      spanExporter.reset();
      metricExporter.reset();
    },
    shutdown: async () => {
      await telemetry.shutdown();
      await Promise.allSettled([meterProvider.shutdown(), tracerProvider.shutdown()]);
    },
  };
}
