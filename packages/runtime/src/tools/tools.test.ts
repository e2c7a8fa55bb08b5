import { describe, expect, it } from 'vitest';
import { parseSSE } from '../model/sse.js';
import { defineTool } from './define.js';
import { ToolRegistry } from './registry.js';
import { repairJson } from './repair.js';
import { parseTextToolCalls } from './text-parser.js';
import { truncateToolOutput } from './truncate.js';
import { CfworkerSchemaValidator } from './validate.js';

describe('repairJson', () => {
  it.each([
    ['{"a": 1,}', { a: 1 }],
    ["{'a': 'it\\'s', 'b': \"q\"}", { a: "it's", b: 'q' }],
    ['```json\n{"a": [1, 2,]}\n```', { a: [1, 2] }],
    ['{a: True, b: None}', { a: true, b: null }],
    ['{"a": {"b": 1', { a: { b: 1 } }],
    ['<|tool_call|>{"a": 1}<|end|>', { a: 1 }],
    ['{"text": "x, y: z"}', { text: 'x, y: z' }],
    ['', {}],
  ])('%s', (raw, expected) => {
    expect(repairJson(raw)).toEqual(expected);
  });
  it('gives up on hopeless text', () => {
    expect(repairJson('{"x": 1 "y"')).toBeUndefined();
  });
});

describe('truncateToolOutput', () => {
  it('keeps head and tail halves with the omitted count', () => {
    const { text, truncated } = truncateToolOutput('a'.repeat(100) + 'b'.repeat(100), 50);
    expect(truncated).toBe(true);
    expect(text.startsWith('a'.repeat(25))).toBe(true);
    expect(text.endsWith('b'.repeat(25))).toBe(true);
    expect(text).toContain('[truncated 150 characters]');
    expect(truncateToolOutput('short').truncated).toBe(false);
  });
});

describe('parseTextToolCalls', () => {
  it('reads ReAct actions and fenced tool blocks', () => {
    expect(parseTextToolCalls('Thought: x\nAction: search\nAction Input: {"q": "a"}\nObservation: y')).toEqual([{ id: 'text_call_1', name: 'search', arguments: '{"q": "a"}' }]);
    expect(parseTextToolCalls('```json\n{"tool": "calc", "arguments": {"x": 2}}\n```')).toEqual([{ id: 'text_call_1', name: 'calc', arguments: '{"x":2}' }]);
    expect(parseTextToolCalls('```json\n{"answer": 1}\n```')).toEqual([]);
  });
});

describe('CfworkerSchemaValidator', () => {
  it('reports leaf errors by path, sorted', () => {
    const v = new CfworkerSchemaValidator();
    const schema = { type: 'object', properties: { a: { type: 'number' }, b: { type: 'string', minLength: 2 } }, required: ['a', 'c'] };
    const r = v.validate(schema, { a: 'x', b: '1' });
    expect(r.valid).toBe(false);
    if (r.valid) return;
    expect(r.errors.map((e) => e.path)).toEqual(['(root)', 'a', 'b']);
    expect(v.validate({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'string' }, 'ok')).toEqual({ valid: true });
  });
});

describe('ToolRegistry and defineTool', () => {
  const t = (name: string) => defineTool({ name, description: name, inputSchema: { type: 'object' }, execute: async () => name });
  it('validates definitions', () => {
    expect(() => defineTool({ name: 'bad name!', description: '', inputSchema: {}, execute: async () => 1 })).toThrow(/tool name/);
    expect(() => defineTool({ name: 'x', description: '', inputSchema: [] as never, execute: async () => 1 })).toThrow(/inputSchema/);
  });
  it('filters by status and tag, warns on deprecated, narrows with globs', async () => {
    const warnings: string[] = [];
    const reg = new ToolRegistry({ onWarning: (m) => void warnings.push(m) });
    reg.register(t('fs_read'), { tags: ['fs'] });
    reg.register(t('fs_write'), { tags: ['fs'] });
    reg.register(t('old'));
    expect(reg.setStatus('old', 'deprecated', 'use fs_read')).toBe(true);
    expect(reg.setStatus('missing', 'blocked')).toBe(false);
    expect(reg.list({ tag: 'fs' }).map((x) => x.name)).toEqual(['fs_read', 'fs_write']);
    const set = reg.toolSet({ allow: ['fs_*', 'old'] });
    expect(set.names).toEqual(['fs_read', 'fs_write', 'old']);
    expect(warnings).toEqual(['tool old is deprecated: use fs_read']);
    expect(set.narrow({ deny: ['*_write'] }).specs().map((s) => s.name)).toEqual(['fs_read', 'old']);
    const n = await reg.registerSource({ id: 'mcp', tools: async () => [{ definition: t('remote') }] });
    expect([n, reg.meta('remote')?.tags]).toEqual([1, ['source:mcp']]);
  });
});

describe('parseSSE', () => {
  it('joins multi-line data, skips comments and handles CRLF across chunk boundaries', async () => {
    const enc = new TextEncoder();
    const chunks = [': comment\r\ndata: {"a"', ':1}\r\n\r\ndata: line1\ndata: line2\n\n', 'data: tail'];
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (const ch of chunks) c.enqueue(enc.encode(ch));
        c.close();
      },
    });
    const out: string[] = [];
    for await (const d of parseSSE(body)) out.push(d);
    expect(out).toEqual(['{"a":1}', 'line1\nline2', 'tail']);
  });
});
