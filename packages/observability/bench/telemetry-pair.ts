// One (ours, peer) telemetry pair, run in a fresh child process so global OTel state and V8 feedback stay clean.
// Usage: telemetry-pair.ts <case> <iterations> <rounds> <warmupRounds>; prints one `PAIR {json}` line.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { metrics, trace, type Attributes, type Span } from '@opentelemetry/api';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Counter as PromCounter, Histogram as PromHistogram, Registry } from 'prom-client';
import { COST_BUCKETS, TOKEN_BUDGET_BUCKETS, createAgentTelemetry, createInProcessAggregator, type RoutingDecision } from '../src/index.js';
import { buildDecisions } from './decisions.js';

type Recorder = (decision: RoutingDecision) => unknown;

const decisions = buildDecisions();
let sink = 0;

function sdkMeterProvider(): MeterProvider {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  return new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 })] });
}

const bare: Recorder = (decision) => {
  sink += decision.maxTokens + decision.estimatedTokenBudget + (decision.effort === 'high' ? 1 : 0);
};

/** The same three instruments written by hand with raw API calls. */
function rawInstruments(provider?: MeterProvider): Recorder {
  const meter = provider ? provider.getMeter('raw') : metrics.getMeter('raw');
  const decisionsCounter = meter.createCounter('raw.effort.decisions');
  const budget = meter.createHistogram('raw.effort.token_budget', { advice: { explicitBucketBoundaries: [...TOKEN_BUDGET_BUCKETS] } });
  const cost = meter.createHistogram('raw.effort.estimated_cost', { advice: { explicitBucketBoundaries: [...COST_BUCKETS] } });
  return (decision) => {
    decisionsCounter.add(1, { 'agent33.effort.level': decision.effort, 'agent33.effort.source': decision.source, 'agent33.effort.routing_enabled': decision.routingEnabled });
    budget.record(decision.estimatedTokenBudget, { 'agent33.effort.level': decision.effort, 'agent33.effort.source': decision.source });
    if (decision.cost !== null) cost.record(decision.cost.usd, { 'agent33.effort.level': decision.effort, 'agent33.effort.source': decision.source });
  };
}

function rawApiNoop(): Recorder {
  const record = rawInstruments();
  return (decision) => {
    record(decision);
    trace.getActiveSpan();
  };
}

function promClient(): Recorder {
  const registry = new Registry();
  const counter = new PromCounter({ name: 'effort_decisions', help: 'decisions', labelNames: ['level', 'source', 'routing_enabled'], registers: [registry] });
  const histogram = new PromHistogram({ name: 'effort_token_budget', help: 'budget', labelNames: ['level', 'source', 'routing_enabled'], buckets: [...TOKEN_BUDGET_BUCKETS], registers: [registry] });
  return (decision) => {
    const labels = { level: decision.effort, source: decision.source, routing_enabled: String(decision.routingEnabled) };
    counter.inc(labels);
    histogram.observe(labels, decision.estimatedTokenBudget);
  };
}

function recordingSpan(): Span {
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new InMemorySpanExporter())] });
  return provider.getTracer('bench').startSpan('invoke_agent bench');
}

function spanAttributes(decision: RoutingDecision): Attributes {
  return {
    'gen_ai.operation.name': 'invoke_agent',
    'gen_ai.request.model': decision.model,
    'gen_ai.request.max_tokens': decision.maxTokens,
    'agent33.effort.level': decision.effort,
    'agent33.effort.source': decision.source,
    'agent33.effort.routing_enabled': decision.routingEnabled,
    'agent33.effort.token_multiplier': decision.tokenMultiplier,
    'agent33.effort.token_budget': decision.estimatedTokenBudget,
  };
}

const PAIRS: Record<string, () => { ours: Recorder; peer: Recorder }> = {
  'B1-disabled': () => {
    const telemetry = createAgentTelemetry({ enabled: false });
    return { ours: (decision) => telemetry.recordRoutingDecision(decision), peer: bare };
  },
  'B2-api-noop-vs-bare': () => {
    const telemetry = createAgentTelemetry();
    return { ours: (decision) => telemetry.recordRoutingDecision(decision), peer: bare };
  },
  'B2-api-noop': () => {
    const telemetry = createAgentTelemetry();
    return { ours: (decision) => telemetry.recordRoutingDecision(decision), peer: rawApiNoop() };
  },
  'B3-sdk-metrics': () => {
    const telemetry = createAgentTelemetry({ meterProvider: sdkMeterProvider() });
    return { ours: (decision) => telemetry.recordRoutingDecision(decision), peer: rawInstruments(sdkMeterProvider()) };
  },
  'B3-sdk-metrics-vs-prom': () => {
    const telemetry = createAgentTelemetry({ meterProvider: sdkMeterProvider() });
    return { ours: (decision) => telemetry.recordRoutingDecision(decision), peer: promClient() };
  },
  'B4-sdk-span': () => {
    const telemetry = createAgentTelemetry({ meterProvider: sdkMeterProvider() });
    const ourSpan = recordingSpan();
    const raw = rawInstruments(sdkMeterProvider());
    const peerSpan = recordingSpan();
    return {
      ours: (decision) => telemetry.recordRoutingDecision(decision, { span: ourSpan }),
      peer: (decision) => {
        raw(decision);
        if (peerSpan.isRecording()) peerSpan.setAttributes(spanAttributes(decision));
      },
    };
  },
  'B5-sdk-aggregator': () => {
    const withAggregator = createAgentTelemetry({ meterProvider: sdkMeterProvider(), aggregator: createInProcessAggregator() });
    const without = createAgentTelemetry({ meterProvider: sdkMeterProvider() });
    return { ours: (decision) => withAggregator.recordRoutingDecision(decision), peer: (decision) => without.recordRoutingDecision(decision) };
  },
};

const require = createRequire(import.meta.url);
function versionOf(name: string): string {
  // Some packages do not export package.json: walk up from the entry point to the manifest with that name.
  try {
    let directory = dirname(require.resolve(name));
    while (directory !== dirname(directory)) {
      try {
        const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { name?: string; version: string };
        if (manifest.name === name) return manifest.version;
      } catch {
        // No manifest at this level.
      }
      directory = dirname(directory);
    }
  } catch {
    // Not installed.
  }
  return 'unknown';
}

function round(record: Recorder, iterations: number): number {
  const start = process.hrtime.bigint();
  for (let index = 0; index < iterations; index += 1) record(decisions[index & 63]!);
  return Number(process.hrtime.bigint() - start) / iterations;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const [name = '', iterationsArg = '2000000', roundsArg = '7', warmupArg = '3'] = process.argv.slice(2);
const factory = PAIRS[name];
if (!factory) throw new Error(`unknown pair ${name}; known: ${Object.keys(PAIRS).join(', ')}`);
const { ours, peer } = factory();
const iterations = Number(iterationsArg);
const ourRounds: number[] = [];
const peerRounds: number[] = [];
const rounds = Number(roundsArg);
const warmup = Number(warmupArg);
for (let index = 0; index < warmup + rounds; index += 1) {
  // Alternate which side runs first so neither always gets the warmer cache.
  const first = index % 2 === 0 ? round(ours, iterations) : round(peer, iterations);
  const second = index % 2 === 0 ? round(peer, iterations) : round(ours, iterations);
  if (index < warmup) continue;
  ourRounds.push(index % 2 === 0 ? first : second);
  peerRounds.push(index % 2 === 0 ? second : first);
}
console.log(
  'PAIR ' +
    JSON.stringify({
      case: name,
      iterations,
      rounds,
      ours: { median: median(ourRounds), min: Math.min(...ourRounds), max: Math.max(...ourRounds) },
      peer: { median: median(peerRounds), min: Math.min(...peerRounds), max: Math.max(...peerRounds) },
      node: process.version,
      versions: Object.fromEntries(['@opentelemetry/api', '@opentelemetry/sdk-metrics', '@opentelemetry/sdk-trace-base', 'prom-client'].map((name) => [name, versionOf(name)])),
      cpu: cpus()[0]?.model ?? 'unknown',
      sink,
    }),
);
