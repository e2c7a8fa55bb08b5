// B6: router.resolve on small, 1.5 KB and 4 KB inputs (presets v1 and v2) against JSON.stringify of the same inputs,
// which is the floor: classification has to serialise the payload once.
import type { BenchCase } from '../../../tools/bench/harness.js';
import { classifierPresets, createEffortRouter, unwrap, type RouteRequest } from '../src/index.js';

const tiers = { low: { model: 'low-model', tokenMultiplier: 0.75 }, medium: { model: 'medium-model', tokenMultiplier: 1 }, high: { model: 'high-model', tokenMultiplier: 1.5 } };
const v1 = unwrap(createEffortRouter({ enabled: true, tiers, heuristic: classifierPresets.v1 }));
const v2 = unwrap(createEffortRouter({ enabled: true, tiers, heuristic: { preset: 'v2' } }));

const inputs: Record<string, Record<string, unknown>> = {
  small: { task: 'brief' },
  '1.5KB': { task: 'Analyze architecture tradeoffs for routing strategy and ' + 'context '.repeat(180) },
  '4KB': { task: 'security review ' + 'details '.repeat(500), files: ['a.ts', 'b.ts'], depth: 3 },
};

let sink = 0;
const routeCase = (label: string, preset: 'v1' | 'v2', size: keyof typeof inputs): BenchCase => {
  const router = preset === 'v1' ? v1 : v2;
  const request: RouteRequest = { defaultModel: 'base', maxTokens: 1024, inputs: inputs[size]!, iterative: size === '4KB', maxIterations: 20 };
  return {
    name: `B6-resolve-${preset}-${label}`,
    batch: size === 'small' ? 20_000 : 2_000,
    unit: 'ns',
    ours: () => {
      sink += router.resolve(request).maxTokens;
    },
    peer: {
      name: 'JSON.stringify',
      run: () => {
        sink += JSON.stringify(request.inputs).length;
      },
    },
  };
};

export const cases: BenchCase[] = [routeCase('small', 'v1', 'small'), routeCase('1.5KB', 'v1', '1.5KB'), routeCase('4KB', 'v1', '4KB'), routeCase('4KB', 'v2', '4KB')];

export function benchSink(): number {
  return sink;
}
