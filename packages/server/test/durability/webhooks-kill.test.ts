/**
 * Killing the server while webhook deliveries are pending loses none: the real server runs as a
 * child process on a SQLite file, takes submissions whose `response.completed` events go to a
 * slow receiver on loopback, is killed with SIGKILL with deliveries still pending, and after a
 * restart every acknowledged response reaches the receiver, duplicates sharing a webhook-id.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/auth/actor.js';
import { SERVER_JOB_CONCURRENCY } from '../../src/jobs/server-worker.js';
import { openStorage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { createWebhook } from '../../src/webhooks/webhooks.service.js';
import { seedOrganization, testServices } from '../harness.js';
import { seedNpsSurvey } from '../support/nps-survey-seed.js';
import { exited, freePort, startWebhookServer, waitFor } from '../support/server-process.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';

const TOTAL = 200;
const IN_FLIGHT = 10;
/** The receiver answers this late, so that deliveries queue up behind the submissions. */
const RECEIVER_DELAY_MS = 40;

describe('webhook durability', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-webhook-kill-'));
  const database = path.join(dir, 'kill.db');
  const children: ChildProcess[] = [];

  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited(child);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    'delivers every acknowledged response after a SIGKILL with deliveries pending',
    { timeout: 240_000 },
    async () => {
      const receiver = await startWebhookReceiver();
      receiver.on('/kill', { delayMs: RECEIVER_DELAY_MS });
      const setup = await openStorage(database);
      await migrateToLatest(setup.db);
      const org = await seedOrganization(setup, 'durable');
      const services = await testServices(setup, {
        start: false,
        config: { webhookAllowPrivateTargets: 'loopback' },
      });
      const ctx = { storage: setup, actor: systemActor(org.id), services };
      const survey = { id: await seedNpsSurvey(setup, org.id) };
      await createWebhook(ctx, {
        url: `${receiver.origin}/kill`,
        description: '',
        eventTypes: ['response.completed'],
        enabled: true,
      });
      await services.close();
      await setup.close();

      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const server = startWebhookServer(database, port);
      children.push(server);
      await waitFor('the server', async () => (await fetch(`${base}/health`)).ok, 60_000);

      const acknowledged = new Set<string>();
      let next = 0;
      const submitter = async () => {
        while (next < TOTAL) {
          next++;
          const res = await fetch(`${base}/api/surveys/${survey.id}/responses`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${org.keys.admin}`,
              'content-type': 'application/json',
            },
            body: JSON.stringify({ answers: { nps: next % 11 } }),
          });
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
      server.kill('SIGKILL');
      await exited(server);
      const beforeRestart = receiver.received.length;
      expect(beforeRestart).toBeLessThan(TOTAL);

      const check = await openStorage(database);
      const succeededAtKill = await check.db
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('status', '=', 'succeeded')
        .execute();
      await check.close();
      // Work was left at the kill: deliveries pending, or not made yet (their events queued).
      expect(succeededAtKill.length).toBeLessThan(TOTAL);

      const restarted = startWebhookServer(database, port);
      children.push(restarted);
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
      restarted.kill('SIGTERM');
      await exited(restarted);

      // An attempt in flight at the kill may have reached the receiver unrecorded: its job is
      // retried when the dead worker's lease ends; it was delivered all the same.
      const after = await openStorage(database);
      const unfinished = await after.db
        .selectFrom('webhook_deliveries')
        .select(['id', 'status'])
        .where('status', '!=', 'succeeded')
        .execute();
      const total = await after.db
        .selectFrom('webhook_deliveries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      await after.close();
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
