import { mkdirSync } from 'node:fs';
import { learningSink, memoryRecall, runCheckpointer, type StoreLearningSink } from '@agent33/improvement-store';
import { createInMemoryTraceStore, systemClock, type Clock } from '@agent33/observability';
import type { Hono } from 'hono';
import { BenchService } from '../bench/bench-service.js';
import { resolveTokens } from '../config/credentials.js';
import type { AppConfig, TokenConfig } from '../config/index.js';
import { createHttpApp, type HttpVars } from '../http/app.js';
import { TokenAuthenticator } from '../http/auth.js';
import type { RouteSpec } from '../http/route.js';
import { adminRoutes } from '../http/routes/admin.js';
import { agentRoutes } from '../http/routes/agents.js';
import { connectorRoutes } from '../http/routes/connectors.js';
import { evaluationRoutes } from '../http/routes/evaluations.js';
import { healthRoutes } from '../http/routes/health.js';
import { improvementProcessRoutes } from '../http/routes/improvement-process.js';
import { improvementRoutes } from '../http/routes/improvements.js';
import { infoRoutes } from '../http/routes/info.js';
import { metricsRoutes } from '../http/routes/metrics.js';
import { alertRoutes, observabilityRoutes } from '../http/routes/observability.js';
import { skillsbenchRoutes } from '../http/routes/skillsbench.js';
import { traceRoutes } from '../http/routes/traces.js';
import { composeAlerts } from '../observability/alerts-part.js';
import { EffortTally } from '../observability/effort-tally.js';
import { traceHooks } from '../observability/trace-hooks.js';
import { httpMetrics } from '../telemetry/http-metrics.js';
import { startOtelSdk, type OtelSdk } from '../telemetry/otel-sdk.js';
import { appTools } from './app-tools.js';
import { ComponentBoard } from './components.js';
import { composeConnectors, type ConnectorsPart } from './connectors-part.js';
import { appSignalMapper } from './learning.js';
import { consoleLogger, type Logger } from './logger.js';
import { composeRuntime, type RuntimePart } from './runtime-part.js';
import { composeStore, type StorePart } from './store-part.js';
import { seedDataDir, seededPaths, type SeedReport } from './seed.js';

/** Options for composing the app (tests inject a clock, a logger, and keep OTel providers local). */
export interface ComposeOptions {
  clock?: Clock;
  logger?: Logger;
  /** Register the OTel providers globally (the process entry does). Default true. */
  registerGlobalTelemetry?: boolean;
  /** Environment for provider keys and effort settings. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Probe the model server before returning (startup warning when it is down). Default true. */
  probeModel?: boolean;
}

/** The composed application: configuration, telemetry, component states, HTTP app, and shutdown. */
export interface ComposedApp {
  readonly config: AppConfig;
  readonly otel: OtelSdk;
  readonly board: ComponentBoard;
  readonly tokens: readonly TokenConfig[];
  /** Where generated tokens were written, when they were. */
  readonly credentialsFile?: string;
  readonly routes: readonly RouteSpec[];
  readonly http: Hono<HttpVars>;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly seed: SeedReport;
  readonly runtime: RuntimePart;
  readonly store: StorePart;
  /** The runtime's learning sink into the store (flushed at close). */
  readonly learning: StoreLearningSink;
  readonly bench: BenchService;
  readonly connectors: ConnectorsPart;
  close(): Promise<void>;
}

/**
 * Composes the libraries under one configuration: telemetry first (so every later instrument reports), then the
 * store, connectors, runtime and benchmark harness, then the HTTP routes over them. Owns only configuration,
 * transport and process concerns.
 */
export async function composeApp(config: AppConfig, options: ComposeOptions = {}): Promise<ComposedApp> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? consoleLogger;
  const startedAt = clock.now();
  mkdirSync(config.dataDir, { recursive: true });

  const otel = startOtelSdk({
    serviceName: config.telemetry.serviceName,
    prometheus: config.telemetry.prometheus,
    ...(config.telemetry.otlpEndpoint === undefined ? {} : { otlpEndpoint: config.telemetry.otlpEndpoint }),
    registerGlobal: options.registerGlobalTelemetry ?? true,
  });
  const board = new ComponentBoard();
  board.set({
    name: 'telemetry',
    state: 'ready',
    detail: `OpenTelemetry SDK (${otel.exporters.join(', ') || 'no exporters'})`,
    required: false,
  });

  const closers: Array<() => Promise<void>> = [];
  const shutdown = async (): Promise<void> => {
    for (const close of closers.reverse()) await close().catch((e: unknown) => logger.error('shutdown step failed', e));
    await otel.shutdown();
  };
  try {
    return await composeParts(config, options, { clock, logger, startedAt, otel, board, closers, shutdown });
  } catch (error) {
    // A part that fails to start must not leave the store open or the OTel providers registered.
    await shutdown();
    throw error;
  }
}

interface Shared {
  clock: Clock;
  logger: Logger;
  startedAt: number;
  otel: OtelSdk;
  board: ComponentBoard;
  closers: Array<() => Promise<void>>;
  shutdown: () => Promise<void>;
}

async function composeParts(config: AppConfig, options: ComposeOptions, shared: Shared): Promise<ComposedApp> {
  const { clock, logger, startedAt, otel, board, closers } = shared;
  const { tokens, path: credentialsFile } = resolveTokens(config.server.tokens, config.dataDir);
  const env = options.env ?? process.env;

  const seed = config.seed
    ? seedDataDir(config.dataDir, () => clock.now())
    : { seeded: false, ...seededPaths(config.dataDir), agents: [], skills: [], tasks: [] };
  const agentsDir = config.agents.dir ?? seed.agentsDir;
  mkdirSync(agentsDir, { recursive: true });

  const storePart = await composeStore(config, board, logger, clock);
  closers.push(() => storePart.close());
  // Every runtime event lands in the store's run events; the mapper picks the ones that become learning signals.
  const sink = learningSink(storePart.store, { toSignal: appSignalMapper });
  closers.push(() => sink.flush());
  const connectors = composeConnectors(config, env, board, logger, clock);
  closers.push(() => connectors.close());
  const effort = new EffortTally(() => clock.now());
  const traces = createInMemoryTraceStore({ clock });
  const alerts = composeAlerts({ env, clock, meter: otel.meter, logger, board, intervalMs: config.telemetry.alertIntervalMs });
  closers.push(async () => alerts.stop());
  const runtime = await composeRuntime({
    config,
    agentsDir,
    skillsDir: config.agents.skillsDir ?? seed.skillsDir,
    env,
    board,
    logger,
    clock,
    hooks: [effort.hooks(), traceHooks(traces)],
    boundary: connectors.runtimeBoundary,
    aggregator: alerts.aggregator,
    learning: sink,
    memory: memoryRecall(storePart.store),
    checkpointer: runCheckpointer(storePart.store),
  });
  closers.push(() => runtime.close());
  for (const tool of appTools(storePart.store)) runtime.tools.register(tool, { tags: ['app'] });
  connectors.registerWebTools(runtime.tools);
  await connectors.registerTools(runtime.tools);

  const bench = new BenchService({
    improvementStore: storePart.store,
    dataDir: config.dataDir,
    tasksDir: config.bench.tasksDir ?? seed.tasksDir,
    models: runtime.models,
    defaultModel: runtime.defaultModel,
    learning: sink,
    clock,
    defaults: { trials: config.bench.trials, concurrency: config.bench.concurrency },
  });
  closers.push(() => bench.drain());
  if ((options.probeModel ?? true) && !config.model.demo) {
    // A server that is down is reported (warning + readiness detail) by the probe itself, never thrown.
    await runtime.health.probe();
  }

  const routes: RouteSpec[] = [
    ...healthRoutes(board, startedAt, () => clock.now()),
    ...metricsRoutes(otel),
    ...infoRoutes({ config, board, otel }),
    ...agentRoutes(runtime.port),
    ...observabilityRoutes({ effort, otel }),
    ...alertRoutes(alerts),
    ...traceRoutes(traces),
    ...connectorRoutes(connectors.boundary, connectors.mcp),
    ...adminRoutes(storePart),
    ...skillsbenchRoutes(bench),
    ...evaluationRoutes(bench),
    ...improvementRoutes(storePart.store, {
      learningEnabled: config.store.learningEnabled,
      autoIntakeEnabled: config.store.autoIntakeEnabled,
      summaryDefaultLimit: 50,
    }),
    ...improvementProcessRoutes(storePart.store),
  ];

  const http = createHttpApp({
    routes,
    authenticator: new TokenAuthenticator(tokens),
    bodyLimitBytes: config.server.bodyLimitBytes,
    metricsAuth: config.server.metricsAuth,
    middleware: [httpMetrics(otel.meter)],
    onError: (error, c) => logger.error(`${c.req.method} ${c.req.path} failed`, error),
  });

  return {
    config,
    otel,
    board,
    tokens,
    ...(credentialsFile === undefined ? {} : { credentialsFile }),
    routes,
    http,
    logger,
    clock,
    seed,
    runtime,
    store: storePart,
    learning: sink,
    bench,
    connectors,
    close: shared.shutdown,
  };
}
