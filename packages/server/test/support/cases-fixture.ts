/**
 * The case suites' setup: on every database, a world in org A where the Lounge team (agent Ana,
 * lead Lee) owns the lounge touchpoint and the Cabin team (agent Ben) is another team, and a
 * helper that opens a case by hand at that touchpoint.
 */
import { expect } from 'vitest';
import type { TTestEnv } from '../harness.js';
import { describeEachDatabaseWith } from './fixture-suite.js';
import { createPerson, createTeam, type TPerson } from './notification-people.js';
import { seedTouchpoints } from './touchpoint-fixtures.js';

export interface TCaseBody {
  id: string;
  number: number;
  status: string;
  teamId: string | null;
  assigneeId: string | null;
  version: number;
  allowedTransitions: string[];
  timeline: { kind: string; actor: { type: string; id: string | null }; data: object }[];
  sla: { firstResponse: { metAt: string | null }; state: string };
}

/** Lounge (agent Ana, lead Lee) owns the lounge touchpoint; Cabin (agent Ben) another team. */
export interface TWorld {
  ana: TPerson;
  ben: TPerson;
  lee: TPerson;
  lounge: string;
  cabin: string;
  touchpoint: string;
}

async function world(env: TTestEnv, tag: string): Promise<TWorld> {
  const ana = await createPerson(env, `ana.${tag}@a.test`);
  const ben = await createPerson(env, `ben.${tag}@a.test`);
  const lee = await createPerson(env, `lee.${tag}@a.test`);
  const lounge = await createTeam(env, `Lounge ${tag}`, [ana.id, lee.id]);
  const cabin = await createTeam(env, `Cabin ${tag}`, [ben.id]);
  const { lounge: touchpoint = '' } = await seedTouchpoints(env.storage, env.orgA.id, ['lounge']);
  await env.as('admin', {
    method: 'PATCH',
    url: `/api/touchpoints/${touchpoint}`,
    payload: { ownerTeamId: lounge },
  });
  return { ana, ben, lee, lounge, cabin, touchpoint };
}

/** How many rows a table holds, over every organization. */
export async function countRows(
  env: TTestEnv,
  table: 'cases' | 'case_activities' | 'domain_events',
) {
  const row = await env.storage.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface TCasesFixture {
  env: TTestEnv;
  w: TWorld;
  /** Opens a case as admin at the lounge touchpoint, with `payload` over the defaults. */
  openByHand: (payload?: object) => Promise<TCaseBody>;
}

/**
 * Declares a case suite once per database (`title [sqlite]`, `title [postgres]`); the callback
 * reads its fixture through `setup()` inside tests.
 */
export function describeCases(title: string, suite: (setup: () => TCasesFixture) => void): void {
  describeEachDatabaseWith(
    title,
    async (e): Promise<TCasesFixture> => {
      const w = await world(e, 'main');
      return {
        env: e,
        w,
        async openByHand(payload = {}) {
          const res = await e.as('admin', {
            method: 'POST',
            url: '/api/cases',
            payload: { title: 'Lounge was closed', touchpointId: w.touchpoint, ...payload },
          });
          expect(res.statusCode, res.body).toBe(201);
          return res.json<TCaseBody>();
        },
      };
    },
    suite,
  );
}
