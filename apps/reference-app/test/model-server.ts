import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The OpenAI-compatible test server running in a child process. */
export interface ModelServer {
  baseUrl: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Spawns test/fixtures/openai-server.mjs on 127.0.0.1 and waits for its port. */
export async function startModelServer(env: Record<string, string> = {}): Promise<ModelServer> {
  const script = fileURLToPath(new URL('./fixtures/openai-server.mjs', import.meta.url));
  const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let buffer = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      buffer += chunk;
      const m = /LISTENING (\d+)/.exec(buffer);
      if (m !== null) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`model server exited with ${code}`)));
    child.once('error', reject);
  });
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
