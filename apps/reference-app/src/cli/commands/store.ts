import { openSqliteStore, restoreSqliteStore, SQLITE_MIGRATIONS } from '@agent33/improvement-store/sqlite';
import { UsageError } from '../../errors/index.js';
import { snake } from '../../http/snake.js';
import { parseCommandArgs, required } from '../args.js';
import { configFor } from '../context.js';
import type { CliIo } from '../io.js';
import { printJson } from '../with-app.js';

const ACTIONS = ['migrate', 'backup', 'restore', 'check', 'import-legacy', 'backups'] as const;

/**
 * `agent33 store migrate | backup [--label l] | backups | restore [--from latest|id] | check [--full] |
 * import-legacy <path> [--kind json-file|backup-file|legacy-sqlite] [--mode merge|if-empty]`: operates on the SQLite
 * file directly. `restore` needs the server stopped (the file is replaced); the HTTP admin route restores online.
 */
export async function storeCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    label: { type: 'string' },
    from: { type: 'string' },
    full: { type: 'boolean' },
    kind: { type: 'string' },
    mode: { type: 'string' },
  });
  const action = required(positionals, 0, ACTIONS.join('|'));
  if (!(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`unknown store action "${action}" (${ACTIONS.join(', ')})`);
  const config = configFor(values, io);
  const path = config.store.path as string;
  const backupDir = config.store.backupDir as string;

  if (action === 'restore') {
    const report = await restoreSqliteStore({ path, backupDir, from: typeof values['from'] === 'string' ? values['from'] : 'latest' });
    printJson(io, snake(report));
    return 0;
  }
  let applied: string[] = [];
  const store = await openSqliteStore({ path, backupDir, events: { migration: (e) => (applied = [...e.applied]) } });
  try {
    switch (action) {
      case 'migrate':
        printJson(io, { path, applied, known: SQLITE_MIGRATIONS.map((m) => m.tag) });
        return 0;
      case 'backup':
        printJson(io, snake(await store.backup({ kind: 'manual', ...(typeof values['label'] === 'string' ? { label: values['label'] } : {}) })));
        return 0;
      case 'backups':
        printJson(io, snake(await store.listBackups()));
        return 0;
      case 'check': {
        const report = await store.verify({ mode: values['full'] === true ? 'full' : 'quick' });
        printJson(io, snake(report));
        return report.ok ? 0 : 1;
      }
      default: {
        const source = required(positionals, 1, 'path');
        const kind = (values['kind'] as string | undefined) ?? (source.endsWith('.db') || source.endsWith('.sqlite') ? 'legacy-sqlite' : 'json-file');
        if (!['json-file', 'backup-file', 'legacy-sqlite'].includes(kind)) throw new UsageError('--kind must be json-file, backup-file or legacy-sqlite');
        const mode = (values['mode'] as string | undefined) ?? 'merge';
        if (mode !== 'merge' && mode !== 'if-empty') throw new UsageError('--mode must be merge or if-empty');
        const report = await store.importLegacy(
          { kind: kind as 'json-file' | 'backup-file' | 'legacy-sqlite', path: source },
          { mode, backupFirst: true },
        );
        printJson(io, snake(report));
        return 0;
      }
    }
  } finally {
    await store.close();
  }
}
