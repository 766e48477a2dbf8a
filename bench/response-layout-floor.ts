/**
 * `npx tsx bench/response-layout-floor.ts`: what SQLite costs per stored response on this
 * machine, before any parsing, validation or rollup, for two layouts:
 * - the one before migration 0008 (migrations 0002, 0003 and 0005): the `responses` row with its
 *   eight indexes, and one `response_values` row per numeric answer with its primary key and its
 *   index;
 * - the compact one of migration 0008: the numeric answers packed into the response row, and six
 *   indexes, the three on mostly empty columns (resume token, idempotency key, customer) partial.
 * Ready rows, prepared INSERTs, batches of 10,000 per commit in a WAL file synced on commit, no
 * foreign keys (as in `sqlite-floor.ts`); three runs of each, medians. It shows why the response
 * import could not reach 100,000 a second with the old layout, whatever the code around it did.
 */
import { newId } from '@touchstone/core';
import { withFloorDatabase } from './floor-database.js';
import { describeMachine, formatNumber, median, printTable } from './report.js';

const RESPONSES = 200_000;
const BATCH = 10_000;
const RUNS = 3;

const BEFORE_0008 = `
CREATE TABLE responses (id text PRIMARY KEY, organization_id text NOT NULL,
  survey_id text NOT NULL, survey_version integer NOT NULL, touchpoint_id text, customer_id text,
  interaction_id text, channel text NOT NULL, language text NOT NULL, status text NOT NULL,
  answers_json text NOT NULL, hidden_json text NOT NULL, segment_json text NOT NULL,
  segment_key text NOT NULL, resume_token_hash text UNIQUE, idempotency_key text,
  started_at text NOT NULL, submitted_at text, day text NOT NULL, updated_at text NOT NULL,
  UNIQUE (organization_id, idempotency_key));
CREATE INDEX responses_org_survey_submitted ON responses (organization_id, survey_id, submitted_at);
CREATE INDEX responses_org_submitted ON responses (organization_id, submitted_at);
CREATE INDEX responses_customer ON responses (customer_id);
CREATE INDEX responses_org_day ON responses (organization_id, day);
CREATE INDEX responses_survey_version ON responses (survey_id, survey_version, id);
CREATE TABLE response_values (response_id text NOT NULL, organization_id text NOT NULL,
  survey_id text NOT NULL, question_key text NOT NULL, touchpoint_id text, day text NOT NULL,
  segment_key text NOT NULL, value double precision NOT NULL,
  PRIMARY KEY (response_id, question_key));
CREATE INDEX response_values_org_question_day ON response_values
  (organization_id, question_key, day);`;

const SINCE_0008 = `
CREATE TABLE responses (id text PRIMARY KEY, organization_id text NOT NULL,
  survey_id text NOT NULL, survey_version integer NOT NULL, touchpoint_id text, customer_id text,
  interaction_id text, channel text NOT NULL, language text NOT NULL, status text NOT NULL,
  answers_json text NOT NULL, hidden_json text NOT NULL, segment_json text NOT NULL,
  segment_key text NOT NULL, values_json text NOT NULL, resume_token_hash text,
  idempotency_key text, started_at text NOT NULL, submitted_at text, day text NOT NULL,
  updated_at text NOT NULL);
CREATE UNIQUE INDEX responses_resume ON responses (resume_token_hash)
  WHERE resume_token_hash IS NOT NULL;
CREATE UNIQUE INDEX responses_idempotency ON responses (organization_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE INDEX responses_customer ON responses (customer_id) WHERE customer_id IS NOT NULL;
CREATE INDEX responses_org_submitted ON responses (organization_id, submitted_at);
CREATE INDEX responses_survey_version ON responses (survey_id, survey_version, id);`;

interface TResponse {
  id: string;
  touchpoint: string;
  at: string;
  segment: string;
  answers: string;
  values: [string, number][];
}

/** Responses as an integration posts them: time-ordered ids, 300 days, a short comment. */
function responses(valuesEach: number): TResponse[] {
  const touchpoints = Array.from({ length: 20 }, () => newId());
  const tiers = ['gold', 'silver', 'blue'];
  return Array.from({ length: RESPONSES }, (_, i) => {
    const at = new Date(Date.UTC(2026, 0, 1) + (i % 300) * 86_400_000 + (i % 86_400) * 1000);
    return {
      id: newId(),
      touchpoint: touchpoints[i % 20] ?? '',
      at: at.toISOString(),
      segment: `tier=${tiers[i % 3] ?? ''};type=${i % 2 === 0 ? 'leisure' : 'business'}`,
      answers: JSON.stringify({ nps: i % 11, csat: 1 + (i % 5), comment: `visit ${i % 97}` }),
      values: Array.from({ length: valuesEach }, (_, k): [string, number] => [
        `q${k}`,
        (i + k) % 11,
      ]),
    };
  });
}

/** Microseconds per response for one layout. */
function run(layout: 'before 0008' | 'since 0008', data: TResponse[]): number {
  return withFloorDatabase('touchstone-response-floor-', (db) => {
    db.exec(layout === 'before 0008' ? BEFORE_0008 : SINCE_0008);
    const org = newId();
    const survey = newId();
    const now = new Date().toISOString();
    const columns = layout === 'before 0008' ? 20 : 21;
    const insertResponse = db.prepare(
      `INSERT INTO responses VALUES (${Array.from({ length: columns }, () => '?').join(', ')})`,
    );
    const insertValue =
      layout === 'before 0008'
        ? db.prepare('INSERT INTO response_values VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        : null;
    const write = db.transaction((rows: TResponse[]) => {
      for (const r of rows) {
        const day = r.at.slice(0, 10);
        const head = [r.id, org, survey, 1, r.touchpoint, null, null, 'api', 'en', 'complete'];
        const tail = [null, null, r.at, r.at, day, now];
        if (layout === 'before 0008') {
          insertResponse.run([...head, r.answers, '{}', '{}', r.segment, ...tail]);
          for (const [key, value] of r.values) {
            insertValue?.run(r.id, org, survey, key, r.touchpoint, day, r.segment, value);
          }
        } else {
          const values = JSON.stringify(Object.fromEntries(r.values));
          insertResponse.run([...head, r.answers, '{}', '{}', r.segment, values, ...tail]);
        }
      }
    });
    const started = performance.now();
    for (let from = 0; from < data.length; from += BATCH) {
      write.immediate(data.slice(from, from + BATCH));
    }
    const ms = performance.now() - started;
    const count = db.prepare('SELECT count(*) FROM responses').pluck().get();
    if (count !== data.length) throw new Error(`${layout}: ${String(count)} responses stored`);
    return (ms * 1000) / data.length;
  });
}

process.stdout.write(`SQLite floor per response, ${formatNumber(RESPONSES)} responses\n`);
process.stdout.write(`machine: ${describeMachine()}\n`);
const rows: string[][] = [];
for (const valuesEach of [2, 7]) {
  const data = responses(valuesEach);
  for (const layout of ['before 0008', 'since 0008'] as const) {
    const us = median(Array.from({ length: RUNS }, () => run(layout, data)));
    rows.push([layout, String(valuesEach), formatNumber(us, 1), formatNumber(1e6 / us)]);
  }
}
printTable(
  'f. SQLite floor per response: ready rows, prepared INSERTs, 10,000 per commit; medians of 3',
  ['layout', 'numeric answers', 'µs/response', 'responses/s'],
  rows,
);
