import { composeApp } from '../../composition/compose.js';
import { probeModelServer } from '../../composition/model-probe.js';
import { composedPackages } from '../../composition/packages.js';
import { listen } from '../../composition/server.js';
import { APP_VERSION } from '../../version.js';
import { parseCommandArgs } from '../args.js';
import { configFor, loggerFor } from '../context.js';
import type { CliIo } from '../io.js';
import { remoteClient } from '../remote.js';

/** Truthy values of `AGENT33_EXIT_AFTER_START`. */
function exitAfterStart(io: CliIo, flag: boolean): boolean {
  const v = io.env['AGENT33_EXIT_AFTER_START']?.toLowerCase();
  return flag || v === '1' || v === 'true' || v === 'yes';
}

/**
 * `agent33 start` (what `npm start` runs): serve with the embedded defaults (falling back to the scripted demo model
 * when no model server answers), seed on first run, exercise the API once, print what happened and where, then keep
 * serving — or exit 0 with `--exit` / `AGENT33_EXIT_AFTER_START=1`.
 */
export async function startCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, { exit: { type: 'boolean' } });
  let config = configFor(values, io);
  if (!config.model.demo) {
    const down = await probeModelServer(config);
    if (down !== undefined) {
      io.err(`warning: no model server at ${config.model.baseUrl} (${down})`);
      io.err('warning: this run uses the scripted demo model: answers are canned and labelled "scripted-demo".');
      io.err('         Start an OpenAI-compatible server (e.g. Ollama) or set AGENT33_MODEL_BASE_URL for real answers.');
      config = { ...config, model: { ...config.model, demo: true } };
    }
  }
  const app = await composeApp(config, { logger: loggerFor(io), env: io.env });
  let server;
  try {
    server = await listen(app);
  } catch (error) {
    if ((error as { code?: string }).code !== 'EADDRINUSE') {
      await app.close();
      throw error;
    }
    // The quick start must not fail because something else holds the default port.
    io.err(`warning: port ${config.server.port} is in use; serving on an ephemeral port instead`);
    server = await listen(app, { port: 0 });
  }
  try {
    io.out(`agent33 ${APP_VERSION}`);
    io.out(`composed: ${composedPackages().map((p) => `${p.name}@${p.version}`).join(', ')}`);
    io.out(`data:     ${config.dataDir}`);
    io.out(app.seed.seeded ? `seeded:   ${app.seed.agents.length} agents, ${app.seed.skills.length} skills, ${app.seed.tasks.length} benchmark tasks (first run)` : `agents:   ${app.seed.agents.join(', ')}`);
    for (const c of app.board.list()) io.out(`  ${c.state.padEnd(11)} ${c.name}: ${c.detail}`);
    // The demo talks to the server over its socket like any client, through the connectors boundary.
    const operator = app.tokens.find((t) => !t.scopes.includes('admin')) ?? app.tokens[0];
    const client = remoteClient(server.url, operator?.token, app.connectors.boundary);
    const health = await client.request('GET', '/health');
    io.out(`health:   ${health.status} ${health.text}`);

    const demo = await client.request('POST', '/v1/agents/assistant/invoke-iterative', {
      inputs: { question: 'What does the agent33 reference app compose?' },
    });
    const r = demo.json as { model?: string; status?: string; iterations?: number; tool_calls_made?: number; output?: unknown };
    io.out(
      `demo:     POST /v1/agents/assistant/invoke-iterative → ${demo.status}` +
        (demo.status === 200 ? ` (model ${r.model}, ${r.status}, ${r.iterations} iterations, ${r.tool_calls_made} tool call${r.tool_calls_made === 1 ? '' : 's'})` : ` ${demo.text}`),
    );
    if (demo.status === 200) io.out(`          output: ${JSON.stringify(r.output).slice(0, 240)}`);
    const recorded = await client.request('POST', '/v1/improvements/learning/signals', {
      signal_type: 'feedback',
      severity: 'low',
      summary: 'Quick start ran the demo invocation',
      source: 'agent33 start',
    });
    const stored = recorded.json as { signal_id?: string; quality_label?: string };
    io.out(`signal:   POST /v1/improvements/learning/signals → ${recorded.status} (${stored.signal_id ?? recorded.text}, quality ${stored.quality_label ?? 'n/a'})`);
    let benchRun: string | undefined;
    if (app.seed.seeded && app.seed.tasks.length > 0) {
      const tasks = ['echo-answer', 'needs-skill', 'skill-hurts'].filter((t) => app.seed.tasks.includes(t));
      const bench = await client.request('POST', '/v1/skillsbench/runs', { agent: 'scripted-mini', tasks, conditions: ['none', 'curated'] });
      benchRun = (bench.json as { run_id?: string }).run_id;
      io.out(`bench:    POST /v1/skillsbench/runs → ${bench.status} (run ${benchRun ?? bench.text}, scripted fixture agent, ${tasks.length} tasks × 2 conditions)`);
    }
    io.out('');
    io.out(`API        ${server.url}/v1   (OpenAPI document: ${server.url}/openapi.json)`);
    io.out(`health     ${server.url}/health   readiness: ${server.url}/ready`);
    io.out(`metrics    ${server.url}/metrics`);
    if (benchRun !== undefined) io.out(`report     ${server.url}/v1/skillsbench/runs/${benchRun}/report?format=html`);
    if (app.credentialsFile !== undefined) io.out(`tokens     ${app.credentialsFile} (operator token; admin token for /v1/admin)`);
    if (exitAfterStart(io, values['exit'] === true)) {
      io.out('exiting after start (AGENT33_EXIT_AFTER_START=1 or --exit)');
      return 0;
    }
    io.out('serving; press Ctrl+C to stop');
    const signal = await io.waitForStop();
    io.out(`${signal}: shutting down`);
    return 0;
  } finally {
    await server.close();
    await app.close();
  }
}
