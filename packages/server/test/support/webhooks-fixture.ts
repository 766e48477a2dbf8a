/**
 * The webhook suites' setup: on every database, an app that allows loopback receivers and times
 * an attempt out after 400 ms, a receiver on loopback, a live NPS survey, and a job worker whose
 * clock the tests move ahead (retries are due minutes later).
 */
import { createHmac } from 'node:crypto';
import { expect } from 'vitest';
import { JobRegistry } from '../../src/jobs/job-registry.js';
import { JobWorker } from '../../src/jobs/job-worker.js';
import { registerWebhookJobs } from '../../src/webhooks/webhook-jobs.js';
import { createWebhookAgents, type TWebhookAgents } from '../../src/webhooks/webhook-sender.js';
import type { TTestEnv } from '../harness.js';
import { describeEachDatabaseWith } from './fixture-suite.js';
import { createSurvey, npsOnlyDefinition } from './survey-fixtures.js';
import {
  startWebhookReceiver,
  type TReceivedWebhook,
  type TWebhookReceiver,
} from './webhook-receiver.js';

export const MINUTE = 60_000;

export interface TDeliveryView {
  id: string;
  eventType: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  attemptLog: { attempt: number; at: string; statusCode: number | null; error: string | null }[];
}

/** Verifies a Standard Webhooks signature by hand, independently of the code under test. */
export function signatureMatches(secret: string, received: TReceivedWebhook): boolean {
  const id = String(received.headers['webhook-id']);
  const timestamp = String(received.headers['webhook-timestamp']);
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key)
    .update(`${id}.${timestamp}.${received.body}`)
    .digest('base64');
  return String(received.headers['webhook-signature']).split(' ').includes(`v1,${expected}`);
}

type TWebhookJobDeps = Parameters<typeof registerWebhookJobs>[1];

export interface TWebhooksFixture {
  env: TTestEnv;
  receiver: TWebhookReceiver;
  /** Pooled connections, as the server's worker uses them. */
  agents: TWebhookAgents;
  surveyId: string;
  /** The worker on the moved clock, over pooled connections as the server's worker uses them. */
  worker: JobWorker;
  /** Another worker on the same clock, with some of its dependencies replaced. */
  workerWith: (deps: Partial<TWebhookJobDeps>) => JobWorker;
  /** The workers' clock, in milliseconds. */
  now: () => number;
  /** Moves the workers' clock ahead. */
  advance: (ms: number) => void;
  /** Subscribes the receiver's `path` to `response.completed` (or what `body` says), as admin. */
  subscribe: (
    path: string,
    body?: Record<string, unknown>,
  ) => Promise<{ id: string; secret: string }>;
  /** Submits an NPS answer and waits until the webhooks subscriber has its event; the id. */
  submit: (nps: number) => Promise<string>;
  /** A subscription's deliveries as admin (a viewer is refused the subscription itself). */
  deliveries: (webhookId: string, query?: string) => Promise<TDeliveryView[]>;
  remove: (...ids: string[]) => Promise<void>;
}

/**
 * Declares a webhook suite once per database (`title [sqlite]`, `title [postgres]`); the
 * callback reads its fixture through `fixture()` inside tests.
 */
export function describeWebhooks(
  title: string,
  suite: (fixture: () => TWebhooksFixture) => void,
): void {
  describeEachDatabaseWith(
    title,
    async (e): Promise<TWebhooksFixture> => {
      const pooled = createWebhookAgents();
      const receiver = await startWebhookReceiver();
      const surveyId = (await createSurvey(e, { definition: npsOnlyDefinition() })).id;
      let offset = 0;
      const workerWith = (deps: Partial<TWebhookJobDeps> = {}) => {
        const registry = new JobRegistry();
        registerWebhookJobs(registry, { config: e.services.config, agents: pooled, ...deps });
        return new JobWorker(e.storage, registry, { now: () => new Date(Date.now() + offset) });
      };
      return {
        env: e,
        agents: pooled,
        receiver,
        surveyId,
        worker: workerWith(),
        workerWith,
        now: () => Date.now() + offset,
        advance: (ms) => {
          offset += ms;
        },
        async subscribe(path, body = {}) {
          const res = await e.as('admin', {
            method: 'POST',
            url: '/api/webhooks',
            payload: {
              url: `${receiver.origin}${path}`,
              eventTypes: ['response.completed'],
              ...body,
            },
          });
          expect(res.statusCode, res.body).toBe(201);
          return res.json<{ id: string; secret: string }>();
        },
        async submit(nps) {
          const res = await e.as('admin', {
            method: 'POST',
            url: `/api/surveys/${surveyId}/responses`,
            payload: { answers: { nps } },
          });
          expect(res.statusCode, res.body).toBe(201);
          expect(await e.services.events.settle(['webhooks'], 30_000)).toBe(true);
          return res.json<{ id: string }>().id;
        },
        async deliveries(webhookId, query = '') {
          const res = await e.as('viewer', { method: 'GET', url: `/api/webhooks/${webhookId}` });
          expect(res.statusCode).toBe(403);
          const list = await e.as('admin', {
            method: 'GET',
            url: `/api/webhooks/${webhookId}/deliveries${query}`,
          });
          expect(list.statusCode, list.body).toBe(200);
          return list.json<{ items: TDeliveryView[] }>().items;
        },
        async remove(...ids) {
          for (const id of ids) {
            const res = await e.as('admin', { method: 'DELETE', url: `/api/webhooks/${id}` });
            expect(res.statusCode).toBe(204);
          }
        },
      };
    },
    suite,
    {
      overrides: { webhookAllowPrivateTargets: 'loopback', webhookTimeoutMs: 400 },
      close: async (fixture) => {
        fixture.agents.destroy();
        await fixture.receiver.close();
      },
    },
  );
}
