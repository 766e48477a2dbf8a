/**
 * `npx tsx bench/response-time-index-floor.ts [--stored 2000000]`: what SQLite costs per stored
 * response with the responses' time index keyed by the organization's id (before migration 0011)
 * and by its number (since), in the case that index costs most: a database that already holds
 * many responses (as after the submission figures) takes three imports of the same past year,
 * so that the second and third land among the entries of the first. Ready rows, prepared
 * INSERTs with the shared columns as literals (as the bulk writer binds them), 10,000 a commit in
 * a WAL file synced on commit, no foreign keys.
 */
import { parseArgs } from 'node:util';
import type SqliteDatabase from 'better-sqlite3';
import { newId } from '@touchstone/core';
import { withFloorDatabase } from './floor-database.js';
import { describeMachine, formatNumber, printTable } from './report.js';

const IMPORT = 200_000;
const BATCH = 10_000;

const LAYOUTS = {
  'organization id': '(organization_id, submitted_at)',
  'organization number': '(organization_seq, submitted_at)',
} as const;
type TLayout = keyof typeof LAYOUTS;

function schema(layout: TLayout): string {
  return `
CREATE TABLE responses (id text PRIMARY KEY, organization_id text NOT NULL,
  organization_seq integer NOT NULL, survey_id text NOT NULL, survey_version integer NOT NULL,
  touchpoint_id text, customer_id text, interaction_id text, channel text NOT NULL,
  language text NOT NULL, status text NOT NULL, answers_json text NOT NULL,
  hidden_json text NOT NULL, segment_json text NOT NULL, segment_key text NOT NULL,
  values_json text NOT NULL, resume_token_hash text, idempotency_key text,
  started_at text NOT NULL, submitted_at text, day text NOT NULL, updated_at text NOT NULL);
CREATE UNIQUE INDEX responses_resume ON responses (resume_token_hash)
  WHERE resume_token_hash IS NOT NULL;
CREATE UNIQUE INDEX responses_idempotency ON responses (organization_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE INDEX responses_customer ON responses (customer_id) WHERE customer_id IS NOT NULL;
CREATE INDEX responses_org_submitted ON responses ${LAYOUTS[layout]};
CREATE INDEX responses_survey_version ON responses (survey_id, survey_version, id);`;
}

/** Microseconds per response of loading `count` responses dated by `at` into a new survey. */
function load(db: SqliteDatabase.Database, org: string, count: number, at: (i: number) => string) {
  const survey = newId();
  const now = new Date().toISOString();
  const insert = db.prepare(
    `INSERT INTO responses VALUES (?, '${org}', 1, '${survey}', 1, NULL, NULL, NULL, 'import',
      'en', 'complete', ?, '{}', '{}', '', ?, NULL, NULL, ?, ?, ?, '${now}')`,
  );
  const write = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const time = at(i);
      const answers = { nps: i % 11, csat: 1 + (i % 5), comment: `visit ${i % 97}` };
      const values = `{"nps":${i % 11},"csat":${1 + (i % 5)}}`;
      insert.run(newId(), JSON.stringify(answers), values, time, time, time.slice(0, 10));
    }
  });
  const started = performance.now();
  for (let from = 0; from < count; from += BATCH) {
    write.immediate(from, Math.min(count, from + BATCH));
  }
  return ((performance.now() - started) * 1000) / count;
}

/** The three imports' microseconds per response, after `stored` recent responses. */
function measure(layout: TLayout, stored: number): number[] {
  return withFloorDatabase('touchstone-time-index-', (db) => {
    db.exec(schema(layout));
    const org = newId();
    const recent = Date.now() - 86_400_000;
    load(db, org, stored, (i) => new Date(recent + i * 10).toISOString());
    db.pragma('wal_checkpoint(TRUNCATE)');
    // The bench's import file: 300 days of 2026, consecutive rows on different days.
    const year = Date.UTC(2026, 0, 1);
    const pastYear = (i: number) =>
      new Date(year + (i % 300) * 86_400_000 + (i % 86_400) * 1000).toISOString();
    return [1, 2, 3].map(() => {
      const us = load(db, org, IMPORT, pastYear);
      db.pragma('wal_checkpoint(TRUNCATE)');
      return us;
    });
  });
}

const { values } = parseArgs({ options: { stored: { type: 'string', default: '2000000' } } });
const stored = Number(values.stored);
process.stdout.write(`machine: ${describeMachine()}\n`);
const rows = (Object.keys(LAYOUTS) as TLayout[]).map((layout) => {
  const runs = measure(layout, stored);
  return [layout, LAYOUTS[layout], ...runs.map((us) => formatNumber(us, 2))];
});
printTable(
  `Time index floor: µs per response for three imports of ${formatNumber(IMPORT)} after ${formatNumber(stored)} stored`,
  ['key', 'index', 'import 1', 'import 2', 'import 3'],
  rows,
);
