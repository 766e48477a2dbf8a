/**
 * Killing the server while webhook deliveries are pending loses none: the real server runs as a
 * child process, takes submissions whose `response.completed` events go to a
 * slow receiver on loopback, is killed with SIGKILL with deliveries still pending, and after a
 * restart every acknowledged response reaches the receiver, duplicates sharing a webhook-id.
 */
import { expect, it } from 'vitest';
import { SERVER_JOB_CONCURRENCY } from '../../src/jobs/server-worker.js';
import { createWebhook } from '../../src/webhooks/webhooks.service.js';
import { seedNpsSurvey } from '../support/nps-survey-seed.js';
import { startWebhookServer, waitFor } from '../support/server-process.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';
import { describeKillSuite, postResponse } from './child-process.js';

const TOTAL = 200;
const IN_FLIGHT = 10;
/** The receiver answers this late, so that deliveries queue up behind the submissions. */
const RECEIVER_DELAY_MS = 40;

describeKillSuite('webhook durability', (env) => {
  it(
    'delivers every acknowledged response after a SIGKILL with deliveries pending',
    { timeout: 240_000 },
    async () => {
      const { base, read } = env();
      const receiver = await startWebhookReceiver();
      receiver.on('/kill', { delayMs: RECEIVER_DELAY_MS });
      const { org, surveyId } = await env().seed(
        'durable',
        async (ctx, seeded) => {
          const surveyId = await seedNpsSurvey(ctx.storage, seeded.id);
          await createWebhook(ctx, {
            url: `${receiver.origin}/kill`,
            description: '',
            eventTypes: ['response.completed'],
            enabled: true,
          });
          return { surveyId };
        },
        { webhookAllowPrivateTargets: 'loopback' },
      );
      const server = await env().start(startWebhookServer);

      const acknowledged = new Set<string>();
      let next = 0;
      const submitter = async () => {
        while (next < TOTAL) {
          next++;
          const res = await postResponse(base, org, surveyId, { answers: { nps: next % 11 } });
          expect(res.status).toBe(201);
          acknowledged.add(((await res.json()) as { id: string }).id);
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, submitter));
      await waitFor(
        'the first deliveries',
        () => Promise.resolve(receiver.received.length >= 10),
        60_000,
      );
      server.kill();
      await server.exited();
      const beforeRestart = receiver.received.length;
      expect(beforeRestart).toBeLessThan(TOTAL);

      const succeededAtKill = await read((db) =>
        db
          .selectFrom('webhook_deliveries')
          .select('id')
          .where('status', '=', 'succeeded')
          .execute(),
      );
      // Work was left at the kill: deliveries pending, or not made yet (their events queued).
      expect(succeededAtKill.length).toBeLessThan(TOTAL);

      const restarted = await env().start(startWebhookServer);
      const delivered = () =>
        new Set(
          receiver.received.map((r) => (JSON.parse(r.body) as { data: { id: string } }).data.id),
        );
      await waitFor(
        'every acknowledged response at the receiver',
        () => Promise.resolve([...acknowledged].every((id) => delivered().has(id))),
        180_000,
      );
      const ids = new Set(receiver.received.map((r) => String(r.headers['webhook-id'])));
      // One webhook-id per response: a receiver dropping repeated ids sees each response once.
      expect(ids.size).toBe(acknowledged.size);
      expect(delivered().size).toBe(acknowledged.size);
      await restarted.stop();

      // An attempt in flight at the kill may have reached the receiver unrecorded: its job is
      // retried when the dead worker's lease ends; it was delivered all the same.
      const { unfinished, total } = await read(async (db) => ({
        unfinished: await db
          .selectFrom('webhook_deliveries')
          .select(['id', 'status'])
          .where('status', '!=', 'succeeded')
          .execute(),
        total: await db
          .selectFrom('webhook_deliveries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      }));
      expect(Number(total.n)).toBe(TOTAL);
      // At most one batch of the worker was in flight.
      expect(unfinished.length).toBeLessThanOrEqual(SERVER_JOB_CONCURRENCY);
      for (const delivery of unfinished) {
        expect(delivery.status).toBe('pending');
        expect(ids.has(delivery.id)).toBe(true);
      }
      await receiver.close();
    },
  );
});
