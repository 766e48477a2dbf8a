import { describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { TEST_DATABASES } from '../../test/harness.js';
import {
  insertRow,
  responseRowBefore0008,
  upgradedDatabase,
} from '../../test/migration-harness.js';
import { insertOrganization } from '../organizations/organizations.repository.js';

const T = '2025-01-01T00:00:00.000Z';

/** Rows as a release before migration 0007 stored them: two organizations, one with history. */
async function seedBefore0007(db: Kysely<unknown>): Promise<void> {
  const insert = (table: string, row: Record<string, unknown>) => insertRow(db, table, row);
  const stamps = { created_at: T, updated_at: T };
  await insert('organizations', { id: 'org-b', name: 'B', slug: 'b', ...stamps });
  await insert('organizations', {
    id: 'org-a',
    name: 'A',
    slug: 'a',
    created_at: '2024-06-01T00:00:00.000Z',
    updated_at: T,
  });
  for (const org of ['org-a', 'org-b']) {
    await insert('journeys', {
      id: `j-${org}`,
      organization_id: org,
      name: 'J',
      description: '',
      ...stamps,
    });
    await insert('stages', {
      id: `s-${org}`,
      organization_id: org,
      journey_id: `j-${org}`,
      name: 'S',
      description: '',
      phase: 'purchase',
      position: 0,
    });
    await insert('touchpoints', {
      id: `tp-${org}`,
      organization_id: org,
      journey_id: `j-${org}`,
      stage_id: `s-${org}`,
      key: 'lounge',
      name: 'Lounge',
      description: '',
      channel: 'in_person',
      provider_type: 'employee',
      senses_json: '[]',
      ...stamps,
    });
    await insert('customers', {
      id: `c-${org}`,
      organization_id: org,
      external_id: 'c1',
      email_consent: 0,
      attributes_json: '{}',
      ...stamps,
    });
    for (const n of [1, 2]) {
      await insert('interactions', {
        id: `i${n}-${org}`,
        organization_id: org,
        external_id: `booking-${n}`,
        customer_id: `c-${org}`,
        touchpoint_id: `tp-${org}`,
        occurred_at: `2025-02-0${n}T10:00:00.000Z`,
        type: 'visit',
        amount: 10 * n,
        currency: 'EUR',
        attributes_json: '{}',
        created_at: T,
      });
    }
  }
  await insert('surveys', {
    id: 'survey-a',
    organization_id: 'org-a',
    name: 'S',
    slug: 'survey-a',
    kind: 'transactional',
    status: 'live',
    current_version: 1,
    ...stamps,
  });
  await insert(
    'responses',
    responseRowBefore0008('r-a', { organization: 'org-a', survey: 'survey-a' }, T, {
      touchpoint_id: 'tp-org-a',
      customer_id: 'c-org-a',
      interaction_id: 'i1-org-a',
    }),
  );
}

describe.each(TEST_DATABASES)('migration 0007 on $dialect', (database) => {
  const upgraded = upgradedDatabase(
    database,
    '0006-widget',
    seedBefore0007,
    '0007-organization-numbers',
  );
  const { db, rows } = upgraded;

  it('numbers the organizations in the order they were created', async () => {
    const orgs = await rows(sql<{ id: string; seq: number }>`
      SELECT id, seq FROM organizations ORDER BY seq`);
    expect(orgs.map((o) => [o.id, Number(o.seq)])).toEqual([
      ['org-a', 1],
      ['org-b', 2],
    ]);
  });

  it('numbers an organization created after the upgrade next', async () => {
    await insertOrganization(upgraded.storage().db, {
      id: 'org-c',
      name: 'C',
      slug: 'c',
      created_at: T,
      updated_at: T,
    });
    const row = await rows(sql<{ seq: number }>`SELECT seq FROM organizations WHERE id = 'org-c'`);
    expect(row.map((r) => Number(r.seq))).toEqual([3]);
  });

  it('keeps every interaction, each with its organization’s number', async () => {
    const kept = await rows(sql<{ id: string; organization_seq: number; amount: number }>`
      SELECT id, organization_seq, amount FROM interactions ORDER BY id`);
    expect(kept.map((i) => [i.id, Number(i.organization_seq), Number(i.amount)])).toEqual([
      ['i1-org-a', 1, 10],
      ['i1-org-b', 2, 10],
      ['i2-org-a', 1, 20],
      ['i2-org-b', 2, 20],
    ]);
  });

  it('keeps external ids unique per organization, through the new key', async () => {
    const again = sql`INSERT INTO interactions (id, organization_id, organization_seq, external_id,
      customer_id, touchpoint_id, occurred_at, type, attributes_json, created_at)
      VALUES ('i3', 'org-a', 1, 'booking-1', 'c-org-a', 'tp-org-a', ${T}, 'visit', '{}', ${T})`;
    await expect(again.execute(db())).rejects.toThrow(/unique|duplicate/i);
  });

  it('keeps the references: a response to an interaction, and the cascades', async () => {
    await sql`DELETE FROM interactions WHERE id = 'i1-org-a'`.execute(db());
    const response = await rows(sql<{ interaction_id: string | null }>`
      SELECT interaction_id FROM responses WHERE id = 'r-a'`);
    expect(response).toEqual([{ interaction_id: null }]);
    await sql`DELETE FROM customers WHERE id = 'c-org-b'`.execute(db());
    const left = await rows(sql<{ id: string }>`SELECT id FROM interactions ORDER BY id`);
    expect(left.map((r) => r.id)).toEqual(['i2-org-a']);
  });

  it('refuses an interaction whose customer does not exist', async () => {
    const orphan = sql`INSERT INTO interactions (id, organization_id, organization_seq, external_id,
      customer_id, touchpoint_id, occurred_at, type, attributes_json, created_at)
      VALUES ('i4', 'org-a', 1, null, 'nobody', 'tp-org-a', ${T}, 'visit', '{}', ${T})`;
    await expect(orphan.execute(db())).rejects.toThrow(/foreign key/i);
  });
});
