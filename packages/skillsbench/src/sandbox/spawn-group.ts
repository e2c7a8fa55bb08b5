import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { Clock } from '@agent33/observability';
import { CappedBuffer } from './capped-buffer.js';
import type { ExecResult } from './types.js';

/** Options of {@link runInGroup}. */
export interface GroupSpawnOptions {
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  killGraceMs: number;
  outputCapBytes: number;
  clock: Clock;
  signal?: AbortSignal;
  /** Told the process-group id as soon as the child exists (for orphan checks and bulk kills). */
  onSpawn?: (pgid: number) => void;
}

/**
 * True while any live (non-zombie) process belongs to the group. Killed processes whose parent died stay zombies
 * until init reaps them; on Linux they are read from `/proc` and not counted, elsewhere the kill(0) probe decides.
 */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return true;
  }
  for (const pid of entries) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue;
    }
    // Fields after the parenthesised command: state, ppid, pgrp, …
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') return true;
  }
  return false;
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // The group is already gone.
  }
}

/**
 * Runs `argv` in a new process group (`detached`) and resolves when it exits. On timeout or abort the whole group
 * gets SIGTERM and, if anything in it survives the grace period, SIGKILL; the promise resolves only after the group
 * is gone, so no trial leaves orphans. Timers come from the injected clock.
 */
export function runInGroup(argv: readonly string[], options: GroupSpawnOptions): Promise<ExecResult> {
  const [command, ...args] = argv;
  const started = options.clock.now();
  const stdout = new CappedBuffer(options.outputCapBytes);
  const stderr = new CappedBuffer(options.outputCapBytes);
  return new Promise<ExecResult>((resolve) => {
    const child = spawn(command ?? 'false', args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const pgid = child.pid;
    let timedOut = false;
    let settled = false;
    const stopTimers = new AbortController();
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));

    const finish = (exitCode: number | null, signal: NodeJS.Signals | null, spawnError?: Error): void => {
      if (settled) return;
      settled = true;
      stopTimers.abort();
      options.signal?.removeEventListener('abort', onAbort);
      // Anything left in the group (a background grandchild) dies with the trial.
      if (pgid !== undefined) killGroup(pgid, 'SIGKILL');
      resolve({
        exitCode: spawnError ? 127 : exitCode,
        ...(signal ? { signal } : {}),
        stdout: stdout.text(),
        stderr: spawnError ? `${stderr.text()}${spawnError.message}` : stderr.text(),
        truncated: stdout.truncated || stderr.truncated,
        timedOut,
        durationMs: Math.max(0, options.clock.now() - started),
        bytes: { stdout: stdout.total, stderr: stderr.total },
      });
    };

    const terminate = (): void => {
      if (pgid === undefined || settled) return;
      killGroup(pgid, 'SIGTERM');
      options.clock.sleep(options.killGraceMs, stopTimers.signal).then(
        () => {
          if (!settled) killGroup(pgid, 'SIGKILL');
        },
        () => undefined,
      );
    };
    const onAbort = (): void => terminate();

    // When the main process exits, stragglers it left in the group are killed so their open pipes cannot hold the
    // trial until its timeout.
    child.on('exit', () => {
      if (pgid !== undefined) killGroup(pgid, 'SIGKILL');
    });
    child.on('error', (error) => finish(null, null, error));
    child.on('close', (code, signal) => finish(code, signal));
    if (pgid !== undefined) options.onSpawn?.(pgid);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) terminate();
    options.clock.sleep(options.timeoutMs, stopTimers.signal).then(
      () => {
        if (settled) return;
        timedOut = true;
        terminate();
      },
      () => undefined,
    );
  });
}
