/**
 * Closing the loop end to end on each database, with a real SMTP server on loopback: e-mails to
 * a case's customer, the follow-up survey answered through the respondent API, its outcome on the
 * case, the closed-loop report and the customer timeline.
 */
import { afterAll, expect, it } from 'vitest';
import { describeEachDatabase, testConfig, type TTestEnv } from '../../test/harness.js';
import {
  createCustomers,
  insertLiveSurvey,
  testWorker,
} from '../../test/support/invitation-fixtures.js';
import { createPerson, type TPerson } from '../../test/support/notification-people.js';
import { startSmtpPeer, type TCapturedMail } from '../../test/support/smtp-test-peer.js';
import { FOLLOW_UP_SUBSCRIBER } from './follow-up-events.js';

const peer = await startSmtpPeer();
afterAll(() => peer.stop());

const BASE = 'https://cx.aurora.example';
const overrides = {
  smtpUrl: peer.url,
  publicBaseUrl: BASE,
  mailFrom: 'Aurora Airways <care@aurora.example>',
};

/** The personal token of a survey invitation, from its List-Unsubscribe header. */
function tokenOf(mail: TCapturedMail): string {
  const match = /\/u\/([A-Za-z0-9_-]{43})>/.exec(mail.headers.get('list-unsubscribe') ?? '');
  if (!match?.[1]) throw new Error('no token in the invitation');
  return match[1];
}

async function submit(env: TTestEnv, surveyId: string, customer: string, nps: number) {
  const res = await env.as('admin', {
    method: 'POST',
    url: `/api/surveys/${surveyId}/responses`,
    payload: {
      answers: { nps, comment: nps <= 6 ? 'The flight was late and nobody told us' : 'Fine' },
      customerExternalId: customer,
      submittedAt: new Date(Date.now() - 3_600_000).toISOString(),
    },
  });
  if (res.statusCode !== 201) throw new Error(`response: ${res.body}`);
  return res.json<{ id: string }>().id;
}

async function openCase(env: TTestEnv, customerId: string, responseId: string | null) {
  const res = await env.as('admin', {
    method: 'POST',
    url: '/api/cases',
    payload: { title: 'Detractor after a late flight', customerId, responseId },
  });
  if (res.statusCode !== 201) throw new Error(`case: ${res.body}`);
  return res.json<{ id: string }>().id;
}

async function resolveCase(env: TTestEnv, caseId: string) {
  const read = await env.as('admin', { method: 'GET', url: `/api/cases/${caseId}` });
  const res = await env.as('admin', {
    method: 'PATCH',
    url: `/api/cases/${caseId}`,
    payload: { status: 'resolved', version: read.json<{ version: number }>().version },
  });
  if (res.statusCode !== 200) throw new Error(`resolve: ${res.body}`);
}

async function timelineKinds(env: TTestEnv, caseId: string): Promise<string[]> {
  const res = await env.as('admin', { method: 'GET', url: `/api/cases/${caseId}` });
  return res.json<{ timeline: { kind: string }[] }>().timeline.map((a) => a.kind);
}

describeEachDatabase(
  'closing the loop',
  (env) => {
    const clock = { now: new Date() };
    const state = {
      surveyId: '',
      slug: '',
      ids: {} as Record<string, string>,
      cases: {} as Record<string, string>,
      agent: undefined as TPerson | undefined,
    };

    async function drainJobs() {
      const config = testConfig(env().dialect, overrides);
      const { worker, close } = testWorker(env(), config, peer.url, clock);
      try {
        clock.now = new Date(Date.now() + 1000);
        return await worker.drain();
      } finally {
        close();
      }
    }

    it('sets up a brand, a live NPS survey, customers, detractor responses and their cases', async () => {
      const brand = await env().as('admin', {
        method: 'POST',
        url: '/api/brands',
        payload: {
          name: 'Aurora Airways',
          promise: { sense: 70, feel: 80, think: 40, act: 50, relate: 60 },
          styleGuide: {
            colors: {
              primary: '#7a1f5c',
              secondary: '#2e75b6',
              accent: '#f4b183',
              background: '#fafafa',
              text: '#222222',
            },
            logoUrl: 'https://cdn.aurora.example/logo.png',
            fonts: { heading: 'Georgia, serif', body: 'Inter, sans-serif' },
            toneWords: ['warm'],
          },
        },
      });
      expect(brand.statusCode).toBe(201);
      state.slug = `loop-${env().dialect}`;
      state.surveyId = await insertLiveSurvey(env(), state.slug);
      state.ids = await createCustomers(env(), [
        { externalId: 'alice', email: 'alice@example.com', name: 'Alice' },
        { externalId: 'bob', email: 'bob@example.com', name: 'Bob' },
        { externalId: 'dave', email: 'dave@example.com', emailConsent: false },
        { externalId: 'erin', email: 'erin@example.com', optedOut: true },
        { externalId: 'carol', email: null },
      ]);
      for (const who of ['alice', 'bob', 'dave', 'erin', 'carol']) {
        const responseId = await submit(env(), state.surveyId, who, who === 'bob' ? 2 : 3);
        state.cases[who] = await openCase(env(), state.ids[who] ?? '', responseId);
      }
    });

    it('refuses a message to a customer without consent, e-mail or who unsubscribed, and records nothing', async () => {
      for (const [who, reason] of [
        ['dave', 'no_consent'],
        ['erin', 'opted_out'],
        ['carol', 'no_email'],
      ] as const) {
        const caseId = state.cases[who] ?? '';
        const res = await env().as('admin', {
          method: 'POST',
          url: `/api/cases/${caseId}/messages`,
          payload: { template: 'apology' },
        });
        expect(res.statusCode).toBe(422);
        expect(res.json()).toMatchObject({
          error: { code: 'validation_failed', details: [{ field: 'customer', message: reason }] },
        });
        expect(await timelineKinds(env(), caseId)).toEqual(['created']);
      }
      const messages = await env().storage.db.selectFrom('case_messages').selectAll().execute();
      expect(messages).toEqual([]);
      const jobs = await env()
        .storage.db.selectFrom('jobs')
        .select('id')
        .where('kind', '=', 'case.message.send')
        .execute();
      expect(jobs).toEqual([]);
    });

    it('e-mails the customer over SMTP in the brand style, on the timeline as the first response', async () => {
      const caseId = state.cases['alice'] ?? '';
      const person = await createPerson(env(), `lead-${env().dialect}@aurora.example`, 'admin');
      const res = await person.request({
        method: 'POST',
        url: `/api/cases/${caseId}/messages`,
        payload: {
          subject: 'About your flight',
          body: 'Dear Alice,\n\nWe <b>are</b> sorry & on it.',
        },
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ status: 'queued', subject: 'About your flight' });
      expect(await timelineKinds(env(), caseId)).toEqual(['created', 'message']);
      const detail = await env().as('admin', { method: 'GET', url: `/api/cases/${caseId}` });
      expect(
        detail.json<{ sla: { firstResponse: { metAt: string | null } } }>().sla.firstResponse.metAt,
      ).not.toBeNull();

      peer.messages.length = 0;
      expect(await drainJobs()).toBeGreaterThanOrEqual(1);
      const mail = peer.messages.find((m) => m.subject === 'About your flight');
      if (!mail) throw new Error('the message did not arrive');
      expect(mail.to).toEqual(['alice@example.com']);
      expect(mail.headers.get('from')).toBe('Aurora Airways <care@aurora.example>');
      expect(mail.html).toContain('border-top:6px solid #7a1f5c');
      expect(mail.html).toContain('font-family:Inter, sans-serif');
      expect(mail.html).toContain('<img src="https://cdn.aurora.example/logo.png"');
      expect(mail.html).toContain('We &#60;b&#62;are&#60;/b&#62; sorry &#38; on it.');
      expect(mail.html).not.toContain('<b>are</b>');
      expect(mail.text).toContain('We <b>are</b> sorry & on it.');

      const loop = await env().as('agent', {
        method: 'GET',
        url: `/api/cases/${caseId}/closed-loop`,
      });
      // An agent key belongs to no team: another team's case is not found.
      expect(loop.statusCode).toBe(404);
      const view = await env().as('analyst', {
        method: 'GET',
        url: `/api/cases/${caseId}/closed-loop`,
      });
      expect(view.json()).toMatchObject({
        contactBlockedBy: null,
        messages: [{ status: 'sent', subject: 'About your flight' }],
        followUps: [],
      });
    });

    it('fills a template with the customer, brand and case number', async () => {
      const caseId = state.cases['bob'] ?? '';
      const res = await env().as('admin', {
        method: 'POST',
        url: `/api/cases/${caseId}/messages`,
        payload: { template: 'apology' },
      });
      expect(res.statusCode).toBe(201);
      const body = res.json<{ subject: string; body: string }>();
      expect(body.subject).toBe('We are sorry about your experience');
      expect(body.body).toContain('Dear Bob,');
      expect(body.body).toContain('from Aurora Airways');
      expect(body.body).toMatch(/case #\d+\)/);
    });

    it('refuses a follow-up before the case is resolved with a 409', async () => {
      const res = await env().as('admin', {
        method: 'POST',
        url: `/api/cases/${state.cases['alice']}/follow-up`,
        payload: { surveyId: state.surveyId },
      });
      expect(res.statusCode).toBe(409);
      expect(res.json<{ error: { message: string } }>().error.message).toMatch(/resolved/);
    });

    it('records the answer of the follow-up, its category and recovered, on the case', async () => {
      const settings = await env().as('admin', {
        method: 'PUT',
        url: '/api/closed-loop/settings',
        payload: { followUpSurveyId: state.surveyId },
      });
      expect(settings.statusCode).toBe(200);
      for (const who of ['alice', 'bob']) {
        await resolveCase(env(), state.cases[who] ?? '');
        const res = await env().as('admin', {
          method: 'POST',
          url: `/api/cases/${state.cases[who]}/follow-up`,
          payload: {},
        });
        expect(res.statusCode).toBe(201);
        expect(res.json()).toMatchObject({
          status: 'sent',
          metric: 'nps',
          originalCategory: 'detractor',
          recovered: null,
        });
      }
      peer.messages.length = 0;
      await drainJobs();
      // Survey invitations carry List-Unsubscribe; other e-mails (notifications) do not.
      const invitations = peer.messages.filter((m) => m.headers.has('list-unsubscribe'));
      const tokens = new Map(invitations.map((m) => [m.to.join(','), tokenOf(m)]));
      expect([...tokens.keys()].sort()).toEqual(['alice@example.com', 'bob@example.com']);

      // An answer to the same survey that did not come through the follow-up's link is not its
      // outcome.
      await env().as('admin', {
        method: 'POST',
        url: `/api/surveys/${state.surveyId}/responses`,
        payload: { answers: { nps: 1 }, customerExternalId: 'alice' },
      });
      expect(await env().services.events.settle([FOLLOW_UP_SUBSCRIBER])).toBe(true);
      const unanswered = await env().as('admin', {
        method: 'GET',
        url: `/api/cases/${state.cases['alice']}/closed-loop`,
      });
      expect(unanswered.json()).toMatchObject({ followUps: [{ status: 'sent', score: null }] });

      // Alice answers 9 (recovered), Bob 5 (still a detractor), through the respondent API.
      for (const [email, nps] of [
        ['alice@example.com', 9],
        ['bob@example.com', 5],
      ] as const) {
        const res = await env().app.inject({
          method: 'POST',
          url: `/api/public/surveys/${state.slug}/responses`,
          payload: { answers: { nps }, invitation: tokens.get(email) },
        });
        expect(res.statusCode).toBe(201);
      }
      expect(await env().services.events.settle([FOLLOW_UP_SUBSCRIBER])).toBe(true);

      const alice = await env().as('admin', {
        method: 'GET',
        url: `/api/cases/${state.cases['alice']}/closed-loop`,
      });
      expect(alice.json()).toMatchObject({
        followUps: [
          { status: 'answered', score: 9, category: 'promoter', originalScore: 3, recovered: true },
        ],
      });
      const bob = await env().as('admin', {
        method: 'GET',
        url: `/api/cases/${state.cases['bob']}/closed-loop`,
      });
      expect(bob.json()).toMatchObject({
        followUps: [{ status: 'answered', score: 5, category: 'detractor', recovered: false }],
      });
      expect(await timelineKinds(env(), state.cases['alice'] ?? '')).toContain(
        'follow_up_answered',
      );
      const events = await env()
        .storage.db.selectFrom('domain_events')
        .select(['payload_json'])
        .where('type', '=', 'case.updated')
        .where('subject_id', '=', state.cases['alice'] ?? '')
        .execute();
      const outcomes = events
        .map((e) => JSON.parse(e.payload_json) as { change: { followUp?: { recovered: boolean } } })
        .filter((p) => p.change.followUp !== undefined);
      expect(outcomes).toEqual([
        expect.objectContaining({
          change: { followUp: expect.objectContaining({ recovered: true }) },
        }),
      ]);
    });

    it('counts the recovery in the report with its Wilson interval', async () => {
      const res = await env().as('analyst', { method: 'GET', url: '/api/reports/closed-loop' });
      expect(res.statusCode).toBe(200);
      const report = res.json<{
        recoveryRate: {
          count: number;
          n: number;
          share: number;
          interval: { low: number; high: number };
        };
        followUpResponseRate: { count: number; n: number };
        cases: { total: number; resolved: number };
        laterNps: { customers: number; meanBefore: number; meanAfter: number; change: number };
        byTeam: { cases: number }[];
      }>();
      expect(report.cases).toMatchObject({ total: 5, resolved: 2 });
      expect(report.followUpResponseRate).toMatchObject({ count: 2, n: 2 });
      // 1 of 2: Wilson 95% by hand, p = 0.5, z = 1.959964: 0.5 -/+ 0.4054688.
      expect(report.recoveryRate).toMatchObject({ count: 1, n: 2, share: 0.5 });
      expect(report.recoveryRate.interval.low).toBeCloseTo(0.0945312, 6);
      expect(report.recoveryRate.interval.high).toBeCloseTo(0.9054688, 6);
      // Alice 3 then 9, Bob 2 then 5.
      expect(report.laterNps).toMatchObject({
        customers: 2,
        meanBefore: 2.5,
        meanAfter: 7,
        change: 4.5,
      });
      expect(report.byTeam.reduce((s, r) => s + r.cases, 0)).toBe(5);
      const backwards = await env().as('analyst', {
        method: 'GET',
        url: '/api/reports/closed-loop?from=2026-03-01&to=2026-02-01',
      });
      expect(backwards.statusCode).toBe(422);
      expect(backwards.json()).toMatchObject({ error: { details: [{ field: 'query.from' }] } });
      const viewer = await env().as('agent', { method: 'GET', url: '/api/reports/closed-loop' });
      expect(viewer.statusCode).toBe(403);
    });

    it('lists the customer timeline newest first, paged without gaps or repeats', async () => {
      const alice = state.ids['alice'] ?? '';
      const all = await env().as('agent', {
        method: 'GET',
        url: `/api/customers/${alice}/timeline?limit=100`,
      });
      expect(all.statusCode).toBe(200);
      const entries = all.json<{ items: { kind: string; id: string; at: string }[] }>().items;
      const kinds = new Set(entries.map((e) => e.kind));
      expect([...kinds].sort()).toEqual(['case', 'case_activity', 'follow_up', 'response']);
      const keys = entries.map((e) => `${e.at}|${e.id}`);
      expect(keys).toEqual([...keys].sort().reverse());

      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/customers/${alice}/timeline?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await env().as('agent', { method: 'GET', url });
        const body = page.json<{
          items: { id: string; at: string }[];
          nextCursor: string | null;
        }>();
        expect(body.items.length).toBeLessThanOrEqual(2);
        paged.push(...body.items.map((e) => `${e.at}|${e.id}`));
        cursor = body.nextCursor;
      } while (cursor !== null);
      expect(paged).toEqual(keys);

      const responses = await env().as('agent', {
        method: 'GET',
        url: `/api/customers/${alice}/timeline?kind=response`,
      });
      const scores = responses
        .json<{ items: { score: number | null }[] }>()
        .items.map((e) => e.score);
      expect(scores).toEqual([9, 1, 3]);
      const other = await env().as(
        'admin',
        { method: 'GET', url: `/api/customers/${alice}/timeline` },
        env().orgB,
      );
      expect(other.statusCode).toBe(404);
    });
  },
  overrides,
);
