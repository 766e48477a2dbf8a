/**
 * The baselines of the scorecard figure, each answering the same question on the same rows:
 * a plain GROUP BY over the raw answers in SQLite, PostgreSQL and DuckDB, and the peer design
 * that pages every response into JavaScript objects and aggregates there.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import { openBenchPostgres, type TBenchDatabase } from '../databases.js';
import { note } from '../report.js';
import type { TStorage } from '../../packages/server/src/storage/database.js';
import {
  SCORECARD_FROM,
  SCORECARD_TO,
  cellsFromRows,
  groupBySql,
  type TCountRow,
  type TScorecardCells,
} from './cells.js';

/** A baseline ready to be timed. */
export interface TBaseline {
  name: string;
  run(): Promise<TScorecardCells>;
  close(): Promise<void>;
}

/** SQLite: the GROUP BY through better-sqlite3, using the (organization, key, day) index. */
export function sqliteBaseline(sqlite: SqliteDatabase.Database, orgId: string): TBaseline {
  const statement = sqlite.prepare(groupBySql(() => '?'));
  return {
    name: 'SQLite GROUP BY over raw_answers',
    run: () =>
      Promise.resolve(
        cellsFromRows(statement.all(orgId, SCORECARD_FROM, SCORECARD_TO) as TCountRow[]),
      ),
    close: () => Promise.resolve(),
  };
}

/** Reads the NPS answers of the organization from SQLite, in batches. */
function* npsRows(sqlite: SqliteDatabase.Database, orgId: string) {
  const statement = sqlite
    .prepare(
      `SELECT response_id, organization_id, survey_id, question_key, touchpoint_id, day, segment_key, value
       FROM raw_answers WHERE organization_id = ? AND question_key = 'nps'`,
    )
    .raw(true);
  let batch: unknown[][] = [];
  for (const row of statement.iterate(orgId) as Iterable<unknown[]>) {
    batch.push(row);
    if (batch.length === 1000) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** PostgreSQL: the same rows loaded with multi-row INSERTs into a fresh schema, then GROUP BY. */
export async function postgresBaseline(
  url: string,
  sqlite: SqliteDatabase.Database,
  orgId: string,
): Promise<TBaseline & { loadSeconds: number }> {
  const database: TBenchDatabase = await openBenchPostgres(url);
  const pool = database.storage.pool as pg.Pool;
  const started = performance.now();
  // The answers only, into a table shaped and indexed as the SQLite baseline's.
  await pool.query(`CREATE TABLE raw_answers (response_id text NOT NULL,
    organization_id text NOT NULL, survey_id text NOT NULL, question_key text NOT NULL,
    touchpoint_id text, day text NOT NULL, segment_key text NOT NULL,
    value double precision NOT NULL, PRIMARY KEY (response_id, question_key))`);
  await pool.query(
    'CREATE INDEX raw_answers_org_key_day ON raw_answers (organization_id, question_key, day)',
  );
  let loaded = 0;
  for (const batch of npsRows(sqlite, orgId)) {
    const params: unknown[] = [];
    const tuples = batch.map((row) => {
      const base = params.length;
      params.push(...row);
      return `(${row.map((_, i) => `$${base + i + 1}`).join(', ')})`;
    });
    await pool.query(
      `INSERT INTO raw_answers (response_id, organization_id, survey_id, question_key, touchpoint_id, day, segment_key, value) VALUES ${tuples.join(', ')}`,
      params,
    );
    loaded += batch.length;
    if (loaded % 1_000_000 === 0)
      note(`  PostgreSQL: ${loaded.toLocaleString('en-US')} rows loaded`);
  }
  await pool.query('ANALYZE raw_answers');
  const loadSeconds = (performance.now() - started) / 1000;
  const text = groupBySql((i) => `$${i}`);
  return {
    name: 'PostgreSQL GROUP BY over raw_answers',
    loadSeconds,
    run: async () =>
      cellsFromRows(
        (await pool.query<TCountRow>(text, [orgId, SCORECARD_FROM, SCORECARD_TO])).rows,
      ),
    close: () => database.drop(),
  };
}

/** DuckDB (in memory): the same rows through its appender, then the same GROUP BY. */
export async function duckdbBaseline(
  sqlite: SqliteDatabase.Database,
  orgId: string,
): Promise<TBaseline & { loadSeconds: number }> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection: DuckDBConnection = await instance.connect();
  const started = performance.now();
  await connection.run(`CREATE TABLE raw_answers (response_id VARCHAR, organization_id VARCHAR,
    survey_id VARCHAR, question_key VARCHAR, touchpoint_id VARCHAR, day VARCHAR, segment_key VARCHAR, value DOUBLE)`);
  const appender = await connection.createAppender('raw_answers');
  for (const batch of npsRows(sqlite, orgId)) {
    for (const row of batch) {
      for (let i = 0; i < 7; i++) appender.appendVarchar(String(row[i]));
      appender.appendDouble(Number(row[7]));
      appender.endRow();
    }
  }
  appender.flushSync();
  appender.closeSync();
  const loadSeconds = (performance.now() - started) / 1000;
  const text = groupBySql((i) => `$${i}`);
  return {
    name: 'DuckDB GROUP BY (in memory, same rows)',
    loadSeconds,
    run: async () => {
      const reader = await connection.runAndReadAll(text, [orgId, SCORECARD_FROM, SCORECARD_TO]);
      return cellsFromRows(reader.getRowObjectsJS() as unknown as TCountRow[]);
    },
    close: () => {
      connection.closeSync();
      instance.closeSync();
      return Promise.resolve();
    },
  };
}

/**
 * The peer design: every response paged into JavaScript objects by keyset pagination, 5,000 at
 * a time, through the query builder; answers parsed from JSON and counted in a map.
 */
export function peerBaseline(storage: TStorage, orgId: string): TBaseline {
  return {
    name: 'peer: page 5,000 responses at a time into JS',
    run: async () => {
      const counts = new Map<string, [number, number, number, number]>();
      let after = '';
      for (;;) {
        const page = await storage.db
          .selectFrom('responses')
          .select(['id', 'touchpoint_id', 'day', 'answers_json'])
          .where('organization_id', '=', orgId)
          .where('id', '>', after)
          .orderBy('id')
          .limit(5_000)
          .execute();
        for (const response of page) {
          if (response.day < SCORECARD_FROM || response.day > SCORECARD_TO) continue;
          const answers = JSON.parse(response.answers_json) as { nps?: number };
          if (typeof answers.nps !== 'number') continue;
          const key = `${response.day.slice(0, 7)}|${response.touchpoint_id ?? ''}`;
          const cell = counts.get(key) ?? [0, 0, 0, 0];
          cell[answers.nps >= 9 ? 0 : answers.nps >= 7 ? 1 : 2] += 1;
          cell[3] += 1;
          counts.set(key, cell);
        }
        const last = page[page.length - 1];
        if (page.length < 5_000 || last === undefined) break;
        after = last.id;
      }
      return cellsFromRows(
        [...counts].map(([key, [promoters, passives, detractors, n]]) => {
          const [month = '', touchpointId = ''] = key.split('|');
          return { month, touchpoint_id: touchpointId, promoters, passives, detractors, n };
        }),
      );
    },
    close: () => Promise.resolve(),
  };
}
