/**
 * `npx tsx bench/sqlite-floor.ts`: what SQLite through better-sqlite3 costs per row on this
 * machine, before any parsing or validation, for rows shaped like interactions. It shows how far
 * the import figures are from what the storage layout allows: the same rows into a table without
 * indexes in memory, then into the interactions layout (text UUID keys, the unique external id
 * and the time index led by the organization's number, the index by customer; both time keys
 * are `unixepoch(occurred_at, 'subsec')`, as since migration 0009) in a WAL file
 * synced on every commit, as the import writes them. Each variant runs three times on fresh tables; medians.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { newId } from '@touchstone/core';
import { describeMachine, formatNumber, median, printTable } from './report.js';

const ROWS = 200_000;
const CUSTOMERS = 6_700;
const RUNS = 3;

type TRow = [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  number,
  string,
  string,
  string,
  number,
];

const INTERACTIONS = `CREATE TABLE interactions (
  id text PRIMARY KEY, organization_id text NOT NULL, external_id text, customer_id text NOT NULL,
  touchpoint_id text NOT NULL, occurred_at text NOT NULL, type text NOT NULL, amount real,
  currency text, attributes_json text NOT NULL, created_at text NOT NULL,
  organization_seq integer NOT NULL, UNIQUE (organization_seq, external_id));
CREATE INDEX interactions_customer ON interactions (customer_id, unixepoch(occurred_at, 'subsec'));
CREATE INDEX interactions_org_occurred ON interactions
  (organization_seq, unixepoch(occurred_at, 'subsec'));`;
const BARE = `CREATE TABLE interactions (id text, organization_id text, external_id text,
  customer_id text, touchpoint_id text, occurred_at text, type text, amount real, currency text,
  attributes_json text, created_at text, organization_seq integer);`;

/** Rows as the demo file orders them: customer by customer, times spread over two years. */
function rows(): TRow[] {
  // Time-ordered ids, as `newId` makes them: new rows land at the end of the id index.
  const org = newId();
  const customers = Array.from({ length: CUSTOMERS }, () => newId());
  const touchpoints = Array.from({ length: 20 }, () => newId());
  const now = new Date().toISOString();
  return Array.from({ length: ROWS }, (_, i) => {
    const customer = Math.floor((i * CUSTOMERS) / ROWS);
    const at = Date.UTC(2024, 10, 1) + ((i * 104_729) % 63_072_000) * 1000;
    return [
      newId(),
      org,
      `AC${String(customer + 1).padStart(8, '0')}-${String(i).padStart(6, '0')}`,
      customers[customer] ?? '',
      touchpoints[i % 20] ?? '',
      new Date(at).toISOString(),
      'purchase',
      123.45,
      'EUR',
      '{"cabin":"economy"}',
      now,
      1,
    ];
  });
}

interface TVariant {
  name: string;
  file: boolean;
  schema: string;
  batch: number;
}

const VARIANTS: TVariant[] = [
  { name: 'no index, in memory, one transaction', file: false, schema: BARE, batch: ROWS },
  {
    name: 'interactions layout, in memory, one transaction',
    file: false,
    schema: INTERACTIONS,
    batch: ROWS,
  },
  {
    name: 'interactions layout, WAL file, 5,000 per commit',
    file: true,
    schema: INTERACTIONS,
    batch: 5_000,
  },
  {
    name: 'interactions layout, WAL file, 25,000 per commit',
    file: true,
    schema: INTERACTIONS,
    batch: 25_000,
  },
];

/** Microseconds per row: all, and the part spent in COMMIT. */
function run(variant: TVariant, data: TRow[]): { total: number; commit: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-floor-'));
  const db = new SqliteDatabase(variant.file ? path.join(dir, 'floor.db') : ':memory:');
  try {
    if (variant.file) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('wal_autocheckpoint = 16384');
    }
    db.pragma('cache_size = -65536');
    db.exec(variant.schema);
    const insert = db.prepare(
      'INSERT INTO interactions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const begin = db.prepare('BEGIN IMMEDIATE');
    const commit = db.prepare('COMMIT');
    let commitMs = 0;
    const started = performance.now();
    for (let from = 0; from < data.length; from += variant.batch) {
      begin.run();
      const to = Math.min(data.length, from + variant.batch);
      for (let i = from; i < to; i++) insert.run(data[i]);
      const before = performance.now();
      commit.run();
      commitMs += performance.now() - before;
    }
    const ms = performance.now() - started;
    const count = db.prepare('SELECT count(*) FROM interactions').pluck().get();
    if (count !== data.length) throw new Error(`${variant.name}: ${String(count)} rows stored`);
    return { total: (ms * 1000) / data.length, commit: (commitMs * 1000) / data.length };
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

process.stdout.write(`SQLite floor per row, ${formatNumber(ROWS)} interaction-shaped rows\n`);
process.stdout.write(`machine: ${describeMachine()}\n`);
const data = rows();
const results = VARIANTS.map((variant) => {
  const runs = Array.from({ length: RUNS }, () => run(variant, data));
  const total = median(runs.map((r) => r.total));
  return {
    variant,
    total,
    commit: median(runs.map((r) => r.commit)),
    perSecond: 1e6 / total,
  };
});
printTable(
  'e. SQLite floor: prepared INSERTs of ready rows, no parsing or validation; medians of 3',
  ['layout', 'µs/row', 'of which COMMIT', 'rows/s'],
  results.map((r) => [
    r.variant.name,
    formatNumber(r.total, 1),
    formatNumber(r.commit, 1),
    formatNumber(r.perSecond),
  ]),
);
