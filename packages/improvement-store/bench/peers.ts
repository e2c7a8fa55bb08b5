/** The physical anchors the store is measured against: raw better-sqlite3 and drizzle inserts on the same rows. */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { sql } from 'drizzle-orm';
import { integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { NewLearningSignal } from '../src/index.js';
import { tempDir } from './data.js';

const RAW_DDL =
  'CREATE TABLE raw_signals (seq INTEGER PRIMARY KEY, signal_id TEXT NOT NULL UNIQUE, tenant_id TEXT NOT NULL, recorded_at_us INTEGER NOT NULL, ingested_at_us INTEGER NOT NULL, signal_type TEXT NOT NULL, severity TEXT NOT NULL, severity_rank INTEGER NOT NULL, summary TEXT NOT NULL, details TEXT NOT NULL, source TEXT NOT NULL, context TEXT NOT NULL, quality_score REAL NOT NULL, quality_label TEXT NOT NULL, fingerprint TEXT NOT NULL, occurrence_count INTEGER NOT NULL); CREATE INDEX raw_tenant_time ON raw_signals (tenant_id, recorded_at_us)';

export const rawSignals = sqliteTable('raw_signals', {
  seq: integer('seq').primaryKey(),
  signalId: text('signal_id').notNull(),
  tenantId: text('tenant_id').notNull(),
  recordedAtUs: integer('recorded_at_us').notNull(),
  ingestedAtUs: integer('ingested_at_us').notNull(),
  signalType: text('signal_type').notNull(),
  severity: text('severity').notNull(),
  severityRank: integer('severity_rank').notNull(),
  summary: text('summary').notNull(),
  details: text('details').notNull(),
  source: text('source').notNull(),
  context: text('context').notNull(),
  qualityScore: real('quality_score').notNull(),
  qualityLabel: text('quality_label').notNull(),
  fingerprint: text('fingerprint').notNull(),
  occurrenceCount: integer('occurrence_count').notNull(),
});

/** A raw WAL database with the 16-column signal table. */
export function rawDatabase(durability: 'full' | 'normal'): Database.Database {
  const db = new Database(join(tempDir('raw'), 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
  db.exec(RAW_DDL);
  return db;
}

/** Row values as the raw peers insert them (no scoring: the anchor is the physical insert). */
export function rawRow(s: NewLearningSignal, i: number) {
  return {
    signalId: `${s.signalId}-raw${i}`,
    tenantId: s.tenantId ?? 'default',
    recordedAtUs: Date.parse(s.recordedAt ?? '2026-01-01T00:00:00Z') * 1000,
    ingestedAtUs: Date.now() * 1000,
    signalType: s.signalType ?? 'feedback',
    severity: s.severity ?? 'medium',
    severityRank: 2,
    summary: s.summary,
    details: s.details ?? '',
    source: s.source ?? '',
    context: JSON.stringify(s.context ?? {}),
    qualityScore: 0.5,
    qualityLabel: 'medium',
    fingerprint: 'f'.repeat(64),
    occurrenceCount: 1,
  };
}

/** Raw prepared insert in transactions of `txRows`: rows per second. */
export function rawInsertRate(db: Database.Database, rows: NewLearningSignal[], txRows: number, offset: number): number {
  const insert = db.prepare(
    'INSERT INTO raw_signals (signal_id, tenant_id, recorded_at_us, ingested_at_us, signal_type, severity, severity_rank, summary, details, source, context, quality_score, quality_label, fingerprint, occurrence_count) VALUES (@signalId, @tenantId, @recordedAtUs, @ingestedAtUs, @signalType, @severity, @severityRank, @summary, @details, @source, @context, @qualityScore, @qualityLabel, @fingerprint, @occurrenceCount)',
  );
  const tx = db.transaction((batch: ReturnType<typeof rawRow>[]) => {
    for (const r of batch) insert.run(r);
  });
  const prepared = rows.map((r, i) => rawRow(r, offset + i));
  const start = performance.now();
  for (let i = 0; i < prepared.length; i += txRows) tx.immediate(prepared.slice(i, i + txRows));
  return prepared.length / ((performance.now() - start) / 1000);
}

/** drizzle inserts: prepared with placeholders, per-row query builder, or multi-row `values([...])`. */
export function drizzleInsertRate(db: Database.Database, rows: NewLearningSignal[], mode: 'prepared' | 'builder' | 'values100', offset: number): number {
  const d = drizzle(db);
  const prepared = rows.map((r, i) => rawRow(r, offset + i));
  const start = performance.now();
  if (mode === 'values100') {
    for (let i = 0; i < prepared.length; i += 100) d.insert(rawSignals).values(prepared.slice(i, i + 100)).run();
  } else if (mode === 'builder') {
    d.transaction((tx) => {
      for (const r of prepared) tx.insert(rawSignals).values(r).run();
    });
  } else {
    const p = d
      .insert(rawSignals)
      .values({
        signalId: sql.placeholder('signalId'),
        tenantId: sql.placeholder('tenantId'),
        recordedAtUs: sql.placeholder('recordedAtUs'),
        ingestedAtUs: sql.placeholder('ingestedAtUs'),
        signalType: sql.placeholder('signalType'),
        severity: sql.placeholder('severity'),
        severityRank: sql.placeholder('severityRank'),
        summary: sql.placeholder('summary'),
        details: sql.placeholder('details'),
        source: sql.placeholder('source'),
        context: sql.placeholder('context'),
        qualityScore: sql.placeholder('qualityScore'),
        qualityLabel: sql.placeholder('qualityLabel'),
        fingerprint: sql.placeholder('fingerprint'),
        occurrenceCount: sql.placeholder('occurrenceCount'),
      })
      .prepare();
    for (let i = 0; i < prepared.length; i += 1000) {
      d.transaction(() => {
        for (const r of prepared.slice(i, i + 1000)) p.run(r);
      });
    }
  }
  return prepared.length / ((performance.now() - start) / 1000);
}

/**
 * Raw prepared insert into the store's own schema (same indexes and CHECKs) with values computed beforehand: the
 * like-for-like anchor that separates the schema's cost from the store's software overhead.
 */
export async function rawSameSchemaRate(rows: NewLearningSignal[], durability: 'full' | 'normal'): Promise<number> {
  const { openSqliteStore } = await import('../src/sqlite/index.js');
  const { buildSignal } = await import('../src/domain/signals.js');
  const path = join(tempDir('same'), 'same.db');
  await (await openSqliteStore({ path })).close();
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
  const values = rows.map((r, i) => {
    const rec = buildSignal(r, `LS-same-${i}`, 0);
    const s = rec.signal;
    return [s.signalId, s.tenantId, rec.recordedUs, 0, s.signalType, s.severity, rec.severityRank, s.summary, s.details, s.source, JSON.stringify(s.context), s.qualityScore, s.qualityLabel, JSON.stringify(s.qualityReasons), JSON.stringify(s.enrichment), rec.fingerprint, 1, rec.firstSeenUs, rec.lastSeenUs, 0, null];
  });
  const insert = db.prepare(
    'INSERT INTO learning_signals (signal_id, tenant_id, recorded_at_us, ingested_at_us, signal_type, severity, severity_rank, summary, details, source, context, quality_score, quality_label, quality_reasons, enrichment, fingerprint, occurrence_count, first_seen_at_us, last_seen_at_us, intake_generated, related_intake_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const tx = db.transaction((batch: unknown[][]) => {
    for (const v of batch) insert.run(...(v as never[]));
  });
  const start = performance.now();
  for (let i = 0; i < values.length; i += 1000) tx.immediate(values.slice(i, i + 1000));
  const rate = values.length / ((performance.now() - start) / 1000);
  db.close();
  return rate;
}
