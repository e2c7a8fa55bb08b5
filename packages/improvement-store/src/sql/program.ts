/**
 * SQL programs: backend operations written once as generators that yield statements and receive rows. The SQLite
 * executor drives them synchronously inside one better-sqlite3 `IMMEDIATE` transaction (no `await` can ever sit
 * inside a SQLite transaction); the Postgres executor drives them with `await` inside a drizzle transaction.
 * Statements use `?` placeholders; the Postgres executor turns them into bound parameters.
 */

/** A value bound to a placeholder. */
export type SqlValue = string | number | bigint | null;

/** One statement and its parameters. */
export interface Op {
  text: string;
  params: readonly SqlValue[];
}

/** Result rows of a statement (empty for statements that return nothing). */
export type Rows = Record<string, unknown>[];

/** A program: yields statements, receives their rows, returns a value. */
export type Program<T> = Generator<Op, T, Rows>;

/** Runs programs against one database. */
export interface SqlExecutor {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs a read-only program (no explicit transaction on SQLite: one statement sees one snapshot). */
  read<T>(program: () => Program<T>): Promise<T>;
  /** Runs a program in one write transaction. */
  write<T>(program: () => Program<T>): Promise<T>;
  close(): Promise<void>;
}

/** Shorthand for building an {@link Op}. */
export function q(text: string, ...params: SqlValue[]): Op {
  return { text, params };
}

/** Number of a numeric column that a driver may return as string or bigint. */
export function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}
