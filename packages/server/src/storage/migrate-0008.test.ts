import { describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { TEST_DATABASES } from '../../test/harness.js';
import {
  insertRow,
  responseRowBefore0008,
  upgradedDatabase,
} from '../../test/migration-harness.js';
import { rebuildOrganizationRollups } from '../analytics/rollup-rebuild.js';
import { migrateToLatest } from './migrate.js';

const T = '2025-03-01T10:00:00.000Z';

/** The answers as a release before migration 0008 stored them, one row each. */
const OLD_VALUES: [string, string, number][] = [
  ['r1', 'nps', 9],
  ['r1', 'csat', 4],
  ['r1', 'grid.speed', 2.5],
  ['r2', 'nps', 3],
  ['r3', 'nps', 10],
];

/**
 * A database at migration 0007: one organization with a customer and a survey, three complete
 * responses with their `response_values` rows (one with an idempotency key, one tied to the
 * customer), and a partial response with a resume token and no values.
 */
async function seedBefore0008(db: Kysely<unknown>): Promise<void> {
  const insert = (table: string, row: Record<string, unknown>) => insertRow(db, table, row);
  const stamps = { created_at: T, updated_at: T };
  await insert('organizations', { id: 'org', name: 'O', slug: 'o', seq: 1, ...stamps });
  await insert('customers', {
    id: 'c1',
    organization_id: 'org',
    external_id: 'c1',
    email_consent: 0,
    attributes_json: '{}',
    ...stamps,
  });
  await insert('surveys', {
    id: 'sv',
    organization_id: 'org',
    name: 'S',
    slug: 'sv',
    kind: 'touchpoint',
    status: 'live',
    current_version: 1,
    ...stamps,
  });
  const response = (id: string, extra: Record<string, unknown>) =>
    insert(
      'responses',
      responseRowBefore0008(id, { organization: 'org', survey: 'sv' }, T, {
        segment_key: 'tier=gold',
        ...extra,
      }),
    );
  await response('r1', { idempotency_key: 'key-1' });
  await response('r2', { customer_id: 'c1' });
  await response('r3', {});
  await response('r4', { status: 'partial', submitted_at: null, resume_token_hash: 'hash-4' });
  for (const [responseId, key, value] of OLD_VALUES) {
    await insert('response_values', {
      response_id: responseId,
      organization_id: 'org',
      survey_id: 'sv',
      question_key: key,
      touchpoint_id: null,
      day: '2025-03-01',
      segment_key: 'tier=gold',
      value,
    });
  }
}

describe.each(TEST_DATABASES)('migration 0008 on $dialect', (database) => {
  const upgraded = upgradedDatabase(
    database,
    '0007-organization-numbers',
    seedBefore0008,
    '0008-compact-responses',
  );
  const { db, rows } = upgraded;
  const copy = (id: string, extra = '') =>
    sql`INSERT INTO responses (id, organization_id, survey_id, survey_version, channel, language,
      status, answers_json, hidden_json, segment_json, segment_key, values_json,
      idempotency_key, resume_token_hash, started_at, submitted_at, day, updated_at)
      SELECT ${id}, organization_id, survey_id, survey_version, channel, language, status,
      answers_json, hidden_json, segment_json, segment_key, values_json, idempotency_key,
      resume_token_hash, started_at, submitted_at, day, updated_at FROM responses
      WHERE id = ${extra}`;

  it('packs each response’s answers into its row, and leaves a partial one empty', async () => {
    const packed = await rows(sql<{ id: string; values_json: string }>`
      SELECT id, values_json FROM responses ORDER BY id`);
    expect(packed.map((r) => [r.id, JSON.parse(r.values_json) as unknown])).toEqual([
      ['r1', { nps: 9, csat: 4, 'grid.speed': 2.5 }],
      ['r2', { nps: 3 }],
      ['r3', { nps: 10 }],
      ['r4', {}],
    ]);
  });

  it('reads the same answer rows through the response_values view', async () => {
    const view = await rows(sql<{ response_id: string; question_key: string; value: number }>`
      SELECT response_id, question_key, value FROM response_values`);
    const seen = view.map((r) => [r.response_id, r.question_key, Number(r.value)]);
    expect(seen.sort()).toEqual([...OLD_VALUES].sort());
  });

  it('keeps idempotency keys and resume tokens unique', async () => {
    await expect(copy('r5', 'r1').execute(db())).rejects.toThrow(/unique|duplicate/i);
    await expect(copy('r6', 'r4').execute(db())).rejects.toThrow(/unique|duplicate/i);
    const stored = await rows(sql<{ n: number }>`SELECT count(*) AS n FROM responses`);
    expect(Number(stored[0]?.n)).toBe(4);
  });

  it('keeps the customer reference: erasing the customer clears it', async () => {
    await sql`DELETE FROM customers WHERE id = 'c1'`.execute(db());
    const r2 = await rows(sql<{ customer_id: string | null }>`
      SELECT customer_id FROM responses WHERE id = 'r2'`);
    expect(r2).toEqual([{ customer_id: null }]);
  });

  it('rebuilds the rollups from the packed answers', async () => {
    // Today's rebuild reads the later migrations' columns too.
    await migrateToLatest(upgraded.storage().db, upgraded.storage().pgSchema);
    await rebuildOrganizationRollups(upgraded.storage(), 'org');
    const cells = await rows(sql<{ question_key: string; n: number; sum: number }>`
      SELECT question_key, n, sum FROM rollup_values WHERE organization_id = 'org'
      ORDER BY question_key`);
    expect(cells.map((c) => [c.question_key, Number(c.n), Number(c.sum)])).toEqual([
      ['$response', 3, 0],
      ['csat', 1, 4],
      ['grid.speed', 1, 2.5],
      ['nps', 3, 22],
    ]);
  });
});
