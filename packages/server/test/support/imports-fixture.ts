/**
 * The import suites' setup: helpers that post files to the import API and count what was stored,
 * and, on every database, org A with touchpoints `lounge` and `gate`, typed attribute keys and
 * customers cust-0 .. cust-9; org B with touchpoint `spa` and customer `only-in-b`.
 */
import type { TImportResult } from '@touchstone/core';
import { expect } from 'vitest';
import type { TTestEnv } from '../harness.js';
import { describeEachDatabaseWith } from './fixture-suite.js';
import { seedTouchpoints } from './touchpoint-fixtures.js';

export const NDJSON = 'application/x-ndjson';
export const CSV = 'text/csv';

/** Posts a file to `/api/import/<what>` as admin of org A (or `org`). */
export async function post(
  env: TTestEnv,
  what: string,
  contentType: string,
  payload: string,
  org = env.orgA,
) {
  return env.as(
    'admin',
    {
      method: 'POST',
      url: `/api/import/${what}`,
      headers: { 'content-type': contentType },
      payload,
    },
    org,
  );
}

/** Posts a file that must be taken (200); the import's result. */
export async function imported(env: TTestEnv, what: string, contentType: string, payload: string) {
  const res = await post(env, what, contentType, payload);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<TImportResult>();
}

/** How many customers or interactions an organization (org A by default) holds. */
export async function count(
  env: TTestEnv,
  table: 'customers' | 'interactions',
  orgId = env.orgA.id,
) {
  const row = await env.storage.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('organization_id', '=', orgId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Declares an import suite once per database (`title [sqlite]`, `title [postgres]`) over the
 * seeded organizations; tests read the environment through `env()`.
 */
export function describeImports(title: string, suite: (env: () => TTestEnv) => void): void {
  describeEachDatabaseWith(
    title,
    async (env) => {
      await seedTouchpoints(env.storage, env.orgA.id, ['lounge', 'gate']);
      await seedTouchpoints(env.storage, env.orgB.id, ['spa']);
      const keys = [
        {
          entity: 'customer',
          key: 'tier',
          label: 'Tier',
          type: 'enum',
          options: ['gold', 'silver'],
        },
        { entity: 'customer', key: 'visits', label: 'Visits', type: 'number' },
        { entity: 'customer', key: 'business', label: 'Business', type: 'boolean' },
        { entity: 'interaction', key: 'minutes', label: 'Minutes', type: 'number' },
      ];
      for (const payload of keys) {
        const res = await env.as('admin', {
          method: 'POST',
          url: '/api/attribute-keys',
          payload,
        });
        expect(res.statusCode).toBe(201);
      }
      const customers = Array.from({ length: 10 }, (_, i) =>
        JSON.stringify({ externalId: `cust-${i}` }),
      );
      const result = await imported(env, 'customers', NDJSON, customers.join('\n'));
      expect(result).toMatchObject({ rows: 10, created: 10, updated: 0, failed: 0 });
      // A customer that exists only in the other organization.
      await post(env, 'customers', NDJSON, '{"externalId":"only-in-b"}', env.orgB);
      return env;
    },
    suite,
  );
}
