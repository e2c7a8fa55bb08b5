import type { ExecResult } from '../sandbox/types.js';

/** Output that says the verifier itself could not run (not that a test failed). */
const BROKEN_VERIFIER = /No module named pytest|: command not found|pytest: not found/;

/**
 * Classifies a finished verifier run. A timeout is `timeout`; a run with no reward that exited 0, 126 or 127, or
 * printed a "cannot run" message, is a `verifier_error`; everything else is `ok` (a missing reward with a non-zero
 * test-failure exit counts as reward 0 downstream).
 */
export function verifierKind(exit: ExecResult, reward: number | null): { kind: 'ok' | 'timeout' | 'verifier_error'; message?: string } {
  if (exit.timedOut) return { kind: 'timeout', message: 'verifier timed out' };
  if (reward !== null) return { kind: 'ok' };
  if (exit.exitCode === 126 || exit.exitCode === 127) return { kind: 'verifier_error', message: `verifier could not run a command (exit ${exit.exitCode}): ${lastLine(exit.stderr)}` };
  if (BROKEN_VERIFIER.test(exit.stderr) || BROKEN_VERIFIER.test(exit.stdout)) return { kind: 'verifier_error', message: `verifier broken: ${lastLine(exit.stderr || exit.stdout)}` };
  if (exit.exitCode === 0) return { kind: 'verifier_error', message: 'verifier exited 0 without writing reward.txt or reward.json' };
  if (exit.exitCode === null) return { kind: 'verifier_error', message: `verifier killed by ${exit.signal ?? 'a signal'}` };
  return { kind: 'ok' };
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}
