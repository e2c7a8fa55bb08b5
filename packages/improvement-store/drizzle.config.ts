/**
 * drizzle-kit configuration for authoring migrations (development only; the runtime applies the embedded SQL with
 * its own migrator). `DRIZZLE_DIALECT=postgresql` selects the Postgres schema and folder; SQLite is the default.
 *
 *   npx drizzle-kit generate --config drizzle.config.ts --name <name>
 *   DRIZZLE_DIALECT=postgresql npx drizzle-kit generate --config drizzle.config.ts --name <name>
 *   node scripts/embed-migrations.mjs
 */
import { defineConfig } from 'drizzle-kit';

const postgres = process.env.DRIZZLE_DIALECT === 'postgresql';

export default defineConfig(
  postgres
    ? { dialect: 'postgresql', schema: './src/schema/pg.ts', out: './migrations/pg' }
    : { dialect: 'sqlite', schema: './src/schema/sqlite.ts', out: './migrations/sqlite' },
);
