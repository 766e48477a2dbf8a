import { describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { TResponseListQuery } from '@touchstone/core';
import { TEST_DATABASES } from '../../test/harness.js';
import {
  insertRow,
  responseRowBefore0008,
  upgradedDatabase,
} from '../../test/migration-harness.js';
import { listResponses } from '../responses/responses.repository.js';
import type { TDb } from './database.js';

const T = '2025-03-01T00:00:00.000Z';

/**
 * Organization a's responses: submitted ones (`c`) by submission time, partial ones (`p`) by
 * start, interleaved; p2 starts when c2 was submitted, so that the id breaks the tie.
 */
const RESPONSES = [
  { id: 'c1', started: '2025-03-01T09:55:00.000Z', submitted: '2025-03-01T10:00:00.000Z' },
  { id: 'p1', started: '2025-03-01T10:30:00.000Z', submitted: null },
  { id: 'c2', started: '2025-03-01T08:00:00.000Z', submitted: '2025-03-01T11:00:00.000Z' },
  { id: 'p2', started: '2025-03-01T11:00:00.000Z', submitted: null },
  { id: 'c3', started: '2025-03-02T08:59:00.000Z', submitted: '2025-03-02T09:00:00.000Z' },
  { id: 'p3', started: '2025-02-28T12:00:00.000Z', submitted: null },
];

/** The order of a list of all of a's responses, newest first, worked out by hand. */
const NEWEST_FIRST = ['c3', 'p2', 'c2', 'p1', 'c1', 'p3'];

async function seedBefore0012(db: Kysely<unknown>): Promise<void> {
  const stamps = { created_at: T, updated_at: T };
  for (const [org, seq] of [
    ['a', 1],
    ['b', 2],
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
  }
  const rows = [
    ...RESPONSES.map((r) => ({ ...r, org: 'a', seq: 1 })),
    { id: 'b-c', started: T, submitted: T, org: 'b', seq: 2 },
    { id: 'b-p', started: T, submitted: null, org: 'b', seq: 2 },
  ];
  for (const r of rows) {
    await insertRow(
      db,
      'responses',
      responseRowBefore0008(r.id, { organization: r.org, survey: `sv-${r.org}` }, r.started, {
        organization_seq: r.seq,
        status: r.submitted === null ? 'partial' : 'complete',
        submitted_at: r.submitted,
        values_json: '{}',
      }),
    );
  }
}

for (const database of TEST_DATABASES) {
  describe(`migration 0012 (unsubmitted responses by start) [${database.dialect}]`, () => {
    const upgraded = upgradedDatabase(
      database,
      '0011-response-organization-numbers',
      seedBefore0012,
      '0012-unsubmitted-responses-by-start',
    );

    /** Every page of a list of organization a's responses, `limit` at a time, as ids. */
    const pages = async (query: Partial<TResponseListQuery>, limit = 2) => {
      const db = upgraded.db() as unknown as TDb;
      const seen: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await listResponses(db, 'a', {
          sort: '-submittedAt',
          ...query,
          limit,
          cursor,
        });
        seen.push(page.items.map((r) => r.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined && seen.length < 10);
      return seen;
    };

    it('indexes only the responses without a submission time', async () => {
      const definition =
        database.dialect === 'sqlite'
          ? sql<{ text: string }>`SELECT sql AS text FROM sqlite_master
              WHERE name = 'responses_org_unsubmitted'`
          : sql<{ text: string }>`SELECT indexdef AS text FROM pg_indexes
              WHERE indexname = 'responses_org_unsubmitted' AND schemaname = current_schema()`;
      const [row] = await upgraded.rows(definition);
      expect(row?.text).toMatch(/\(organization_seq, started_at\)/);
      expect(row?.text).toMatch(/WHERE \(?submitted_at IS NULL\)?/);
    });

    it('pages through submitted and partial responses merged in one order', async () => {
      expect(await pages({})).toEqual([
        ['c3', 'p2'],
        ['c2', 'p1'],
        ['c1', 'p3'],
      ]);
      expect(await pages({ sort: 'submittedAt' }, 4)).toEqual([
        [...NEWEST_FIRST].reverse().slice(0, 4),
        [...NEWEST_FIRST].reverse().slice(4),
      ]);
      expect((await pages({}, 1)).flat()).toEqual(NEWEST_FIRST);
      expect(await pages({}, 50)).toEqual([NEWEST_FIRST]);
    });

    it('keeps the status filters and dates each response by its own time', async () => {
      expect((await pages({ status: 'partial' })).flat()).toEqual(['p2', 'p1', 'p3']);
      expect((await pages({ status: 'complete' })).flat()).toEqual(['c3', 'c2', 'c1']);
      // c2 started before the period and was submitted in it; p1 and p2 started in it.
      const period = { from: '2025-03-01T10:15:00.000Z', to: '2025-03-01T11:30:00.000Z' };
      expect((await pages(period)).flat()).toEqual(['p2', 'c2', 'p1']);
    });

    if (database.dialect === 'sqlite') {
      it('reads each kind of response through its own index', async () => {
        const plan = async (query: ReturnType<typeof sql>) =>
          (await upgraded.rows<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${query}`))
            .map((r) => r.detail)
            .join(' | ');
        expect(
          await plan(sql`SELECT * FROM responses WHERE organization_seq = 1
            AND submitted_at IS NULL ORDER BY started_at DESC, id DESC LIMIT 3`),
        ).toMatch(/USING INDEX responses_org_unsubmitted/);
        expect(
          await plan(sql`SELECT * FROM responses WHERE organization_seq = 1
            AND submitted_at IS NOT NULL ORDER BY submitted_at DESC, id DESC LIMIT 3`),
        ).toMatch(/USING INDEX responses_org_submitted/);
      });
    }
  });
}
