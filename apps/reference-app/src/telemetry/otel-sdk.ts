import { context, metrics, trace, type Meter, type Tracer } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type IMetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { APP_NAME, APP_VERSION } from '../version.js';
import { AsyncLocalContextManager } from './context-manager.js';

/** What the app's OTel wiring needs to know. */
export interface OtelOptions {
  serviceName: string;
  prometheus: boolean;
  /** Base OTLP/HTTP endpoint (`…/v1/traces` and `…/v1/metrics` are appended); unset = no OTLP export. */
  otlpEndpoint?: string;
  /** Register as the global providers (the process entry does; tests may keep them local). Default true. */
  registerGlobal?: boolean;
  /** Keep the last spans in memory for the trace routes. Default 1000 (0 disables). */
  recentSpans?: number;
}

/** The running SDK: providers, the Prometheus scrape, recent spans, and shutdown. */
export interface OtelSdk {
  readonly meterProvider: MeterProvider;
  readonly tracerProvider: BasicTracerProvider;
  readonly meter: Meter;
  readonly tracer: Tracer;
  /** Prometheus text exposition of every instrument, or undefined when Prometheus is off. */
  scrape(): Promise<string | undefined>;
  /** Finished spans kept in memory (bounded), newest last. */
  recentSpans(): readonly ReadableSpan[];
  readonly exporters: readonly string[];
  shutdown(): Promise<void>;
}

/** A processor that keeps the newest `limit` finished spans in memory. */
class RingSpanProcessor implements SpanProcessor {
  private readonly spans: ReadableSpan[] = [];
  constructor(private readonly limit: number) {}
  onStart(): void {
    // Only finished spans are kept.
  }
  onEnd(span: ReadableSpan): void {
    this.spans.push(span);
    if (this.spans.length > this.limit) this.spans.splice(0, this.spans.length - this.limit);
  }
  list(): readonly ReadableSpan[] {
    return this.spans;
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    this.spans.length = 0;
    return Promise.resolve();
  }
}

/**
 * Starts the OpenTelemetry SDK: a meter provider with a pull-based Prometheus reader (served by the app's own
 * `/metrics` route, never a second port) and an optional OTLP/HTTP push reader; a tracer provider with an optional
 * OTLP/HTTP batch exporter and an in-memory ring for the trace routes. Registers an AsyncLocalStorage context manager
 * so spans nest across `await`.
 */
export function startOtelSdk(options: OtelOptions): OtelSdk {
  const resource = resourceFromAttributes({
    'service.name': options.serviceName,
    'service.version': APP_VERSION,
  });
  const readers: IMetricReader[] = [];
  const exporters: string[] = [];
  let prometheus: PrometheusExporter | undefined;
  if (options.prometheus) {
    prometheus = new PrometheusExporter({ preventServerStart: true });
    readers.push(prometheus);
    exporters.push('prometheus');
  }
  const otlp = options.otlpEndpoint?.replace(/\/+$/, '');
  if (otlp !== undefined) {
    readers.push(
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: `${otlp}/v1/metrics` }),
        exportIntervalMillis: 15_000,
      }),
    );
    exporters.push('otlp-metrics');
  }
  const meterProvider = new MeterProvider({ resource, readers });

  const ring = new RingSpanProcessor(options.recentSpans ?? 1000);
  const spanProcessors: SpanProcessor[] = [];
  if ((options.recentSpans ?? 1000) > 0) spanProcessors.push(ring);
  if (otlp !== undefined) {
    spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: `${otlp}/v1/traces` })));
    exporters.push('otlp-traces');
  }
  const tracerProvider = new BasicTracerProvider({ resource, spanProcessors });

  const registerGlobal = options.registerGlobal ?? true;
  if (registerGlobal) {
    context.setGlobalContextManager(new AsyncLocalContextManager());
    metrics.setGlobalMeterProvider(meterProvider);
    trace.setGlobalTracerProvider(tracerProvider);
  }
  const serializer = new PrometheusSerializer();
  return {
    meterProvider,
    tracerProvider,
    meter: meterProvider.getMeter(APP_NAME, APP_VERSION),
    tracer: tracerProvider.getTracer(APP_NAME, APP_VERSION),
    exporters,
    async scrape() {
      if (prometheus === undefined) return undefined;
      const { resourceMetrics } = await prometheus.collect();
      return serializer.serialize(resourceMetrics);
    },
    recentSpans: () => ring.list(),
    async shutdown() {
      await Promise.allSettled([meterProvider.shutdown(), tracerProvider.shutdown()]);
      if (registerGlobal) {
        metrics.disable();
        trace.disable();
        context.disable();
      }
    },
  };
}
