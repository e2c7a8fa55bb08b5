// Benchmark A: tool-loop overhead, side by side with the AI SDK (`generateText` over `MockLanguageModelV3`).
// Both sides run the same scripted conversation with zero model latency, so the figures are pure loop overhead.
import { generateText, jsonSchema, stepCountIs as aiStepCountIs, tool, type ModelMessage } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import type { BenchCase } from '../../../tools/bench/harness.js';
import { ContextManager } from '../src/context/manager.js';
import { runLoop } from '../src/loop/run.js';
import { RuleToolPolicy } from '../src/policy/rule-policy.js';
import { ScriptedModel, type ScriptStep } from '../src/testing/index.js';
import { defineTool } from '../src/tools/define.js';
import { toolSet } from '../src/tools/toolset.js';
import type { Message, ModelRequest } from '../src/model/types.js';
import type { RuntimeHooks } from '../src/ports/index.js';

const schema = { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] } as const;
const noopTools = (count: number) =>
  toolSet(Array.from({ length: count }, (_, i) => defineTool({ name: `noop${i}`, description: 'does nothing', inputSchema: schema, annotations: { readOnly: true }, execute: async () => 'ok' })));

/** A script of `steps` tool steps with `width` calls each, then a final text. */
function ourScript(steps: number, width: number): (req: ModelRequest, i: number) => ScriptStep {
  return (_req, i) =>
    i < steps
      ? { toolCalls: Array.from({ length: width }, (_, k) => ({ name: `noop${k}`, args: { n: i }, id: `c${i}_${k}` })), usage: { inputTokens: 10, outputTokens: 5 } }
      : { text: 'done', usage: { inputTokens: 10, outputTokens: 5 } };
}

const usage = { inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 5, text: 5, reasoning: 0 } };
function peerModel(steps: number, width: number): MockLanguageModelV3 {
  let call = 0;
  return new MockLanguageModelV3({
    doGenerate: async () => {
      const i = call;
      call += 1;
      if (i % (steps + 1) < steps) {
        return {
          content: Array.from({ length: width }, (_, k) => ({ type: 'tool-call' as const, toolCallId: `c${i}_${k}`, toolName: `noop${k}`, input: JSON.stringify({ n: i }) })),
          finishReason: { unified: 'tool-calls' as const, raw: 'tool_calls' },
          usage,
          warnings: [],
        };
      }
      return { content: [{ type: 'text' as const, text: 'done' }], finishReason: { unified: 'stop' as const, raw: 'stop' }, usage, warnings: [] };
    },
  });
}
const peerTools = (count: number) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`noop${i}`, tool({ description: 'does nothing', inputSchema: jsonSchema<{ n: number }>({ type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] }), execute: async () => 'ok' })]));

function history(n: number): Message[] {
  const out: Message[] = [{ role: 'system', content: 'You are a benchmark agent.' }];
  for (let i = 0; i < n - 1; i += 1) out.push({ role: i % 2 === 0 ? 'user' : 'assistant', content: `message ${i}: ${'lorem ipsum dolor sit amet '.repeat(4)}` });
  out.push({ role: 'user', content: 'task' });
  return out;
}
const toPeer = (ms: Message[]): ModelMessage[] => ms.map((m) => ({ role: m.role as 'system' | 'user' | 'assistant', content: m.content as string }));

async function ours(steps: number, width: number, extra: Partial<Parameters<typeof runLoop>[0]> = {}, messages: Message[] = [{ role: 'user', content: 'task' }]): Promise<void> {
  const r = await runLoop({
    provider: new ScriptedModel(ourScript(steps, width), { checkPairing: false }),
    model: 'bench',
    messages,
    tools: noopTools(width),
    maxIterations: steps + 1,
    loopDetection: false,
    maxToolCallsPerStep: width,
    ...extra,
  });
  if (r.status !== 'completed' || r.iterations !== steps + 1) throw new Error(`bench run ended ${r.status} after ${r.iterations}`);
}

async function peer(steps: number, width: number, messages: ModelMessage[] = [{ role: 'user', content: 'task' }]): Promise<void> {
  const r = await generateText({ model: peerModel(steps, width), tools: peerTools(width), messages, stopWhen: aiStepCountIs(steps + 1) });
  if (r.steps.length !== steps + 1) throw new Error(`peer ran ${r.steps.length} steps`);
}

const noopHooks: RuntimeHooks[] = [{ onStepStart: () => undefined, onToolCallEnd: () => undefined }, { onModelResult: () => undefined, onRunEnd: () => undefined }];
const seeded200 = history(200);
const seeded1000 = history(1000);

const bare = new ScriptedModel(() => ({ text: 'done', usage: { inputTokens: 1, outputTokens: 1 } }), { checkPairing: false });
const bareReq: ModelRequest = { model: 'bench', messages: [{ role: 'user', content: 'hi' }] };
const barePeer = peerModel(0, 0);

async function wallMs(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function medianMs(fn: () => Promise<void>, runs: number): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < runs; i += 1) xs.push(await wallMs(fn));
  return xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

export const cases: BenchCase[] = [
  {
    name: 'loop-a0-bare-generate',
    unit: 'us',
    batch: 200,
    ours: () => bare.generate(bareReq),
    peer: { name: 'ai-MockLanguageModelV3', run: () => barePeer.doGenerate({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }) },
  },
  { name: 'loop-a1-setup-1-step', unit: 'us', batch: 20, ours: () => ours(0, 1), peer: { name: 'ai-generateText', run: () => peer(0, 1) } },
  { name: 'loop-a2-10-tool-steps', unit: 'us', batch: 5, ours: () => ours(10, 1), peer: { name: 'ai-generateText', run: () => peer(10, 1) } },
  { name: 'loop-a3-10-steps-5-parallel', unit: 'us', batch: 5, ours: () => ours(10, 5), peer: { name: 'ai-generateText', run: () => peer(10, 5) } },
  {
    name: 'loop-a4-realistic-200-history',
    unit: 'us',
    batch: 2,
    ours: () =>
      ours(10, 1, { context: new ContextManager(), policy: new RuleToolPolicy({ toolPolicies: { '*': 'allow' } }), hooks: noopHooks }, structuredClone(seeded200)),
    peer: { name: 'ai-generateText', run: () => peer(10, 1, toPeer(seeded200)) },
  },
  {
    name: 'loop-a5-scale-1000-history-100-steps',
    unit: 'ms',
    batch: 1,
    ours: () => ours(100, 1, {}, structuredClone(seeded1000)),
    peer: { name: 'ai-generateText', run: () => peer(100, 1, toPeer(seeded1000)) },
  },
  {
    // A6: 5 ms model latency, 20 ms tools, real timers; ours = parallel wall time, peer = the same run sequential.
    name: 'loop-a6-latency-overlap-parallel-vs-sequential',
    peerName: 'runtime-sequential',
    unit: 'ms',
    measure: async () => {
      const slow = toolSet(Array.from({ length: 5 }, (_, i) => defineTool({ name: `noop${i}`, description: 'slow read', inputSchema: schema, annotations: { readOnly: true }, execute: () => new Promise((r) => setTimeout(() => r('ok'), 20)) })));
      const run = (mode: 'auto' | 'sequential') =>
        wallMs(async () => {
          await runLoop({
            provider: new ScriptedModel((req, i) => ({ delayMs: 5, then: ourScript(3, 5)(req, i) })),
            model: 'bench',
            messages: [{ role: 'user', content: 'task' }],
            tools: slow,
            loopDetection: false,
            toolExecution: { mode, concurrency: 5 },
          });
        });
      const par: number[] = [];
      const seq: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        par.push(await run('auto'));
        seq.push(await run('sequential'));
      }
      const med = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      return { ours: med(par), peer: med(seq) };
    },
  },
  {
    // A5 slope vs A2 slope: per-iteration cost with a 1,000-message history over per-iteration cost with none
    // (close to 1 means the per-step work does not grow with the transcript).
    name: 'loop-a5-per-iteration-slope-vs-a2',
    peerName: 'runtime-a2-per-iteration',
    unit: 'us',
    measure: async () => {
      const runs = process.argv.includes('--smoke') ? 3 : 7;
      const a5 = (await medianMs(() => ours(100, 1, {}, structuredClone(seeded1000)), runs)) / 101;
      const a2 = (await medianMs(() => ours(10, 1), runs * 5)) / 11;
      return { ours: a5 * 1000, peer: a2 * 1000 };
    },
  },
  {
    // A4 / A2: what context budgeting, the rule policy, schema validation and two hooks add per run.
    name: 'loop-a4-realistic-vs-a2-plain',
    peerName: 'runtime-a2',
    unit: 'us',
    measure: async () => {
      const runs = process.argv.includes('--smoke') ? 5 : 21;
      const a4 = await medianMs(
        () => ours(10, 1, { context: new ContextManager(), policy: new RuleToolPolicy({ toolPolicies: { '*': 'allow' } }), hooks: noopHooks }, structuredClone(seeded200)),
        runs,
      );
      const a2 = await medianMs(() => ours(10, 1), runs);
      return { ours: a4 * 1000, peer: a2 * 1000 };
    },
  },
];
