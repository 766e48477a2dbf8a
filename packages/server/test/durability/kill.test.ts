/**
 * Killing the server during a load never loses an acknowledged response: the real server runs
 * as a child process, takes concurrent submissions, is killed with SIGKILL mid-load, and
 * restarts on the same database, where every response that got a 201 must be, once.
 */
import { expect, it } from 'vitest';
import { seedNpsSurvey } from '../support/nps-survey-seed.js';
import { describeKillSuite, postResponse } from './child-process.js';

const IN_FLIGHT = 20;
const TOTAL = 2_000;
const KILL_AFTER = 800;

describeKillSuite('durability', (env) => {
  it(
    'keeps every acknowledged response through a SIGKILL mid-load',
    { timeout: 180_000 },
    async () => {
      const { base, read } = env();
      const { org, surveyId } = await env().seed('durable', async (ctx, seeded) => ({
        surveyId: await seedNpsSurvey(ctx.storage, seeded.id),
      }));
      const server = await env().start();

      const acknowledged = new Map<string, string>(); // idempotency key -> response id
      let next = 0;
      let killed = false;
      const worker = async () => {
        while (next < TOTAL) {
          const n = next++;
          const key = `kill-test-${String(n).padStart(6, '0')}`;
          try {
            const res = await postResponse(base, org, surveyId, {
              answers: { nps: n % 11 },
              idempotencyKey: key,
            });
            if (res.status === 201) {
              acknowledged.set(key, ((await res.json()) as { id: string }).id);
              if (!killed && acknowledged.size >= KILL_AFTER) {
                killed = true;
                server.kill();
              }
            } else {
              await res.body?.cancel();
            }
          } catch {
            // The server is gone: requests in flight were never acknowledged.
            if (killed) return;
          }
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
      await server.exited();
      expect(killed).toBe(true);
      expect(server.process.signalCode).toBe('SIGKILL');
      expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER);
      // The kill came mid-load: submissions were still being sent when it happened.
      expect(next).toBeLessThan(TOTAL);

      const restarted = await env().start();
      const after = await postResponse(base, org, surveyId, { answers: { nps: 10 } });
      expect(after.status).toBe(201);

      const { rows, values } = await read(async (db) => ({
        rows: await db
          .selectFrom('responses')
          .select(['id', 'idempotency_key'])
          .where('survey_id', '=', surveyId)
          .execute(),
        values: await db
          .selectFrom('response_values')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('survey_id', '=', surveyId)
          .executeTakeFirstOrThrow(),
      }));
      const idsByKey = new Map<string, string[]>();
      for (const row of rows) {
        const list = idsByKey.get(row.idempotency_key ?? '') ?? [];
        list.push(row.id);
        idsByKey.set(row.idempotency_key ?? '', list);
      }
      const lost = [...acknowledged].filter(([key, id]) => idsByKey.get(key)?.join() !== id);
      expect(lost).toEqual([]);
      // Each stored response has its one value: no response is half-written.
      expect(Number(values.n)).toBe(rows.length);
      await restarted.stop();
    },
  );
});
