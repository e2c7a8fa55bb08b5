import { z } from 'zod';
import type { StorePart } from '../../composition/store-part.js';
import { route, type RouteSpec } from '../route.js';
import { snake } from '../snake.js';

const P = '/v1/admin/store';

/** Store administration (admin scope): health, migrations, backup, restore, integrity check, legacy import, retention. */
export function adminRoutes(part: StorePart): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: `${P}/health`,
      summary: 'Store health: status, database and WAL sizes, last backup and verification',
      tag: 'admin',
      access: 'admin',
      handler: async () => snake(await part.store.health()),
    }),
    route({
      method: 'post',
      path: `${P}/migrate`,
      summary: 'Migration status (migrations run at open; this reports what was applied and what the build embeds)',
      tag: 'admin',
      access: 'admin',
      body: z.strictObject({}),
      handler: () => {
        const m = part.migrations();
        return { applied_at_open: m.appliedAtOpen, known: m.known, current: m.known.at(-1) ?? null };
      },
    }),
    route({
      method: 'post',
      path: `${P}/backup`,
      summary: 'Online backup with a verified manifest (sha-256, row counts)',
      tag: 'admin',
      access: 'admin',
      body: z.strictObject({ label: z.string().min(1).max(100).regex(/^[A-Za-z0-9._-]+$/).optional() }),
      handler: async ({ body }) => snake(await part.store.backup({ kind: 'manual', ...(body.label === undefined ? {} : { label: body.label }) })),
    }),
    route({
      method: 'get',
      path: `${P}/backups`,
      summary: 'Verified backups, newest first',
      tag: 'admin',
      access: 'admin',
      handler: async () => snake(await part.store.listBackups()),
    }),
    route({
      method: 'post',
      path: `${P}/restore`,
      summary: 'Restore from a verified backup (latest or an id); the current database is quarantined, not deleted',
      tag: 'admin',
      access: 'admin',
      body: z.strictObject({ from: z.string().min(1).max(200).regex(/^[A-Za-z0-9._:-]+$/, 'latest or a backup id').default('latest') }),
      errors: [404, 503],
      handler: async ({ body }) => snake(await part.restore(body.from)),
    }),
    route({
      method: 'post',
      path: `${P}/check`,
      summary: 'Integrity check (quick_check, or a full integrity_check)',
      tag: 'admin',
      access: 'admin',
      body: z.strictObject({ mode: z.enum(['quick', 'full']).default('quick') }),
      handler: async ({ body }) => snake(await part.store.verify({ mode: body.mode })),
    }),
    route({
      method: 'post',
      path: `${P}/import-legacy`,
      summary: 'Import the reference engine\'s JSON state, a backup envelope, or its SQLite file (idempotent, receipt-checked)',
      tag: 'admin',
      access: 'admin',
      body: z.strictObject({
        kind: z.enum(['json-file', 'backup-file', 'legacy-sqlite']),
        path: z.string().min(1).max(4096),
        mode: z.enum(['if-empty', 'merge']).default('merge'),
        backup_first: z.boolean().default(true),
      }),
      errors: [400, 404],
      handler: async ({ body }) =>
        snake(await part.store.importLegacy({ kind: body.kind, path: body.path }, { mode: body.mode, backupFirst: body.backup_first })),
    }),
    route({
      method: 'post',
      path: `${P}/retention`,
      summary: 'Apply the retention policy now (defaults: 180 days)',
      tag: 'admin',
      access: 'admin',
      body: z.strictObject({
        max_age_days: z.number().int().min(1).max(36_500).optional(),
        max_signals: z.number().int().min(1).nullable().optional(),
      }),
      handler: async ({ body }) =>
        snake(
          await part.store.applyRetention({
            ...(body.max_age_days === undefined ? {} : { maxAgeDays: body.max_age_days }),
            ...(body.max_signals === undefined ? {} : { maxSignals: body.max_signals }),
          }),
        ),
    }),
  ];
}
