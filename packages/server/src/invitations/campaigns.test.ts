/**
 * The campaigns API: input checks that name the field, permissions and tenants, scheduling, sending
 * again, interaction linkage, and the organization's contact-frequency setting.
 */
import { afterAll, expect, it } from 'vitest';
import { describeEachDatabase, testConfig } from '../../test/harness.js';
import { seedTouchpoints } from '../../test/support/touchpoint-fixtures.js';
import { listJobsOfKind } from '../jobs/jobs.repository.js';
import { resolveInvitationToken } from './invitation-tokens.js';
import { startSmtpPeer } from '../../test/support/smtp-test-peer.js';
import {
  createCustomers,
  insertLiveSurvey,
  testWorker,
} from '../../test/support/invitation-fixtures.js';

const peer = await startSmtpPeer();
afterAll(() => peer.stop());
const overrides = { smtpUrl: peer.url, publicBaseUrl: 'https://cx.aurora.example' };
const HOUR = 3_600_000;

describeEachDatabase(
  'campaigns API',
  (env) => {
    const fixture = { surveyId: '', ids: {} as Record<string, string> };
    const draft = (extra: object = {}) => ({
      name: 'Lounge follow-up',
      surveyId: fixture.surveyId,
      audience: { type: 'customers', customerIds: [fixture.ids['ann']] },
      messages: { en: { subject: 'Your visit to the lounge' } },
      ...extra,
    });
    const post = (payload: object, role: 'admin' | 'analyst' = 'admin') =>
      env().as(role, { method: 'POST', url: '/api/campaigns', payload });

    it('rejects bad input naming the field, and stores nothing', async () => {
      fixture.surveyId = await insertLiveSurvey(env(), `lounge-${env().dialect}`);
      fixture.ids = await createCustomers(env(), [
        { externalId: 'ann', email: 'ann@example.com' },
        { externalId: 'ben', email: 'ben@example.com' },
      ]);
      const otherOrgSurvey = await insertLiveSurvey(env(), `b-${env().dialect}`, env().orgB.id);
      const [bCustomer] = Object.values(
        await createCustomers({ ...env(), as: (role, o) => env().as(role, o, env().orgB) }, [
          { externalId: 'b-only', email: 'b@example.com' },
        ]),
      );
      const cases: [object, string][] = [
        [draft({ surveyId: otherOrgSurvey }), 'body.surveyId'],
        [
          draft({ audience: { type: 'customers', customerIds: [fixture.ids['ann'], bCustomer] } }),
          'body.audience.customerIds.1',
        ],
        [draft({ audience: { type: 'segment', attr: ['tier:gold'] } }), 'body.audience.attr.0'],
        [draft({ audience: { type: 'everyone' } }), 'body.audience.type'],
        [draft({ messages: {} }), 'body.messages'],
        [draft({ messages: { en: { subject: '' } } }), 'body.messages.en.subject'],
        [draft({ reminderDays: -1 }), 'body.reminderDays'],
        [draft({ touchpointId: bCustomer }), 'body.touchpointId'],
        [draft({ colour: 'red' }), 'body'],
      ];
      for (const [payload, field] of cases) {
        const res = await post(payload);
        expect(res.statusCode, field).toBe(422);
        const details = res.json<{ error: { details: { field: string }[] } }>().error.details;
        expect(
          details.map((d) => d.field),
          field,
        ).toContain(field);
      }
      const list = await env().as('admin', { method: 'GET', url: '/api/campaigns' });
      expect(list.json()).toEqual({ items: [], nextCursor: null });
    });

    it('lets agents and analysts read campaigns, only admins write; other tenants see nothing', async () => {
      expect((await post(draft(), 'analyst')).statusCode).toBe(403);
      const created = await post(draft());
      expect(created.statusCode).toBe(201);
      const id = created.json<{ id: string }>().id;
      expect(created.json()).toMatchObject({
        status: 'draft',
        reminderDays: 3,
        touchpointId: null,
        counts: { eligible: 0, sent: 0 },
      });
      expect(
        (await env().as('agent', { method: 'GET', url: `/api/campaigns/${id}` })).statusCode,
      ).toBe(200);
      expect((await env().as('viewer', { method: 'GET', url: '/api/campaigns' })).statusCode).toBe(
        403,
      );
      const foreign = await env().as(
        'owner',
        { method: 'GET', url: `/api/campaigns/${id}` },
        env().orgB,
      );
      expect(foreign.statusCode).toBe(404);
      const foreignSend = await env().as(
        'owner',
        { method: 'POST', url: `/api/campaigns/${id}/send`, payload: {} },
        env().orgB,
      );
      expect(foreignSend.statusCode).toBe(404);
      const foreignList = await env().as(
        'owner',
        { method: 'GET', url: '/api/campaigns' },
        env().orgB,
      );
      expect(foreignList.json()).toEqual({ items: [], nextCursor: null });
    });

    it('refuses to send for a survey that is not live, leaving the campaign a draft', async () => {
      const surveyId = await insertLiveSurvey(env(), `draft-${env().dialect}`);
      await env()
        .storage.db.updateTable('surveys')
        .set({ status: 'draft' })
        .where('id', '=', surveyId)
        .execute();
      const id = (await post(draft({ surveyId }))).json<{ id: string }>().id;
      const res = await env().as('admin', {
        method: 'POST',
        url: `/api/campaigns/${id}/send`,
        payload: {},
      });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ error: { code: 'conflict' } });
      const after = await env().as('admin', { method: 'GET', url: `/api/campaigns/${id}` });
      expect(after.json()).toMatchObject({ status: 'draft', counts: { eligible: 0 } });
    });

    it('schedules a campaign, sends it at that time, and invites only new customers when sent again', async () => {
      const config = testConfig(env().dialect, overrides);
      const id = (
        await post(draft({ audience: { type: 'customers', customerIds: [fixture.ids['ann']] } }))
      ).json<{ id: string }>().id;
      const at = new Date(Date.now() + 2 * HOUR);
      const scheduled = await env().as('admin', {
        method: 'POST',
        url: `/api/campaigns/${id}/send`,
        payload: { scheduledAt: at.toISOString() },
      });
      expect(scheduled.json()).toMatchObject({
        status: 'scheduled',
        scheduledAt: at.toISOString(),
      });
      const [job] = await listJobsOfKind(env().storage.db, 'campaign.send');
      expect(job).toMatchObject({ status: 'queued', run_at: at.toISOString() });

      const clock = { now: new Date(at.getTime() - 60_000) };
      const { worker, close } = testWorker(env(), config, peer.url, clock);
      try {
        peer.messages.length = 0;
        expect(await worker.drain()).toBe(0);
        clock.now = new Date(at.getTime() + 1000);
        await worker.drain();
        expect(peer.messages.map((m) => m.to.join(','))).toEqual(['ann@example.com']);

        const again = await env().as('admin', {
          method: 'POST',
          url: `/api/campaigns/${id}/send`,
          payload: {},
        });
        expect(again.json()).toMatchObject({ counts: { eligible: 1, sent: 1, queued: 0 } });
        expect(await worker.drain()).toBe(0);
        expect(peer.messages).toHaveLength(1);
      } finally {
        close();
      }
    });

    it('invites each customer once when the same campaign is sent twice at the same moment', async () => {
      const pair = await createCustomers(env(), [
        { externalId: 'cy', email: 'cy@example.com' },
        { externalId: 'dee', email: 'dee@example.com' },
      ]);
      const id = (
        await post(
          draft({
            audience: { type: 'customers', customerIds: Object.values(pair) },
            reminderDays: 0,
          }),
        )
      ).json<{ id: string }>().id;
      const send = () =>
        env().as('admin', { method: 'POST', url: `/api/campaigns/${id}/send`, payload: {} });
      const results = await Promise.all([send(), send()]);
      expect(results.map((r) => r.statusCode)).toEqual([200, 200]);
      const invitations = await env().as('admin', {
        method: 'GET',
        url: `/api/campaigns/${id}/invitations`,
      });
      expect(invitations.json<{ items: unknown[] }>().items).toHaveLength(2);
      const jobs = await listJobsOfKind(env().storage.db, 'invitation.send');
      const ofCampaign = await env()
        .storage.db.selectFrom('invitations')
        .select('id')
        .where('campaign_id', '=', id)
        .execute();
      const ids = new Set(ofCampaign.map((r) => r.id));
      expect(jobs.filter((j) => [...ids].some((i) => j.payload_json.includes(i)))).toHaveLength(2);
    });

    it('links invitations to interactions and their touchpoint', async () => {
      const config = testConfig(env().dialect, overrides);
      const touchpoints = await seedTouchpoints(env().storage, env().orgA.id, [
        `gate-${env().dialect}`,
      ]);
      const touchpointId = Object.values(touchpoints)[0] ?? '';
      const interaction = await env().as('admin', {
        method: 'POST',
        url: '/api/interactions',
        payload: {
          customerId: fixture.ids['ben'],
          touchpointId,
          occurredAt: '2026-03-01T08:00:00.000Z',
          type: 'boarding',
        },
      });
      const interactionId = interaction.json<{ id: string }>().id;
      const id = (
        await post(
          draft({
            audience: { type: 'interactions', interactionIds: [interactionId] },
            messages: { en: { subject: 'About your boarding' } },
          }),
        )
      ).json<{ id: string }>().id;
      await env().as('admin', { method: 'POST', url: `/api/campaigns/${id}/send`, payload: {} });
      const clock = { now: new Date(Date.now() + 1000) };
      const { worker, close } = testWorker(env(), config, peer.url, clock);
      peer.messages.length = 0;
      try {
        await worker.drain();
      } finally {
        close();
      }
      const mail = peer.messages.find((m) => m.subject === 'About your boarding');
      expect(mail?.to).toEqual(['ben@example.com']);
      const token = /\/u\/([A-Za-z0-9_-]{43})>/.exec(
        mail?.headers.get('list-unsubscribe') ?? '',
      )?.[1];
      expect(await resolveInvitationToken(env().storage.db, token ?? '')).toMatchObject({
        customerId: fixture.ids['ben'],
        interactionId,
        touchpointId,
        respondedAt: null,
      });
      expect(await resolveInvitationToken(env().storage.db, 'A'.repeat(43))).toBeUndefined();
    });

    it('checks consent again at send time: a customer who withdrew it meanwhile gets no e-mail', async () => {
      const config = testConfig(env().dialect, overrides);
      const people = await createCustomers(env(), [
        { externalId: 'fickle', email: 'fickle@example.com' },
        { externalId: 'steady', email: 'steady@example.com' },
      ]);
      const id = (
        await post(
          draft({
            audience: { type: 'customers', customerIds: Object.values(people) },
            messages: { en: { subject: 'Consent check' } },
          }),
        )
      ).json<{ id: string }>().id;
      const sent = await env().as('admin', {
        method: 'POST',
        url: `/api/campaigns/${id}/send`,
        payload: {},
      });
      expect(sent.json()).toMatchObject({ counts: { eligible: 2, queued: 2 } });
      await env().as('admin', {
        method: 'PATCH',
        url: `/api/customers/${people['fickle']}`,
        payload: { emailConsent: false },
      });
      const clock = { now: new Date(Date.now() + 1000) };
      const { worker, close } = testWorker(env(), config, peer.url, clock);
      peer.messages.length = 0;
      try {
        await worker.drain();
      } finally {
        close();
      }
      expect(peer.messages.filter((m) => m.subject === 'Consent check').map((m) => m.to)).toEqual([
        ['steady@example.com'],
      ]);
      const read = await env().as('admin', { method: 'GET', url: `/api/campaigns/${id}` });
      expect(read.json()).toMatchObject({
        counts: { eligible: 1, sent: 1, skipped: { noConsent: 1 } },
      });
    });

    it('keeps a contact-frequency rule per organization, with the server default', async () => {
      const read = () => env().as('analyst', { method: 'GET', url: '/api/invitation-settings' });
      expect((await read()).json()).toEqual({ minDaysBetweenInvitations: 30 });
      const put = await env().as('admin', {
        method: 'PUT',
        url: '/api/invitation-settings',
        payload: { minDaysBetweenInvitations: 7 },
      });
      expect(put.json()).toEqual({ minDaysBetweenInvitations: 7 });
      expect((await read()).json()).toEqual({ minDaysBetweenInvitations: 7 });
      const other = await env().as(
        'admin',
        { method: 'GET', url: '/api/invitation-settings' },
        env().orgB,
      );
      expect(other.json()).toEqual({ minDaysBetweenInvitations: 30 });
      const bad = await env().as('admin', {
        method: 'PUT',
        url: '/api/invitation-settings',
        payload: { minDaysBetweenInvitations: -2 },
      });
      expect(bad.statusCode).toBe(422);

      // Ann was invited minutes ago: with a 7-day rule a new campaign skips her ...
      const id = (await post(draft())).json<{ id: string }>().id;
      const sent = await env().as('admin', {
        method: 'POST',
        url: `/api/campaigns/${id}/send`,
        payload: {},
      });
      expect(sent.json()).toMatchObject({ counts: { eligible: 0, skipped: { frequency: 1 } } });
      // ... and with no rule, sending again invites her (a skipped customer is considered again).
      await env().as('admin', {
        method: 'PUT',
        url: '/api/invitation-settings',
        payload: { minDaysBetweenInvitations: 0 },
      });
      const again = await env().as('admin', {
        method: 'POST',
        url: `/api/campaigns/${id}/send`,
        payload: {},
      });
      expect(again.json()).toMatchObject({ counts: { eligible: 1, skipped: { frequency: 0 } } });
    });
  },
  overrides,
);
