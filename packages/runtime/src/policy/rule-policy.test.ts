import { ManualClock } from '@agent33/observability';
import { describe, expect, it } from 'vitest';
import type { PreparedToolCall } from '../tools/types.js';
import { limits } from './limits.js';
import { RuleToolPolicy, normalisePath } from './rule-policy.js';
import type { PolicyContext } from './types.js';

const ctx: PolicyContext = { runId: 'r', subject: { id: 'u1', scopes: ['tools:execute'] }, metadata: {} };
const call = (name: string, input: Record<string, unknown> = {}, annotations: PreparedToolCall['annotations'] = {}): PreparedToolCall => ({
  callId: 'c', index: 0, name, requestedName: name, arguments: JSON.stringify(input), input, annotations, repaired: false,
});

describe('RuleToolPolicy precedence', () => {
  const p = new RuleToolPolicy({
    toolPolicies: { 'file_ops:write': 'deny', 'file_ops:*': 'allow', 'web_*': 'ask', 'web_fetch': 'allow', 'db:drop*': 'deny', 'db*': 'allow', '*': 'deny' },
  });
  it('exact tool:operation beats tool:*', () => {
    expect(p.check(call('file_ops', { operation: 'write' }), ctx)).toMatchObject({ decision: 'deny', rule: 'file_ops:write' });
    expect(p.check(call('file_ops', { operation: 'read' }), ctx)).toEqual({ decision: 'allow' });
  });
  it('exact tool name beats tool globs; op globs beat tool globs; * is last', () => {
    expect(p.check(call('web_fetch'), ctx)).toEqual({ decision: 'allow' });
    expect(p.check(call('web_search'), ctx)).toMatchObject({ decision: 'ask', rule: 'web_*' });
    expect(p.check(call('db', { operation: 'drop_table' }), ctx)).toMatchObject({ decision: 'deny', rule: 'db:drop*' });
    expect(p.check(call('db', { operation: 'select' }), ctx)).toEqual({ decision: 'allow' });
    expect(p.check(call('other'), ctx)).toMatchObject({ decision: 'deny', rule: '*' });
  });
  it('askMeans deny reproduces the reference (ask blocks)', () => {
    const strict = new RuleToolPolicy({ toolPolicies: { shell: 'ask' }, askMeans: 'deny' });
    expect(strict.check(call('shell'), ctx)).toMatchObject({ decision: 'deny', reason: 'policy `shell` requires approval' });
  });
});

describe('RuleToolPolicy checks', () => {
  it('shell: substitution rejected; allowlist checks the first word of each segment', () => {
    const p = new RuleToolPolicy({ commandAllowlist: ['ls', 'grep'] });
    expect(p.check(call('shell', { command: 'echo $(whoami)' }), ctx)).toMatchObject({ decision: 'deny', rule: 'shell:substitution' });
    expect(p.check(call('shell', { command: 'ls -la | grep x' }), ctx)).toEqual({ decision: 'allow' });
    expect(p.check(call('shell', { command: 'ls; rm -rf /' }), ctx)).toMatchObject({ decision: 'deny', reason: 'command `rm` is not allowlisted' });
  });
  it('paths are normalised before containment', () => {
    const p = new RuleToolPolicy({ pathAllowlist: ['/a'] });
    expect(p.check(call('file_ops', { path: '/a/b.txt' }), ctx)).toEqual({ decision: 'allow' });
    expect(p.check(call('file_ops', { path: '/a/../etc/passwd' }), ctx)).toMatchObject({ decision: 'deny', rule: 'path:allowlist' });
    expect(p.check(call('file_ops', { path: '/a-evil/x' }), ctx)).toMatchObject({ decision: 'deny' });
    expect(normalisePath('x/../y', '/w')).toBe('/w/y');
  });
  it('domains allow subdomains only', () => {
    const p = new RuleToolPolicy({ domainAllowlist: ['example.com'] });
    expect(p.check(call('web_fetch', { url: 'https://docs.example.com/x' }), ctx)).toEqual({ decision: 'allow' });
    expect(p.check(call('web_fetch', { url: 'https://example.com.evil.io/' }), ctx)).toMatchObject({ decision: 'deny' });
  });
  it('scope and autonomy from annotations', () => {
    expect(new RuleToolPolicy().check(call('x'), { ...ctx, subject: { id: 'u', scopes: [] } })).toMatchObject({ decision: 'deny', rule: 'scope' });
    const ro = new RuleToolPolicy({ autonomy: 'read-only' });
    expect(ro.check(call('reader', {}, { readOnly: true }), ctx)).toEqual({ decision: 'allow' });
    expect(ro.check(call('writer'), ctx)).toMatchObject({ decision: 'deny', rule: 'autonomy:read-only' });
    const sup = new RuleToolPolicy({ autonomy: 'supervised' });
    expect(sup.check(call('rm', {}, { destructive: true }), ctx)).toMatchObject({ decision: 'ask', rule: 'autonomy:supervised' });
  });
  it('rate limits per subject with a burst window', () => {
    const clock = new ManualClock(0);
    const p = new RuleToolPolicy({ rateLimit: { perMinute: 3, burstPerSecond: 2 }, clock });
    expect(p.check(call('x'), ctx).decision).toBe('allow');
    expect(p.check(call('x'), ctx).decision).toBe('allow');
    expect(p.check(call('x'), ctx)).toMatchObject({ rule: 'rate-limit:burst' });
    clock.advance(1_000);
    expect(p.check(call('x'), ctx).decision).toBe('allow');
    expect(p.check(call('x'), ctx)).toMatchObject({ rule: 'rate-limit' });
    expect(p.check(call('x'), { ...ctx, subject: { id: 'u2', scopes: ['tools:execute'] } }).decision).toBe('allow');
  });
  it('rejects invalid options', () => {
    expect(() => new RuleToolPolicy({ toolPolicies: { x: 'maybe' as 'allow' } })).toThrow(/invalid action/);
  });
});

describe('limits', () => {
  const snap = { runId: 'r', model: 'm', iteration: 1, toolCallsMade: 0, consecutiveErrors: 0, usage: { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, reasoningOutputTokens: 0 }, elapsedMs: 0, steps: [], messages: [] };
  it('enforces tokens, tool calls, wall time and cost', () => {
    const b = limits({ maxTokens: 100, maxToolCalls: 2, maxWallMs: 1000, maxCostUsd: 1, pricing: () => 0.6 });
    expect(b.beforeStep(snap).ok).toBe(true);
    expect(b.beforeStep({ ...snap, usage: { ...snap.usage, inputTokens: 100 } }).ok).toBe(false);
    expect(b.beforeToolCall({} as PreparedToolCall, { ...snap, toolCallsMade: 2 })).toMatchObject({ ok: false });
    expect(b.beforeStep({ ...snap, elapsedMs: 1000 }).ok).toBe(false);
    expect(b.afterModelCall(snap.usage, snap).ok).toBe(true);
    expect(b.afterModelCall(snap.usage, snap)).toMatchObject({ ok: false, reason: 'cost budget $1 reached' });
    expect(() => limits({ maxCostUsd: 1 })).toThrow(/pricing/);
  });
});
