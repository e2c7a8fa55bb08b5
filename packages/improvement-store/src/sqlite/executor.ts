import type Database from 'better-sqlite3';
import type { Op, Program, Rows, SqlExecutor } from '../sql/program.js';

/**
 * Drives SQL programs synchronously on one better-sqlite3 connection. Writes run inside `BEGIN IMMEDIATE`
 * transactions (the write lock is taken up front, so two processes never deadlock upgrading a read lock);
 * statements are prepared once and cached by their text.
 */
export class SqliteExecutor implements SqlExecutor {
  readonly dialect = 'sqlite' as const;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly runImmediate: (program: () => Program<unknown>) => unknown;

  constructor(readonly db: Database.Database) {
    this.runImmediate = db.transaction((program: () => Program<unknown>) => this.drive(program())).immediate;
  }

  private statement(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  private exec(op: Op): Rows {
    const statement = this.statement(op.text);
    if (statement.reader) return statement.all(...op.params) as Rows;
    // Writes without RETURNING report their change count as one row, so "inserted?" reads the same as with
    // RETURNING (which costs a temporary result table per statement on SQLite).
    const { changes } = statement.run(...op.params);
    return changes > 0 ? [{ changes }] : [];
  }

  /** Runs a program to completion, synchronously. */
  drive<T>(generator: Program<T>): T {
    let step = generator.next();
    while (!step.done) step = generator.next(this.exec(step.value));
    return step.value;
  }

  read<T>(program: () => Program<T>): Promise<T> {
    try {
      return Promise.resolve(this.drive(program()));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  write<T>(program: () => Program<T>): Promise<T> {
    try {
      return Promise.resolve(this.runImmediate(program as () => Program<unknown>) as T);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async close(): Promise<void> {
    this.statements.clear();
    if (this.db.open) this.db.close();
  }
}
