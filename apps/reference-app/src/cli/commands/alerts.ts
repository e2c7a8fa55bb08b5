import { parseCommandArgs } from '../args.js';
import { configFor } from '../context.js';
import type { CliIo } from '../io.js';
import { operatorToken, remoteClient } from '../remote.js';
import { printJson } from '../with-app.js';

interface AlertsView {
  rules: Array<{ name: string; metric: string; aggregation: string; threshold: number; severity: string }>;
  instances: Array<{ rule: string; state: string; value: number | null; severity?: string }>;
  transitions: Array<{ type: string; instance: { rule: string }; at: number }>;
}

/**
 * `agent33 alerts [--url http://127.0.0.1:8033] [--token t] [--evaluate] [--json]`: the alert rules and their states
 * on a running server (alerts live in the serving process). `--evaluate` (admin token) evaluates now. Exit code 0
 * when nothing fires, 2 when something does, 1 when the server cannot be reached.
 */
export async function alertsCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, { url: { type: 'string' }, token: { type: 'string' }, evaluate: { type: 'boolean' } });
  const config = configFor(values, io);
  const base = typeof values['url'] === 'string' ? values['url'] : `http://${config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host}:${config.server.port}`;
  const evaluate = values['evaluate'] === true;
  const token = operatorToken(config, values['token'] as string | undefined, io.env, evaluate);
  const client = remoteClient(base, token);
  try {
    if (evaluate) {
      const ev = await client.request('POST', '/v1/observability/alerts/evaluate', {});
      if (ev.status !== 200) {
        io.err(`agent33 alerts: evaluate answered ${ev.status}: ${ev.text}`);
        return 1;
      }
    }
    const res = await client.request('GET', '/v1/observability/alerts');
    if (res.status !== 200) {
      io.err(`agent33 alerts: ${base} answered ${res.status}: ${res.text}`);
      return 1;
    }
    const view = res.json as AlertsView;
    if (values['json'] === true) {
      printJson(io, view);
    } else {
      const state = new Map(view.instances.map((i) => [i.rule, i]));
      io.out(`alerts on ${base}`);
      for (const r of view.rules) {
        const inst = state.get(r.name);
        io.out(`  ${(inst?.state ?? 'inactive').padEnd(9)} ${r.name.padEnd(32)} ${r.aggregation}(${r.metric}) > ${r.threshold}${inst?.value === undefined || inst.value === null ? '' : `  value ${inst.value}`}`);
      }
      if (view.transitions.length > 0) io.out(`  last transition: ${view.transitions[0]?.instance.rule} ${view.transitions[0]?.type}`);
    }
    return view.instances.some((i) => i.state === 'firing') ? 2 : 0;
  } catch (error) {
    io.err(`agent33 alerts: cannot reach ${base}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await client.close();
  }
}
