/**
 * Delivery under failure, against a real SMTP server on loopback: an SMTP outage means retries
 * with backoff and finally the dead state; a worker restarted mid-campaign sends nothing twice.
 */
import { afterAll, expect, it } from 'vitest';
import { describeEachDatabase, testConfig, type TTestEnv } from '../../test/harness.js';
import { findJob, listJobsOfKind } from '../jobs/jobs.repository.js';
import { startSmtpPeer } from '../../test/support/smtp-test-peer.js';
import {
  createCustomers,
  insertLiveSurvey,
  testWorker,
} from '../../test/support/invitation-fixtures.js';

const peer = await startSmtpPeer();
afterAll(() => peer.stop());

const overrides = { smtpUrl: peer.url, publicBaseUrl: 'https://cx.aurora.example' };

/** A campaign to the given customers, sent now; returns its id. */
async function sendCampaign(env: TTestEnv, name: string, surveyId: string, customerIds: string[]) {
  const created = await env.as('admin', {
    method: 'POST',
    url: '/api/campaigns',
    payload: {
      name,
      surveyId,
      audience: { type: 'customers', customerIds },
      messages: { en: { subject: name } },
      reminderDays: 0,
    },
  });
  const id = created.json<{ id: string }>().id;
  const sent = await env.as('admin', {
    method: 'POST',
    url: `/api/campaigns/${id}/send`,
    payload: {},
  });
  if (sent.statusCode !== 200) throw new Error(sent.body);
  return id;
}

async function invitationsOf(env: TTestEnv, campaignId: string) {
  const res = await env.as('admin', {
    method: 'GET',
    url: `/api/campaigns/${campaignId}/invitations?limit=100`,
  });
  return res.json<{
    items: { status: string; lastError: string | null; sentAt: string | null }[];
  }>().items;
}

describeEachDatabase(
  'e-mail invitations under failure',
  (env) => {
    it('retries while the SMTP server is down, delivers once it is back, and gives up after the last attempt', async () => {
      const config = testConfig(env().dialect, overrides);
      const surveyId = await insertLiveSurvey(env(), `outage-${env().dialect}`);
      const ids = await createCustomers(env(), [
        { externalId: 'patient', email: 'patient@example.com' },
        { externalId: 'unlucky', email: 'unlucky@example.com' },
      ]);
      const clock = { now: new Date(Date.now() + 1000) };
      const { worker, close } = testWorker(env(), config, peer.url, clock);
      try {
        peer.messages.length = 0;
        await peer.stop();
        const recovers = await sendCampaign(env(), 'Recovers', surveyId, [ids['patient'] ?? '']);
        expect(await worker.drain()).toBe(1);
        const [jobRow] = await listJobsOfKind(env().storage.db, 'invitation.send').then((jobs) =>
          jobs.filter((j) => j.payload_json.includes('"invitationId"') && j.status === 'failed'),
        );
        expect(jobRow).toMatchObject({ status: 'failed', attempts: 1 });
        expect(jobRow?.last_error).toMatch(/ECONNREFUSED/);
        const [waiting] = await invitationsOf(env(), recovers);
        expect(waiting).toMatchObject({ status: 'queued', sentAt: null });
        expect(waiting?.lastError).toMatch(/ECONNREFUSED/);

        // Still down a minute later; then the server comes back.
        clock.now = new Date(clock.now.getTime() + 60_000);
        expect(await worker.drain()).toBe(1);
        await peer.restart();
        clock.now = new Date(clock.now.getTime() + 60_000);
        expect(await worker.drain()).toBe(1);
        expect(peer.messages.map((m) => m.to.join(','))).toEqual(['patient@example.com']);
        expect(await findJob(env().storage.db, jobRow?.id ?? '')).toMatchObject({
          status: 'done',
          attempts: 3,
        });
        expect(await invitationsOf(env(), recovers)).toEqual([
          expect.objectContaining({ status: 'sent', lastError: null }),
        ]);

        // A longer outage outlasts every attempt: the job is dead and the invitation failed.
        await peer.stop();
        const fails = await sendCampaign(env(), 'Fails', surveyId, [ids['unlucky'] ?? '']);
        for (let attempt = 1; attempt <= 10; attempt += 1) {
          clock.now = new Date(clock.now.getTime() + 120_000);
          expect(await worker.drain()).toBe(1);
        }
        clock.now = new Date(clock.now.getTime() + 3_600_000);
        expect(await worker.drain()).toBe(0);
        const dead = (await listJobsOfKind(env().storage.db, 'invitation.send')).filter(
          (j) => j.status === 'dead',
        );
        expect(dead).toHaveLength(1);
        expect(dead[0]).toMatchObject({ attempts: 10 });
        expect(dead[0]?.last_error).toMatch(/ECONNREFUSED/);
        expect(await invitationsOf(env(), fails)).toEqual([
          expect.objectContaining({ status: 'failed' }),
        ]);
        const campaign = await env().as('admin', { method: 'GET', url: `/api/campaigns/${fails}` });
        expect(campaign.json()).toMatchObject({ status: 'sent', counts: { failed: 1, sent: 0 } });
        await peer.restart();
        expect(peer.messages).toHaveLength(1);
      } finally {
        close();
      }
    });

    it('sends nothing twice when the worker stops mid-campaign, or dies after a send', async () => {
      const config = testConfig(env().dialect, overrides);
      const surveyId = await insertLiveSurvey(env(), `restart-${env().dialect}`);
      const seeds = Array.from({ length: 8 }, (_, i) => ({
        externalId: `traveller-${i}`,
        email: `traveller-${i}@example.com`,
      }));
      const ids = await createCustomers(env(), seeds);
      peer.messages.length = 0;
      const campaignId = await sendCampaign(env(), 'Restart', surveyId, Object.values(ids));

      const clock = { now: new Date(Date.now() + 1000) };
      const first = testWorker(env(), config, peer.url, clock, 'first');
      first.worker.start();
      while (peer.messages.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
      await first.worker.stop();
      first.close();
      const sentBefore = peer.messages.length;
      expect(sentBefore).toBeGreaterThanOrEqual(2);
      expect(sentBefore).toBeLessThan(8);

      // A worker that died after its e-mail was accepted but before the job was recorded done:
      // its job is running with a lease that has run out.
      const [doneJob] = (await listJobsOfKind(env().storage.db, 'invitation.send')).filter(
        (j) => j.status === 'done',
      );
      await env()
        .storage.db.updateTable('jobs')
        .set({ status: 'running', locked_by: 'died', locked_until: clock.now.toISOString() })
        .where('id', '=', doneJob?.id ?? '')
        .execute();

      clock.now = new Date(clock.now.getTime() + 60_000);
      const second = testWorker(env(), config, peer.url, clock, 'second');
      try {
        await second.worker.drain();
      } finally {
        second.close();
      }
      const recipients = peer.messages.map((m) => m.to.join(',')).sort();
      expect(recipients).toEqual(seeds.map((s) => s.email).sort());
      expect(await findJob(env().storage.db, doneJob?.id ?? '')).toMatchObject({ status: 'done' });
      const campaign = await env().as('admin', {
        method: 'GET',
        url: `/api/campaigns/${campaignId}`,
      });
      expect(campaign.json()).toMatchObject({ status: 'sent', counts: { sent: 8, queued: 0 } });
    });
  },
  overrides,
);
