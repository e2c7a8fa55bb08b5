// Boundary overhead per call beside cockatiel 3.1.3 and opossum 9.0.0 (spec §5.4), handler `async () => x + 1`.
import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  TimeoutStrategy,
  bulkhead,
  circuitBreaker,
  handleAll,
  retry,
  timeout,
  wrap,
} from 'cockatiel';
import CircuitBreaker from 'opossum';
import type { BenchCase } from '../../../tools/bench/harness.js';
import { createBoundary, createBreakerRegistry, type ConnectorBoundary } from '../src/index.js';

const x = 0;
const handler = async (): Promise<number> => x + 1;
const failing = async (): Promise<number> => {
  throw new Error('upstream');
};

const request = { connector: 'bench:svc', operation: 'GET' } as const;

// A1 disabled, A2 governance + metrics (reference minimum), A3 default chain without telemetry,
// A4 default chain with the OTel API and no provider, A5 A3 + bulkhead(1000), A6 compat preset.
const a1 = createBoundary({ enabled: false });
const a2 = createBoundary({ order: ['governance', 'metrics'], telemetry: false });
const a3 = createBoundary({ timeoutMs: 30_000, retry: 1, telemetry: false });
const a4 = createBoundary({ timeoutMs: 30_000, retry: 1 });
const a5 = createBoundary({ timeoutMs: 30_000, retry: 1, telemetry: false, bulkhead: { maxConcurrent: 1000 } });
const a6 = createBoundary({ preset: 'compat', timeoutMs: 30_000, retry: 1, breaker: {} });
const f1 = createBoundary({ telemetry: false, blockedConnectors: ['bench:denied'] });
const f2 = createBoundary({ telemetry: false, breaker: { failureThreshold: 1, recoveryMs: 3_600_000 } });
const f3 = createBoundary({ telemetry: false, breaker: { failureThreshold: Number.MAX_SAFE_INTEGER } });

const c1 = circuitBreaker(handleAll, { halfOpenAfter: 30_000, breaker: new ConsecutiveBreaker(3) });
const c2 = wrap(timeout(30_000, TimeoutStrategy.Cooperative), retry(handleAll, { maxAttempts: 1 }), c1);
const c3 = wrap(timeout(30_000, { strategy: TimeoutStrategy.Cooperative, abortOnReturn: false }), retry(handleAll, { maxAttempts: 1 }), circuitBreaker(handleAll, { halfOpenAfter: 30_000, breaker: new ConsecutiveBreaker(3) }));
const c4 = wrap(bulkhead(1000), timeout(30_000, TimeoutStrategy.Cooperative), retry(handleAll, { maxAttempts: 1 }), circuitBreaker(handleAll, { halfOpenAfter: 30_000, breaker: new ConsecutiveBreaker(3) }));
const cOpen = circuitBreaker(handleAll, { halfOpenAfter: 3_600_000, breaker: new ConsecutiveBreaker(1) });
const cFailing = wrap(timeout(30_000, TimeoutStrategy.Cooperative), retry(handleAll, { maxAttempts: 1 }), circuitBreaker(handleAll, { halfOpenAfter: 30_000, breaker: new ConsecutiveBreaker(Number.MAX_SAFE_INTEGER) }));
const o1 = new CircuitBreaker(handler, { timeout: false });
const o2 = new CircuitBreaker(handler, { timeout: 30_000 });

const b1 = createBreakerRegistry().getOrCreate('bench:breaker', { failureThreshold: 3 });

const run = (boundary: ConnectorBoundary) => () => boundary.execute(request, handler);
const swallow = (promise: Promise<unknown>): Promise<unknown> => promise.catch(() => undefined);
const batch = 2000;

const concurrent = (fn: () => Promise<unknown>) => () => Promise.all(Array.from({ length: 256 }, fn));

/** Bytes retained per call over 100 000 calls after a forced GC (allocation pressure, lower is better). */
async function heapPerCall(fn: () => Promise<unknown>): Promise<number> {
  const { setFlagsFromString } = await import('node:v8');
  const { runInNewContext } = await import('node:vm');
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  for (let index = 0; index < 20_000; index += 1) await fn();
  gc();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  for (let index = 0; index < 100_000; index += 1) {
    await fn();
    if (index % 5000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  gc();
  return (peak - before) / 100_000;
}

export const cases: BenchCase[] = [
  { name: 'A1 boundary disabled vs bare handler (B0)', ours: run(a1), peer: { name: 'bare', run: handler }, batch, unit: 'ns' },
  { name: 'B1 breaker alone (execute) vs cockatiel breaker (C1)', ours: () => b1.execute(handler), peer: { name: 'cockatiel-3.1.3', run: () => c1.execute(handler) }, batch, unit: 'ns' },
  { name: 'A2 governance+metrics vs cockatiel breaker (C1)', ours: run(a2), peer: { name: 'cockatiel-3.1.3', run: () => c1.execute(handler) }, batch, unit: 'ns' },
  { name: 'A3 default chain vs cockatiel wrap(timeout,retry,breaker) (C2)', ours: run(a3), peer: { name: 'cockatiel-3.1.3', run: () => c2.execute(handler) }, batch, unit: 'ns' },
  { name: 'A3 default chain vs cockatiel abortOnReturn:false (C3)', ours: run(a3), peer: { name: 'cockatiel-3.1.3', run: () => c3.execute(handler) }, batch, unit: 'ns' },
  { name: 'A4 default chain + OTel API (no provider) vs A3', ours: run(a4), peer: { name: 'a3-telemetry-off', run: run(a3) }, batch, unit: 'ns' },
  { name: 'A5 default chain + bulkhead vs cockatiel C2 + bulkhead (C4)', ours: run(a5), peer: { name: 'cockatiel-3.1.3', run: () => c4.execute(handler) }, batch, unit: 'ns' },
  { name: 'A6 compat preset vs cockatiel C2', ours: run(a6), peer: { name: 'cockatiel-3.1.3', run: () => c2.execute(handler) }, batch, unit: 'ns' },
  { name: 'A3 default chain vs bare handler (B0)', ours: run(a3), peer: { name: 'bare', run: handler }, batch, unit: 'ns' },
  {
    name: 'F1 governance-denied vs cockatiel open-circuit rejection',
    ours: () => swallow(f1.execute({ connector: 'bench:denied', operation: 'GET' }, handler)),
    peer: { name: 'cockatiel-3.1.3', run: () => swallow(cOpen.execute(handler)) },
    batch,
    unit: 'ns',
    setup: async () => {
      await swallow(cOpen.execute(failing));
    },
  },
  {
    name: 'F2 circuit-open fast fail vs cockatiel open breaker',
    ours: () => swallow(f2.execute({ connector: 'bench:open', operation: 'GET' }, handler)),
    peer: { name: 'cockatiel-3.1.3', run: () => swallow(cOpen.execute(handler)).then((error) => error instanceof BrokenCircuitError) },
    batch,
    unit: 'ns',
    setup: async () => {
      await swallow(f2.execute({ connector: 'bench:open', operation: 'GET' }, failing));
      await swallow(cOpen.execute(failing));
    },
  },
  { name: 'F3 handler throws every call vs cockatiel C2', ours: () => swallow(f3.execute(request, failing)), peer: { name: 'cockatiel-3.1.3', run: () => swallow(cFailing.execute(failing)) }, batch: 500, unit: 'ns' },
  { name: 'O1 A2 vs opossum timeout:false', ours: run(a2), peer: { name: 'opossum-9.0.0', run: () => o1.fire() }, batch, unit: 'ns' },
  { name: 'O2 A3 vs opossum timeout:30000', ours: run(a3), peer: { name: 'opossum-9.0.0', run: () => o2.fire() }, batch, unit: 'ns' },
  { name: 'K256 A3 x256 concurrent vs cockatiel C2 x256', ours: concurrent(run(a3)), peer: { name: 'cockatiel-3.1.3', run: concurrent(() => c2.execute(handler)) }, batch: 10, unit: 'us' },
  {
    name: 'M1 heap bytes per call A3 vs cockatiel C2',
    measure: async () => ({ ours: await heapPerCall(run(a3)), peer: await heapPerCall(() => c2.execute(handler)) }),
    peerName: 'cockatiel-3.1.3',
    unit: 'bytes',
  },
];

process.once('beforeExit', () => {
  o1.shutdown();
  o2.shutdown();
  for (const boundary of [a1, a2, a3, a4, a5, a6, f1, f2, f3]) void boundary.close();
});
