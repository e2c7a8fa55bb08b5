import { spawn, type ChildProcess } from 'node:child_process';
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** Options of {@link ProcessGroupStdioTransport}. */
export interface StdioTransportOptions {
  command: string;
  args?: readonly string[];
  /** Added to the SDK's safe default environment (PATH, HOME, … only, so secrets do not leak to servers). */
  env?: Record<string, string>;
  cwd?: string;
  /** Grace periods of the shutdown sequence. Default 2000 ms each. */
  graceMs?: number;
}

const STDERR_TAIL = 8 * 1024;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // A negative pid addresses the whole process group, so grandchildren (npx → node → server) go too.
    if (process.platform !== 'win32') process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // already gone
  }
}

/**
 * An MCP stdio client transport that starts the server in its own process group and shuts it down per the MCP
 * spec: close stdin, wait, SIGTERM the group, wait, SIGKILL the group. `close()` resolves once the child exited.
 */
export class ProcessGroupStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private child: ChildProcess | undefined;
  private readonly buffer = new ReadBuffer();
  private stderrTail = '';
  private exited: Promise<void> | undefined;

  constructor(private readonly options: StdioTransportOptions) {}

  /** Process id of the server (undefined before `start`). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The last few KB the server wrote to stderr. */
  get stderr(): string {
    return this.stderrTail;
  }

  start(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const child = spawn(this.options.command, [...(this.options.args ?? [])], {
        env: { ...getDefaultEnvironment(), ...this.options.env },
        cwd: this.options.cwd,
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: process.platform !== 'win32',
        windowsHide: true,
        shell: false,
      });
      this.child = child;
      this.exited = new Promise<void>((done) => child.once('close', () => done()));
      child.once('error', (error) => {
        reject(error);
        this.onerror?.(error);
      });
      child.once('spawn', () => resolve());
      child.once('close', () => {
        this.child = undefined;
        this.onclose?.();
      });
      child.stdin?.on('error', (error) => this.onerror?.(error));
      child.stdout?.on('data', (chunk: Buffer) => {
        this.buffer.append(chunk);
        for (;;) {
          let message: JSONRPCMessage | null;
          try {
            message = this.buffer.readMessage();
          } catch (error) {
            this.onerror?.(error as Error);
            continue;
          }
          if (message === null) break;
          this.onmessage?.(message);
        }
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL);
      });
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const stdin = this.child?.stdin;
      if (stdin === undefined || stdin === null || stdin.destroyed) {
        reject(new Error('MCP stdio transport is not connected'));
        return;
      }
      if (stdin.write(serializeMessage(message))) resolve();
      else stdin.once('drain', () => resolve());
    });
  }

  async close(): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    const grace = this.options.graceMs ?? 2000;
    const exited = this.exited ?? Promise.resolve();
    const waitExit = (ms: number): Promise<boolean> =>
      new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), ms);
        void exited.then(() => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    child.stdin?.end();
    if (!(await waitExit(grace))) {
      killGroup(child, 'SIGTERM');
      if (!(await waitExit(grace))) {
        killGroup(child, 'SIGKILL');
        await waitExit(grace);
      }
    }
    // The server exited; anything it left behind in its group goes as well.
    killGroup(child, 'SIGKILL');
    this.buffer.clear();
  }
}
