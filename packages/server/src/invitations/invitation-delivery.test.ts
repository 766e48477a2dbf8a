/**
 * E-mail invitations end to end against a real SMTP server on loopback: who gets an e-mail, what
 * it says, the personal link, one-click unsubscribe, and reminders with time moved by hand.
 */
import { afterAll, expect, it } from 'vitest';
import { describeEachDatabase, testConfig } from '../../test/harness.js';
import { enqueueDueReminders } from './reminders.js';
import { startSmtpPeer, type TCapturedMail } from '../../test/support/smtp-test-peer.js';
import {
  createCustomers,
  insertLiveSurvey,
  testWorker,
} from '../../test/support/invitation-fixtures.js';

const peer = await startSmtpPeer();
afterAll(() => peer.stop());

const BASE = 'https://cx.aurora.example';
const overrides = {
  smtpUrl: peer.url,
  publicBaseUrl: BASE,
  mailFrom: 'Aurora Airways <surveys@aurora.example>',
};
const DAY = 86_400_000;

/** The personal token of an e-mail, read from its List-Unsubscribe header. */
function tokenOf(mail: TCapturedMail): string {
  const match = /<https:\/\/cx\.aurora\.example\/u\/([A-Za-z0-9_-]+)>/.exec(
    mail.headers.get('list-unsubscribe') ?? '',
  );
  if (!match?.[1]) throw new Error(`no token in ${mail.headers.get('list-unsubscribe')}`);
  return match[1];
}

function byRecipient(mails: TCapturedMail[]) {
  return new Map(mails.map((m) => [m.to.join(','), m]));
}

describeEachDatabase(
  'e-mail invitations',
  (env) => {
    const clock = { now: new Date() };
    const state = { campaignId: '', slug: '', tokens: new Map<string, string>() };
    let ids: Record<string, string> = {};

    it('sends to exactly the eligible customers: consent, address, opt-out and the frequency rule', async () => {
      const config = testConfig(env().dialect, overrides);
      const { worker, close } = testWorker(env(), config, peer.url, clock);
      try {
        state.slug = `flight-${env().dialect}`;
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
        const brandId = brand.json<{ id: string }>().id;
        const surveyId = await insertLiveSurvey(env(), state.slug, env().orgA.id, brandId);
        await env().as('admin', {
          method: 'POST',
          url: '/api/attribute-keys',
          payload: {
            entity: 'customer',
            key: 'tier',
            label: 'Tier',
            type: 'enum',
            options: ['gold', 'blue'],
          },
        });
        const gold = { tier: 'gold' };
        ids = await createCustomers(env(), [
          { externalId: 'alice', email: 'alice@example.com', name: 'Alice', attributes: gold },
          { externalId: 'bernd', email: 'bernd@example.de', locale: 'de-DE', attributes: gold },
          { externalId: 'carol', email: null, attributes: gold },
          { externalId: 'dave', email: 'dave@example.com', emailConsent: false, attributes: gold },
          { externalId: 'erin', email: 'erin@example.com', optedOut: true, attributes: gold },
          { externalId: 'frank', email: 'frank@example.com', attributes: gold },
          { externalId: 'grace', email: 'grace@example.com', attributes: gold },
          { externalId: 'henry', email: 'henry@example.com', attributes: { tier: 'blue' } },
        ]);

        // Frank and Grace were invited by an earlier campaign, 10 and 40 days ago.
        const earlier = await env().as('admin', {
          method: 'POST',
          url: '/api/campaigns',
          payload: {
            name: 'Earlier',
            surveyId,
            audience: { type: 'customers', customerIds: [ids['frank'], ids['grace']] },
            messages: { en: { subject: 'Earlier survey' } },
            reminderDays: 0,
          },
        });
        const earlierId = earlier.json<{ id: string }>().id;
        await env().as('admin', {
          method: 'POST',
          url: `/api/campaigns/${earlierId}/send`,
          payload: {},
        });
        clock.now = new Date(Date.now() + 1000);
        await worker.drain();
        for (const [who, days] of [
          ['frank', 10],
          ['grace', 40],
        ] as const) {
          await env()
            .storage.db.updateTable('invitations')
            .set({ invited_at: new Date(Date.now() - days * DAY).toISOString() })
            .where('campaign_id', '=', earlierId)
            .where('customer_id', '=', ids[who] ?? '')
            .execute();
        }
        peer.messages.length = 0;

        const created = await env().as('admin', {
          method: 'POST',
          url: '/api/campaigns',
          payload: {
            name: 'After the flight',
            surveyId,
            audience: { type: 'segment', attr: ['tier:gold'] },
            messages: {
              en: { subject: 'How was your flight?', intro: 'Tell us <everything> & more.' },
              de: { subject: 'Wie war Ihr Flug?', intro: 'Erzählen Sie uns davon.' },
            },
            reminderDays: 3,
          },
        });
        expect(created.statusCode).toBe(201);
        state.campaignId = created.json<{ id: string }>().id;
        expect(created.json()).toMatchObject({ status: 'draft', reminderDays: 3 });

        const sent = await env().as('admin', {
          method: 'POST',
          url: `/api/campaigns/${state.campaignId}/send`,
          payload: {},
        });
        expect(sent.statusCode).toBe(200);
        expect(sent.json()).toMatchObject({
          status: 'sending',
          counts: {
            eligible: 3,
            skipped: { noEmail: 1, noConsent: 1, optedOut: 1, frequency: 1 },
            queued: 3,
            sent: 0,
          },
        });
        clock.now = new Date(Date.now() + 1000);
        expect(await worker.drain()).toBe(3);
        expect(peer.messages.map((m) => m.to.join(',')).sort()).toEqual([
          'alice@example.com',
          'bernd@example.de',
          'grace@example.com',
        ]);
        const read = await env().as('analyst', {
          method: 'GET',
          url: `/api/campaigns/${state.campaignId}`,
        });
        expect(read.json()).toMatchObject({ status: 'sent', counts: { sent: 3, queued: 0 } });
        const skipped = await env().as('agent', {
          method: 'GET',
          url: `/api/campaigns/${state.campaignId}/invitations?status=skipped&skipReason=frequency`,
        });
        expect(skipped.json<{ items: { customerId: string }[] }>().items).toEqual([
          expect.objectContaining({ customerId: ids['frank'], status: 'skipped' }),
        ]);
        for (const mail of peer.messages) state.tokens.set(mail.to.join(','), tokenOf(mail));
      } finally {
        close();
      }
    });

    it('writes each e-mail in the customer language, branded, escaped, with RFC 8058 unsubscribe headers', () => {
      const mails = byRecipient(peer.messages);
      const alice = mails.get('alice@example.com');
      const bernd = mails.get('bernd@example.de');
      if (!alice || !bernd) throw new Error('missing e-mails');
      expect(alice.subject).toBe('How was your flight?');
      expect(bernd.subject).toBe('Wie war Ihr Flug?');
      expect(alice.headers.get('from')).toBe('Aurora Airways <surveys@aurora.example>');

      const token = tokenOf(alice);
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(alice.headers.get('list-unsubscribe')).toBe(
        `<${BASE}/u/${token}>, <mailto:surveys@aurora.example?subject=unsubscribe%20${token}>`,
      );
      expect(alice.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      // Every recipient has their own token.
      expect(new Set([...state.tokens.values()]).size).toBe(3);

      const link = `${BASE}/s/${state.slug}?t=${token}`;
      expect(alice.html).toContain(`href="${link}"`);
      expect(alice.html).toContain(`href="${link}&#38;nps=9"`);
      expect(alice.html).toContain('Tell us &#60;everything&#62; &#38; more.');
      expect(alice.html).not.toContain('<everything>');
      expect(alice.html).toContain('Hello Alice,');
      expect(alice.html).toContain('border-top:6px solid #7a1f5c');
      expect(alice.html).toContain('background:#7a1f5c');
      expect(alice.html).toContain('font-family:Georgia, serif');
      expect(alice.html).toContain(
        '<img src="https://cdn.aurora.example/logo.png" alt="Aurora Airways"',
      );
      expect(alice.html).toContain(`href="${BASE}/u/${token}"`);
      expect(alice.text).toContain(`Start the survey: ${link}`);
      expect(alice.text).toContain(`Unsubscribe: ${BASE}/u/${token}`);
      expect(bernd.html).toContain('Ihr Flug mit Aurora');
      expect(bernd.html).toContain('Zur Umfrage');
    });

    it('opens the personal link with the invited customer and language in the page, for piping', async () => {
      const page = async (token: string) => {
        const res = await env().app.inject({ method: 'GET', url: `/s/${state.slug}?t=${token}` });
        expect(res.statusCode).toBe(200);
        return res.body;
      };
      const alice = await page(state.tokens.get('alice@example.com') ?? '');
      expect(alice).toContain('<meta name="touchstone-customer-name" content="Alice">');
      expect(alice).toContain('<meta name="touchstone-customer-first-name" content="Alice">');
      expect(alice).toContain('<meta name="touchstone-language" content="en">');
      // Bernd has no name on record and was invited in German.
      const bernd = await page(state.tokens.get('bernd@example.de') ?? '');
      expect(bernd).not.toContain('touchstone-customer-name');
      expect(bernd).toContain('<meta name="touchstone-language" content="de">');
      // An unknown token opens the anonymous page; it names nobody.
      const unknown = await page('A'.repeat(43));
      expect(unknown).not.toContain('touchstone-customer');
      expect(unknown).not.toContain('touchstone-language');
    });

    it('ties a response through the personal link to the customer and marks the invitation responded', async () => {
      const token = state.tokens.get('bernd@example.de') ?? '';
      const res = await env().app.inject({
        method: 'POST',
        url: `/api/public/surveys/${state.slug}/responses`,
        payload: { answers: { nps: 9 }, invitation: token },
      });
      expect(res.statusCode).toBe(201);
      const responseId = res.json<{ id: string }>().id;
      const stored = await env().as('admin', {
        method: 'GET',
        url: `/api/responses/${responseId}`,
      });
      expect(stored.json()).toMatchObject({
        customerId: ids['bernd'],
        channel: 'email',
        language: 'de',
      });
      const invitations = await env().as('admin', {
        method: 'GET',
        url: `/api/campaigns/${state.campaignId}/invitations?responded=true`,
      });
      expect(invitations.json<{ items: unknown[] }>().items).toEqual([
        expect.objectContaining({ customerId: ids['bernd'], responseId }),
      ]);
      // A token opens only its own survey.
      const other = await insertLiveSurvey(env(), `other-${env().dialect}`);
      expect(other).toBeTruthy();
      const wrong = await env().app.inject({
        method: 'POST',
        url: `/api/public/surveys/other-${env().dialect}/responses`,
        payload: { answers: { nps: 1 }, invitation: token },
      });
      expect(wrong.statusCode).toBe(422);
    });

    it('takes one response per invitation: a second is refused with 409, the link reopens the first', async () => {
      const token = state.tokens.get('bernd@example.de') ?? '';
      const responsesOfBernd = async () =>
        (
          await env().as('admin', {
            method: 'GET',
            url: `/api/responses?customerId=${ids['bernd']}`,
          })
        ).json<{ items: { id: string }[] }>().items;
      const [first] = await responsesOfBernd();
      const again = await env().app.inject({
        method: 'POST',
        url: `/api/public/surveys/${state.slug}/responses`,
        payload: { answers: { nps: 2 }, invitation: token },
      });
      expect(again.statusCode).toBe(409);
      expect(again.json<{ error: { message: string } }>().error.message).toContain(
        `already answered (response ${first?.id})`,
      );
      expect(await responsesOfBernd()).toHaveLength(1);

      // The link reopens that response: a fresh resume token reads it back, complete and final.
      const reopened = await env().app.inject({
        method: 'POST',
        url: `/api/public/surveys/${state.slug}/reopen`,
        payload: { invitation: token },
      });
      expect(reopened.statusCode).toBe(200);
      const { resumeToken, status } = reopened.json<{ resumeToken: string; status: string }>();
      expect(status).toBe('complete');
      const read = await env().app.inject({
        method: 'GET',
        url: `/api/public/responses/${resumeToken}`,
      });
      expect(read.json()).toMatchObject({ id: first?.id, answers: { nps: 9 } });

      // Two submissions racing under one unused invitation: one is stored, the other refused.
      const grace = state.tokens.get('grace@example.com') ?? '';
      const before = await env().app.inject({
        method: 'POST',
        url: `/api/public/surveys/${state.slug}/reopen`,
        payload: { invitation: grace },
      });
      expect(before.statusCode).toBe(404);
      const race = await Promise.all(
        [7, 8].map((nps) =>
          env().app.inject({
            method: 'POST',
            url: `/api/public/surveys/${state.slug}/responses`,
            payload: { answers: { nps }, invitation: grace },
          }),
        ),
      );
      expect(race.map((r) => r.statusCode).sort()).toEqual([201, 409]);
      const ofGrace = await env().as('admin', {
        method: 'GET',
        url: `/api/responses?customerId=${ids['grace']}`,
      });
      expect(ofGrace.json<{ items: unknown[] }>().items).toHaveLength(1);
    });

    it('unsubscribes in one click; the page asks first; an unknown token is refused', async () => {
      const token = state.tokens.get('grace@example.com') ?? '';
      const page = await env().app.inject({ method: 'GET', url: `/u/${token}` });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain(`<form method="post" action="/u/${token}">`);
      // Looking at the page changes nothing (mail scanners follow links).
      const before = await env().as('admin', {
        method: 'GET',
        url: `/api/customers/${ids['grace']}`,
      });
      expect(before.json()).toMatchObject({ optedOutAt: null });

      const oneClick = await env().app.inject({
        method: 'POST',
        url: `/u/${token}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'List-Unsubscribe=One-Click',
      });
      expect(oneClick.statusCode).toBe(200);
      expect(oneClick.body).toContain('You are unsubscribed');
      const after = await env().as('admin', {
        method: 'GET',
        url: `/api/customers/${ids['grace']}`,
      });
      expect(after.json<{ optedOutAt: string | null }>().optedOutAt).not.toBeNull();

      const unknown = await env().app.inject({ method: 'POST', url: `/u/${'x'.repeat(43)}` });
      expect(unknown.statusCode).toBe(404);
    });

    it('reminds only non-respondents who did not opt out, once, after the reminder days', async () => {
      const config = testConfig(env().dialect, overrides);
      peer.messages.length = 0;
      const sentAt = Date.now();
      expect(await enqueueDueReminders(env().storage.db, { now: new Date(sentAt + 2 * DAY) })).toBe(
        0,
      );

      clock.now = new Date(sentAt + 3 * DAY + 60_000);
      const { worker, close } = testWorker(env(), config, peer.url, clock);
      try {
        // The campaign's reminder sweep was scheduled for three days after sending.
        await worker.drain();
        expect(peer.messages.map((m) => m.to.join(','))).toEqual(['alice@example.com']);
        expect(peer.messages[0]?.subject).toBe('Reminder: How was your flight?');
        expect(peer.messages[0]?.headers.get('list-unsubscribe-post')).toBe(
          'List-Unsubscribe=One-Click',
        );

        clock.now = new Date(sentAt + 10 * DAY);
        expect(await enqueueDueReminders(env().storage.db, { now: clock.now })).toBe(0);
        await worker.drain();
        expect(peer.messages).toHaveLength(1);
      } finally {
        close();
      }
      const read = await env().as('admin', {
        method: 'GET',
        url: `/api/campaigns/${state.campaignId}`,
      });
      // Bernd and Grace answered (once each, however often they tried).
      expect(read.json()).toMatchObject({
        counts: { sent: 3, responded: 2, reminded: 1, unsubscribed: 1 },
      });
    });
  },
  overrides,
);
