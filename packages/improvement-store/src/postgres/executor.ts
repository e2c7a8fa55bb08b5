import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import type { Op, Program, Rows, SqlExecutor } from '../sql/program.js';

/** Any drizzle Postgres database: node-postgres, PGlite, … */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyPgDatabase = PgDatabase<any, any, any>;

/** Turns a `?`-placeholder statement into drizzle SQL with bound parameters (`$1`, `$2`, … on the wire). */
export function toDrizzleSql(op: Op): SQL {
  const parts = op.text.split('?');
  if (parts.length - 1 !== op.params.length) throw new Error(`Placeholder count ${parts.length - 1} != parameter count ${op.params.length}`);
  const chunks: SQL[] = [sql.raw(parts[0]!)];
  op.params.forEach((param, index) => {
    chunks.push(sql`${param}`, sql.raw(parts[index + 1]!));
  });
  return sql.join(chunks);
}

function rowsOf(result: unknown): Rows {
  if (Array.isArray(result)) return result as Rows;
  return ((result as { rows?: Rows }).rows ?? []) as Rows;
}

/** Drives SQL programs with `await` on a drizzle Postgres database; writes run in one transaction each. */
export class PgExecutor implements SqlExecutor {
  readonly dialect = 'postgres' as const;

  constructor(private readonly db: AnyPgDatabase) {}

  private async drive<T>(target: Pick<AnyPgDatabase, 'execute'>, generator: Program<T>): Promise<T> {
    let step = generator.next();
    while (!step.done) {
      const result = await target.execute(toDrizzleSql(step.value));
      step = generator.next(rowsOf(result));
    }
    return step.value;
  }

  read<T>(program: () => Program<T>): Promise<T> {
    return this.drive(this.db, program());
  }

  write<T>(program: () => Program<T>): Promise<T> {
    return this.db.transaction((tx) => this.drive(tx, program()));
  }

  /** Runs raw statements in one transaction (migrations). */
  async transaction<T>(fn: (exec: (op: Op) => Promise<Rows>) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(async (op) => rowsOf(await tx.execute(toDrizzleSql(op)))));
  }

  async close(): Promise<void> {
    // The host owns the pool or PGlite instance and closes it.
  }
}
