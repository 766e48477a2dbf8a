/**
 * Two `touchstone serve` processes on one PostgreSQL schema: each sees the other's submissions in
 * its dashboard figures within `VISIBLE_WITHIN_MS`, and a webhook subscription gets every
 * response exactly once however the two processes share the outbox and the job queue. Runs when
 * TOUCHSTONE_TEST_PG_URL is set (as CI does); without it the suite is reported as skipped.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/auth/actor.js';
import { API_KEY_CACHE_TTL_MS } from '../../src/auth/api-key-cache.js';
import { openStorage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { createWebhook } from '../../src/webhooks/webhooks.service.js';
import { PG_URL, seedOrganization, testServices } from '../harness.js';
import { seedNpsSurvey } from '../support/nps-survey-seed.js';
import { exited, freePort, startServeProcess, waitFor } from '../support/server-process.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';
import { schemaUrl } from './child-process.js';

/**
 * The bound on how long after a 201 from one process the other's dashboard figures include the
 * response: a read compares the cube's rollup version with the stored one and catches up first.
 */
const VISIBLE_WITHIN_MS = 2_000;
/** Submissions whose visibility is timed, alternating between the processes. */
const TIMED = 20;
/** Submissions under load, half to each process. */
const LOADED = 200;
const IN_FLIGHT = 10;

describe.skipIf(!PG_URL)(
  'two server processes on one PostgreSQL (skipped without TOUCHSTONE_TEST_PG_URL)',
  () => {
    const schema = `scale_${Date.now().toString(36)}_${process.pid}`;
    const children: ChildProcess[] = [];

    afterAll(async () => {
      for (const child of children) {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await exited(child);
      }
      const cleanup = await openStorage(PG_URL ?? '');
      await cleanup.pool?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await cleanup.close();
    });

    it(
      "shows each process's writes on the other within the bound; webhooks once per response",
      { timeout: 300_000 },
      async () => {
        const url = PG_URL ?? '';
        const receiver = await startWebhookReceiver();
        const setup = await openStorage(url, { pgSchema: schema });
        await migrateToLatest(setup.db, schema);
        const org = await seedOrganization(setup, 'scale');
        const services = await testServices(setup, {
          start: false,
          config: { webhookAllowPrivateTargets: 'loopback' },
        });
        const surveyId = await seedNpsSurvey(setup, org.id);
        await createWebhook(
          { storage: setup, actor: systemActor(org.id), services },
          {
            url: `${receiver.origin}/scale`,
            description: '',
            eventTypes: ['response.completed'],
            enabled: true,
          },
        );
        await services.close();

        const env = { LOG_LEVEL: 'fatal', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'loopback' };
        const bases: string[] = [];
        for (let i = 0; i < 2; i++) {
          const port = await freePort();
          children.push(startServeProcess(schemaUrl(url, schema), port, env));
          bases.push(`http://127.0.0.1:${port}`);
        }
        for (const base of bases) {
          await waitFor(
            `the server at ${base}`,
            async () => (await fetch(`${base}/health`)).ok,
            90_000,
          );
        }
        const headers = { authorization: `Bearer ${org.keys.admin}` };
        const submit = async (base: string, nps: number) => {
          const res = await fetch(`${base}/api/surveys/${surveyId}/responses`, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify({ answers: { nps } }),
          });
          expect(res.status).toBe(201);
          return ((await res.json()) as { id: string }).id;
        };
        const count = async (base: string) => {
          const res = await fetch(
            `${base}/api/analytics/metrics?metric=count&minN=1&surveyId=${surveyId}`,
            { headers },
          );
          expect(res.status).toBe(200);
          const body = (await res.json()) as {
            groups: { metrics: Record<string, { value: number | null }> }[];
          };
          return body.groups[0]?.metrics['count']?.value ?? 0;
        };
        const acknowledged = new Set<string>();

        // Both dashboards are warm (their cubes loaded) before the timed writes.
        for (const base of bases) expect(await count(base)).toBe(0);
        const delays: number[] = [];
        for (let i = 0; i < TIMED; i++) {
          const [writer, reader] = i % 2 === 0 ? bases : [bases[1], bases[0]];
          acknowledged.add(await submit(writer ?? '', i % 11));
          const started = performance.now();
          while ((await count(reader ?? '')) < acknowledged.size) {
            expect(performance.now() - started).toBeLessThan(VISIBLE_WITHIN_MS);
            await new Promise((r) => setTimeout(r, 10));
          }
          delays.push(performance.now() - started);
        }
        delays.sort((a, b) => a - b);
        process.stdout.write(
          `scale-out: the other process's dashboard saw a write after ` +
            `median ${delays[TIMED / 2]?.toFixed(0)} ms, max ${delays.at(-1)?.toFixed(0)} ms ` +
            `(bound ${VISIBLE_WITHIN_MS} ms)\n`,
        );

        // Load on both at once.
        let next = 0;
        const submitter = async (base: string) => {
          while (next < LOADED) {
            next++;
            acknowledged.add(await submit(base, next % 11));
          }
        };
        await Promise.all(
          Array.from({ length: IN_FLIGHT }, (_, i) => submitter(bases[i % 2] ?? '')),
        );
        expect(acknowledged.size).toBe(TIMED + LOADED);
        for (const base of bases) {
          await waitFor(
            `every response in the figures of ${base}`,
            async () => (await count(base)) === acknowledged.size,
            VISIBLE_WITHIN_MS,
          );
        }

        const delivered = () =>
          receiver.received.map((r) => (JSON.parse(r.body) as { data: { id: string } }).data.id);
        await waitFor(
          'every response at the webhook receiver',
          () => Promise.resolve(new Set(delivered()).size >= acknowledged.size),
          120_000,
        );
        // Time for a second delivery of anything, were events or jobs run twice: the outbox's
        // polling and a job's first retry both come sooner than this.
        await new Promise((r) => setTimeout(r, 3_000));
        expect(delivered().length).toBe(acknowledged.size);
        expect(new Set(delivered())).toEqual(acknowledged);

        // A key revoked through one process stops working on the other once its cache entry
        // there lapses: the cache's lifetime is the bound.
        const keys = (await (await fetch(`${bases[0]}/api/api-keys`, { headers })).json()) as {
          items: { id: string; name: string }[];
        };
        const viewerKey = keys.items.find((k) => k.name === 'viewer key');
        const asViewer = { authorization: `Bearer ${org.keys.viewer}` };
        const viewerStatus = async () =>
          (await fetch(`${bases[1]}/api/surveys/${surveyId}`, { headers: asViewer })).status;
        expect(await viewerStatus()).toBe(200);
        const revoked = await fetch(`${bases[0]}/api/api-keys/${viewerKey?.id ?? ''}`, {
          method: 'DELETE',
          headers,
        });
        expect(revoked.status).toBe(200);
        const revokedAt = performance.now();
        await waitFor(
          'the revoked key refused by the other process',
          async () => (await viewerStatus()) === 401,
          API_KEY_CACHE_TTL_MS + 1_000,
        );
        process.stdout.write(
          `scale-out: a key revoked on one process was refused by the other after ` +
            `${(performance.now() - revokedAt).toFixed(0)} ms (bound ${API_KEY_CACHE_TTL_MS} ms)\n`,
        );

        const deliveries = await setup.db
          .selectFrom('webhook_deliveries')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow();
        expect(Number(deliveries.n)).toBe(acknowledged.size);
        await setup.close();
        await receiver.close();
      },
    );
  },
);
