/**
 * Deterministic responses for the scorecard figures, written straight into `responses` and the
 * rollups with prepared statements in large transactions. The same answers also go, one row per
 * answer, into `raw_answers` (a table of the bench's own, indexed by organization, key and day):
 * the layout a plain SQL GROUP BY design keeps, which the baselines query. Responses are
 * generated day by day (so every index grows at its end) and the rollups of each month are summed
 * in memory with the same delta code the response writer's listener uses, then inserted once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SeededRandom, hash32 } from '../../packages/server/src/demo/random.js';
import { RollupDeltaBuilder } from '../../packages/server/src/analytics/rollup-deltas.js';
import {
  CROSS_COLUMNS,
  VALUE_COLUMNS as ROLLUP_COLUMNS,
  crossCellColumns,
  crossProductRow,
  rollupValueRow,
} from '../../packages/server/src/ingest/rollup-row.js';
import { openStorage } from '../../packages/server/src/storage/database.js';
import { migrateToLatest } from '../../packages/server/src/storage/migrate.js';
import { note } from '../report.js';
import {
  DRIVER_KEYS,
  SEGMENT_ATTRIBUTES,
  createBenchOrganization,
  type TBenchOrg,
} from './setup.js';

/** Bump when the generated data change, so that stale files under bench/.data are not reused. */
const DATA_VERSION = 3;
export const FIRST_DAY = '2024-01-01';
export const DAYS = 731;
/** Share of respondents who also rate the 12 drivers. */
export const DRIVER_SHARE = 0.1;

/** A generated database and what it holds. */
export interface TDataset {
  file: string;
  org: TBenchOrg;
  responses: number;
  driverResponses: number;
  /** Respondents who rated all 12 drivers (the key-driver analysis keeps these). */
  completeDriverResponses: number;
  valueRows: number;
  valueCells: number;
  crossCells: number;
  seconds: number;
  reused: boolean;
}

const RESPONSE_COLUMNS = [
  'id',
  'organization_id',
  'organization_seq',
  'survey_id',
  'survey_version',
  'touchpoint_id',
  'channel',
  'language',
  'status',
  'answers_json',
  'hidden_json',
  'segment_json',
  'segment_key',
  'values_json',
  'started_at',
  'submitted_at',
  'day',
  'updated_at',
];
const VALUE_COLUMNS = [
  'response_id',
  'organization_id',
  'survey_id',
  'question_key',
  'touchpoint_id',
  'day',
  'segment_key',
  'value',
];
/** The baselines' table: one row per answer (what `response_values` was before migration 0008). */
const RAW_ANSWERS_TABLE = `CREATE TABLE raw_answers (response_id text NOT NULL,
  organization_id text NOT NULL, survey_id text NOT NULL, question_key text NOT NULL,
  touchpoint_id text, day text NOT NULL, segment_key text NOT NULL, value double precision NOT NULL,
  PRIMARY KEY (response_id, question_key))`;
const RAW_ANSWERS_INDEX =
  'CREATE INDEX raw_answers_org_key_day ON raw_answers (organization_id, question_key, day)';
const insert = (table: string, columns: readonly string[]) =>
  `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;

/** Responses per day: growing over the two years, fewer at weekends; sums to `total` exactly. */
function dayCounts(total: number): number[] {
  const weights = Array.from({ length: DAYS }, (_, d) => {
    const weekday = (d + 1) % 7; // 2024-01-01 was a Monday: 0 = Sunday here
    return (1 + (0.5 * d) / DAYS) * (weekday === 0 || weekday === 6 ? 0.7 : 1);
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts: number[] = [];
  let carried = 0;
  let given = 0;
  for (const w of weights) {
    carried += (w / sum) * total;
    const upto = Math.round(carried);
    counts.push(upto - given);
    given = upto;
  }
  return counts;
}

function gaussian(random: SeededRandom): number {
  const u = Math.max(random.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}

const clamp = (x: number, low: number, high: number) => Math.max(low, Math.min(high, x));

/** The segments (region x tier x traveller) with their weights and effects on experience. */
function segments() {
  const list: { key: string; json: string; weight: number; effect: number }[] = [];
  const weight = {
    apac: 0.2,
    eu: 0.5,
    na: 0.3,
    basic: 0.5,
    gold: 0.2,
    silver: 0.3,
    business: 0.4,
    leisure: 0.6,
  };
  const effect = {
    apac: -0.1,
    eu: 0,
    na: 0.1,
    basic: -0.2,
    gold: 0.4,
    silver: 0.1,
    business: -0.3,
    leisure: 0.1,
  };
  for (const region of SEGMENT_ATTRIBUTES.region) {
    for (const tier of SEGMENT_ATTRIBUTES.tier) {
      for (const traveller of SEGMENT_ATTRIBUTES.traveller) {
        list.push({
          key: `region=${region};tier=${tier};traveller=${traveller}`,
          json: JSON.stringify({ region, tier, traveller }),
          weight: weight[region] * weight[tier] * weight[traveller],
          effect: effect[region] + effect[tier] + effect[traveller],
        });
      }
    }
  }
  return list;
}

/** Writes `total` responses of the organization into an open, migrated SQLite database. */
async function writeResponses(
  file: string,
  total: number,
  seed: number,
): Promise<Omit<TDataset, 'seconds' | 'reused'>> {
  const storage = await openStorage(file);
  try {
    await migrateToLatest(storage.db);
    const org = await createBenchOrganization(storage);
    const sqlite = storage.sqlite;
    if (sqlite === null) throw new Error('the scorecard data set is built in SQLite');
    sqlite.pragma('synchronous = OFF');
    // Secondary indexes are rebuilt once at the end: faster than maintaining them row by row.
    const indexes = sqlite
      .prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name = 'responses'",
      )
      .all() as { name: string; sql: string }[];
    for (const index of indexes) sqlite.exec(`DROP INDEX ${index.name}`);
    sqlite.exec(RAW_ANSWERS_TABLE);
    indexes.push({ name: 'raw_answers_org_key_day', sql: RAW_ANSWERS_INDEX });
    const insertResponse = sqlite.prepare(insert('responses', RESPONSE_COLUMNS));
    const organizationSeq = sqlite
      .prepare('SELECT seq FROM organizations WHERE id = ?')
      .pluck()
      .get(org.orgId) as number;
    const insertValue = sqlite.prepare(insert('raw_answers', VALUE_COLUMNS));
    const insertRollup = sqlite.prepare(insert('rollup_values', ROLLUP_COLUMNS));
    const insertCross = sqlite.prepare(insert('rollup_cross_products', CROSS_COLUMNS));
    const random = new SeededRandom(hash32(seed, 0x5c0e));
    const segmentList = segments();
    const segmentWeights = segmentList.map((s, i) => [i, s.weight] as const);
    const touchpointWeights = org.touchpointIds.map((_, i) => [i, 1 + (i % 5)] as const);
    const start = Date.parse(`${FIRST_DAY}T00:00:00Z`);
    let builder = new RollupDeltaBuilder();
    let id = 0;
    let driverResponses = 0;
    let completeDriverResponses = 0;
    let valueRows = 0;
    let valueCells = 0;
    let crossCells = 0;
    const flush = () => {
      const deltas = builder.build();
      for (const d of deltas.values) insertRollup.run(rollupValueRow(d));
      for (const d of deltas.cross) {
        insertCross.run(crossProductRow(org.orgId, crossCellColumns(d), Array.from(d.moments)));
      }
      valueCells += deltas.values.length;
      crossCells += deltas.cross.length;
      builder = new RollupDeltaBuilder();
    };
    const counts = dayCounts(total);
    sqlite.exec('BEGIN');
    let month = '';
    for (let d = 0; d < DAYS; d++) {
      const day = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
      if (day.slice(0, 7) !== month) {
        flush();
        sqlite.exec('COMMIT');
        sqlite.exec('BEGIN');
        month = day.slice(0, 7);
        note(`  ${month}: ${id.toLocaleString('en-US')} responses written`);
      }
      const seasonal = 0.25 * Math.sin((2 * Math.PI * d) / 365);
      for (let k = 0; k < (counts[d] ?? 0); k++) {
        const t = random.weighted(touchpointWeights);
        const segment = segmentList[random.weighted(segmentWeights)] ?? segmentList[0];
        if (!segment) throw new Error('no segments');
        const touchpointId = org.touchpointIds[t] ?? '';
        const latent = ((t % 6) - 2.5) * 0.25 + segment.effect + seasonal + gaussian(random);
        const nps = clamp(Math.round(6.8 + 1.6 * latent + 1.2 * gaussian(random)), 0, 10);
        const values: { key: string; value: number }[] = [{ key: 'nps', value: nps }];
        const answers: Record<string, unknown> = { nps };
        if (random.chance(DRIVER_SHARE)) {
          driverResponses++;
          const skip = random.chance(0.03) ? random.int(0, DRIVER_KEYS.length - 1) : -1;
          if (skip < 0) completeDriverResponses++;
          const items: Record<string, number> = {};
          DRIVER_KEYS.forEach((key, j) => {
            if (j === skip) return;
            const score = clamp(
              Math.round(3.2 + (0.9 - 0.06 * j) * latent + 0.9 * gaussian(random)),
              1,
              5,
            );
            items[key.slice(4)] = score;
            values.push({ key, value: score });
          });
          answers['drv'] = items;
        }
        const responseId = `01900000-0000-7000-8000-${(id++).toString(16).padStart(12, '0')}`;
        const at = `${day}T${String(6 + (k % 14)).padStart(2, '0')}:00:00.000Z`;
        const channel = k % 3 === 0 ? 'email' : 'link';
        insertResponse.run(
          responseId,
          org.orgId,
          organizationSeq,
          org.surveyId,
          1,
          touchpointId,
          channel,
          'en',
          'complete',
          JSON.stringify(answers),
          '{}',
          segment.json,
          segment.key,
          JSON.stringify(Object.fromEntries(values.map((v) => [v.key, v.value]))),
          at,
          at,
          day,
          at,
        );
        for (const v of values) {
          insertValue.run(
            responseId,
            org.orgId,
            org.surveyId,
            v.key,
            touchpointId,
            day,
            segment.key,
            v.value,
          );
        }
        valueRows += values.length;
        builder.add(
          {
            organizationId: org.orgId,
            surveyId: org.surveyId,
            touchpointId,
            day,
            segmentKey: segment.key,
            complete: true,
            values,
          },
          1,
        );
      }
    }
    flush();
    sqlite.exec('COMMIT');
    sqlite
      .prepare('INSERT INTO rollup_versions (organization_id, version) VALUES (?, 1)')
      .run(org.orgId);
    note('  indexing ...');
    for (const index of indexes) sqlite.exec(index.sql);
    note('  analysing tables and checkpointing ...');
    sqlite.exec('ANALYZE');
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    return {
      file,
      org,
      responses: id,
      driverResponses,
      completeDriverResponses,
      valueRows,
      valueCells,
      crossCells,
    };
  } finally {
    await storage.close();
  }
}

/** The data set of a size: reused from bench/.data when present, generated otherwise. */
export async function prepareDataset(dir: string, total: number, seed: number): Promise<TDataset> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `scorecard-${total}-s${seed}-v${DATA_VERSION}.db`);
  const meta = `${file}.json`;
  if (fs.existsSync(meta) && fs.existsSync(file)) {
    return { ...(JSON.parse(fs.readFileSync(meta, 'utf8')) as TDataset), reused: true };
  }
  for (const stale of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(stale, { force: true });
  note(`generating ${total.toLocaleString('en-US')} responses into ${file} ...`);
  const started = performance.now();
  const written = await writeResponses(file, total, seed);
  const dataset: TDataset = {
    ...written,
    seconds: (performance.now() - started) / 1000,
    reused: false,
  };
  fs.writeFileSync(meta, JSON.stringify(dataset, null, 2));
  return dataset;
}
