import { describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { TEST_DATABASES } from '../../test/harness.js';
import {
  insertRow,
  responseRowBefore0008,
  upgradedDatabase,
} from '../../test/migration-harness.js';
import { listResponses } from '../responses/responses.repository.js';
import type { TDb } from './database.js';

const T = '2025-03-01T10:00:00.000Z';

/** Submission times of each organization's responses, out of order on purpose. */
const TIMES: Record<string, string[]> = {
  a: ['2025-03-02T08:00:00.000Z', '2025-03-01T09:30:00.000Z', '2025-03-03T12:00:00.000Z'],
  b: ['2025-03-01T11:00:00.000Z', '2025-03-02T07:00:00.000Z'],
};

/** Two organizations (numbers 1 and 7), a survey each, their responses, one partial. */
async function seedBefore0011(db: Kysely<unknown>): Promise<void> {
  const stamps = { created_at: T, updated_at: T };
  for (const [org, seq] of [
    ['a', 1],
    ['b', 7],
  ] as const) {
    await insertRow(db, 'organizations', { id: org, name: org, slug: org, seq, ...stamps });
    await insertRow(db, 'surveys', {
      id: `sv-${org}`,
      organization_id: org,
      name: 'S',
      slug: `sv-${org}`,
      kind: 'touchpoint',
      status: 'live',
      current_version: 1,
      ...stamps,
    });
    for (const [i, at] of (TIMES[org] ?? []).entries()) {
      await insertRow(
        db,
        'responses',
        responseRowBefore0008(`${org}${i}`, { organization: org, survey: `sv-${org}` }, at, {
          values_json: `{"nps":${i + 5}}`,
        }),
      );
    }
  }
  await insertRow(
    db,
    'responses',
    responseRowBefore0008('b-partial', { organization: 'b', survey: 'sv-b' }, T, {
      status: 'partial',
      submitted_at: null,
      values_json: '{}',
    }),
  );
}

for (const database of TEST_DATABASES) {
  describe(`migration 0011 (responses carry the organization's number) [${database.dialect}]`, () => {
    const upgraded = upgradedDatabase(
      database,
      '0010-rollup-values-without-rowid',
      seedBefore0011,
      '0011-response-organization-numbers',
    );

    it('numbers every stored response by its organization', async () => {
      const rows = await upgraded.rows<{ id: string; organization_seq: number }>(
        sql`SELECT id, organization_seq FROM responses ORDER BY id`,
      );
      expect(rows.map((r) => [r.id, Number(r.organization_seq)])).toEqual([
        ['a0', 1],
        ['a1', 1],
        ['a2', 1],
        ['b-partial', 7],
        ['b0', 7],
        ['b1', 7],
      ]);
      const values = await upgraded.rows<{ response_id: string; organization_seq: number }>(
        sql`SELECT response_id, organization_seq FROM response_values ORDER BY response_id`,
      );
      expect(values.map((r) => [r.response_id, Number(r.organization_seq)])).toEqual([
        ['a0', 1],
        ['a1', 1],
        ['a2', 1],
        ['b0', 7],
        ['b1', 7],
      ]);
    });

    it("keys the time index by the organization's number", async () => {
      const columns =
        database.dialect === 'sqlite'
          ? (
              await upgraded.rows<{ name: string }>(
                sql`SELECT name FROM pragma_index_info('responses_org_submitted') ORDER BY seqno`,
              )
            ).map((r) => r.name)
          : (
              await upgraded.rows<{ name: string }>(sql`
                SELECT a.attname AS name
                FROM pg_index i
                JOIN pg_class c ON c.oid = i.indexrelid
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                WHERE c.relname = 'responses_org_submitted'
                  AND c.relnamespace = current_schema()::regnamespace
                ORDER BY array_position(i.indkey, a.attnum)`)
            ).map((r) => r.name);
      expect(columns).toEqual(['organization_seq', 'submitted_at']);
    });

    it("lists each organization's responses only, in submission order", async () => {
      const db = upgraded.db() as unknown as TDb;
      const list = async (org: string) =>
        (
          await listResponses(db, org, { limit: 50, sort: '-submittedAt', status: 'complete' })
        ).items.map((r) => r.submittedAt);
      const newestFirst = (times: string[] = []) => [...times].sort().reverse();
      expect(await list('a')).toEqual(newestFirst(TIMES['a']));
      expect(await list('b')).toEqual(newestFirst(TIMES['b']));
      const all = await listResponses(db, 'b', { limit: 50, sort: '-submittedAt' });
      expect(all.items.map((r) => r.id).sort()).toEqual(['b-partial', 'b0', 'b1']);
    });
  });
}
