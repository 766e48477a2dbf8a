/**
 * Acting on feedback from end to end, on a real server with a small organization of its own (on
 * SQLite, and on PostgreSQL when TOUCHSTONE_TEST_PG_URL is set): a detractor answers an e-mail
 * invitation in Chromium; a rule opens a case for the touchpoint's owning team, which is e-mailed
 * (a real SMTP peer) and announced to a webhook receiver whose signature `standardwebhooks`
 * verifies; the agent signs in, finds the case in their inbox and resolves it; the follow-up
 * survey goes out, the customer answers as a promoter and the case and the recovery report count
 * a recovered detractor; a case left unanswered breaches its SLA and escalates to the team lead.
 */
import type { TCase, TCaseClosedLoop, TClosedLoopReport, TResponse } from '@touchstone/core';
import type { Browser, BrowserContext } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TEST_DATABASES } from '../harness.js';
import { startSmtpPeer, type TCapturedMail, type TSmtpPeer } from '../support/smtp-test-peer.js';
import { startLoopServer, type TApiCall, type TLoopServer } from '../support/loop-server.js';
import { startWebhookReceiver, type TWebhookReceiver } from '../support/webhook-receiver.js';
import { chromiumAvailable, launchChromium } from './chromium.js';

/** Verifies a delivery's Standard Webhooks signature with the clock at its signing time. */
function verifySignedAt(secret: string, body: string, headers: Record<string, string>): unknown {
  vi.useFakeTimers({ now: Number(headers['webhook-timestamp']) * 1000, toFake: ['Date'] });
  try {
    return new Webhook(secret).verify(body, headers);
  } finally {
    vi.useRealTimers();
  }
}

/** How long the server may take from a submission to its consequences. */
const DEADLINE_MS = 15_000;
const HOOK_PATH = '/loop-hooks';
const CUSTOMER_EMAIL = 'dora.detractor@example.com';

/** Polls `probe` until it gives a value; fails naming the step and what never happened. */
async function within<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + DEADLINE_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`${what}: not within ${DEADLINE_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Path and query of the e-mail's link that answers the NPS question with `score`. */
function scoreLink(mail: TCapturedMail, score: number): string {
  const href = new RegExp(`href="([^"]*&#38;nps=${score})"`)
    .exec(mail.html)?.[1]
    ?.replaceAll('&#38;', '&');
  if (href === undefined) throw new Error(`no link for score ${score} in: ${mail.html}`);
  const url = new URL(href);
  return `${url.pathname}${url.search}`;
}

/** An NPS survey with a comment question, on the touchpoint, set live. */
async function liveSurvey(api: TApiCall, slug: string, title: string, touchpointId: string) {
  const survey = await api<{ id: string }>('POST', '/api/surveys', {
    name: title,
    slug,
    kind: 'transactional',
    touchpointIds: [touchpointId],
    definition: {
      defaultLanguage: 'en',
      languages: ['en'],
      title: { en: title },
      thankYou: { en: `Thank you (${slug})` },
      questions: [
        {
          id: 'nps',
          type: 'nps',
          required: true,
          text: { en: 'How likely are you to recommend the lounge?' },
        },
        { id: 'comment', type: 'text', text: { en: 'What is the main reason for your score?' } },
      ],
    },
  });
  await api('PATCH', `/api/surveys/${survey.id}`, { status: 'live' });
  return survey.id;
}

for (const database of TEST_DATABASES) {
  describe.skipIf(!chromiumAvailable())(
    `acting on feedback, end to end in Chromium [${database.dialect}]`,
    () => {
      let peer: TSmtpPeer;
      let receiver: TWebhookReceiver;
      let server: TLoopServer;
      let pump: { stop(): Promise<void> };
      let browser: Browser;
      let customerContext: BrowserContext;
      let agentContext: BrowserContext;
      const world = {
        teamId: '',
        touchpointId: '',
        surveyId: '',
        followUpSurveyId: '',
        customerId: '',
        ruleId: '',
        webhookSecret: '',
        agent: { id: '', email: '', password: '' },
        lead: { id: '', api: null as TApiCall | null },
        responseId: '',
        caseId: '',
        caseNumber: 0,
      };
      /** When the detractor's answer was sent. */
      let submittedAt = 0;

      beforeAll(async () => {
        peer = await startSmtpPeer();
        receiver = await startWebhookReceiver();
        server = await startLoopServer(database, {
          smtpUrl: peer.url,
          webhookAllowPrivateTargets: 'loopback',
          webhookTimeoutMs: 2000,
        });
        browser = await launchChromium();
        customerContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
        agentContext = await browser.newContext({ viewport: { width: 1360, height: 900 } });
        // A missing element fails its step well inside the test's time, not after 30 s.
        customerContext.setDefaultTimeout(10_000);
        agentContext.setDefaultTimeout(10_000);
      }, 240_000);

      afterAll(async () => {
        await pump?.stop();
        await browser?.close();
        await server?.close();
        await receiver?.close();
        await peer?.stop();
      });

      it('step 1: seeds a team, a touchpoint, surveys, a customer, a rule and a webhook', async () => {
        const { api } = server;
        const agent = await server.person('ana.agent@loop.test', 'Ana Agent', 'agent');
        const lead = await server.person('leo.lead@loop.test', 'Leo Lead', 'agent');
        world.agent = agent;
        world.lead = { id: lead.id, api: lead.api };
        const team = await api<{ id: string }>('POST', '/api/teams', {
          name: 'Lounge team',
          memberIds: [agent.id, lead.id],
        });
        world.teamId = team.id;
        await api('PATCH', `/api/teams/${team.id}`, { leadUserId: lead.id });
        const prefs = await agent.api<{ email: string }>('PUT', '/api/notification-preferences', {
          email: 'immediate',
        });
        expect(prefs.email, 'step 1: the agent chooses immediate e-mails').toBe('immediate');

        const journey = await api<{ stages: { id: string }[] }>('POST', '/api/journeys', {
          name: 'Trip',
          stages: [{ name: 'Airport', phase: 'sales' }],
        });
        const touchpoint = await api<{ id: string; ownerTeamId: string | null }>(
          'POST',
          '/api/touchpoints',
          {
            key: 'lounge',
            name: 'Lounge',
            stageId: journey.stages[0]?.id,
            channel: 'on-site',
            providerType: 'spatial-environment',
            ownerTeamId: team.id,
          },
        );
        expect(touchpoint.ownerTeamId, 'step 1: the team owns the touchpoint').toBe(team.id);
        world.touchpointId = touchpoint.id;
        world.surveyId = await liveSurvey(api, 'lounge-visit', 'Your lounge visit', touchpoint.id);
        world.followUpSurveyId = await liveSurvey(
          api,
          'put-it-right',
          'Did we put it right?',
          touchpoint.id,
        );
        const settings = await api<{ followUpSurveyId: string }>(
          'PUT',
          '/api/closed-loop/settings',
          {
            followUpSurveyId: world.followUpSurveyId,
          },
        );
        expect(settings.followUpSurveyId, 'step 1: the default follow-up survey').toBe(
          world.followUpSurveyId,
        );

        const customer = await api<{ id: string }>('POST', '/api/customers', {
          externalId: 'dora',
          name: 'Dora Detractor',
          email: CUSTOMER_EMAIL,
          emailConsent: true,
        });
        world.customerId = customer.id;

        const rule = await api<{ id: string; enabled: boolean }>('POST', '/api/rules', {
          name: 'Detractors get a case',
          trigger: 'response',
          conditions: [{ kind: 'nps', categories: ['detractor'] }],
          actions: [
            {
              type: 'open_case',
              teamId: null,
              priority: 'high',
              title: '{{customer}} at {{touchpoint}}',
            },
            { type: 'notify', teamIds: [team.id] },
          ],
        });
        expect(rule.enabled, 'step 1: the rule is on').toBe(true);
        world.ruleId = rule.id;

        const hook = await api<{ secret: string }>('POST', '/api/webhooks', {
          url: `${receiver.origin}${HOOK_PATH}`,
          description: 'CRM',
          eventTypes: ['case.created', 'case.sla_breached'],
        });
        expect(hook.secret, 'step 1: the webhook has a Standard Webhooks secret').toMatch(
          /^whsec_/,
        );
        world.webhookSecret = hook.secret;
        pump = server.startPump();
      }, 30_000);

      it('step 2: the detractor answers the e-mail invitation in Chromium', async () => {
        expect(world.customerId, 'step 2 needs step 1').not.toBe('');
        const campaign = await server.api<{ id: string }>('POST', '/api/campaigns', {
          name: 'After the lounge',
          surveyId: world.surveyId,
          touchpointId: world.touchpointId,
          audience: { type: 'customers', customerIds: [world.customerId] },
          messages: { en: { subject: 'How was the lounge?' } },
          reminderDays: 0,
        });
        await server.api('POST', `/api/campaigns/${campaign.id}/send`, {});
        const invitation = await within('step 2: the invitation reaches the SMTP peer', () =>
          Promise.resolve(
            peer.messages.find(
              (m) => m.to.includes(CUSTOMER_EMAIL) && m.subject.includes('lounge'),
            ),
          ),
        );

        const page = await customerContext.newPage();
        await page.goto(`${server.url}${scoreLink(invitation, 2)}`);
        await page.getByText('What is the main reason for your score?').waitFor();
        await page.getByRole('textbox').fill('Dirty tables and nobody came to help.');
        await page.keyboard.press('Tab');
        await page.getByRole('button', { name: 'Submit' }).click();
        await page.getByRole('heading', { name: 'Thank you (lounge-visit)' }).waitFor();
        submittedAt = Date.now();
        await page.close();

        const responses = await server.api<{ items: TResponse[] }>(
          'GET',
          `/api/responses?surveyId=${world.surveyId}`,
        );
        expect(responses.items, 'step 2: one response stored').toHaveLength(1);
        expect(
          responses.items[0],
          'step 2: the response is the customer’s detractor score',
        ).toMatchObject({ customerId: world.customerId, status: 'complete', answers: { nps: 2 } });
        world.responseId = responses.items[0]?.id ?? '';
      }, 30_000);

      it('step 3: a case, an e-mail and a signed webhook follow within seconds', async () => {
        expect(world.responseId, 'step 3 needs the response of step 2').not.toBe('');
        const found = await within('step 3: a case naming the response', async () => {
          const list = await server.api<{ items: TCase[] }>(
            'GET',
            `/api/cases?response=${world.responseId}`,
          );
          return list.items[0];
        });
        const caseSeconds = (Date.now() - submittedAt) / 1000;
        expect(found, 'step 3: the case is the owning team’s, from the rule').toMatchObject({
          teamId: world.teamId,
          responseId: world.responseId,
          customerId: world.customerId,
          touchpointId: world.touchpointId,
          ruleId: world.ruleId,
          status: 'new',
          priority: 'high',
          title: 'Dora Detractor at Lounge',
        });
        world.caseId = found.id;
        world.caseNumber = found.number;

        const mail = await within('step 3: the agent’s notification e-mail', () =>
          Promise.resolve(
            peer.messages.find(
              (m) =>
                m.to.includes(world.agent.email) && m.subject.includes(`Case #${found.number}`),
            ),
          ),
        );
        expect(mail.html, 'step 3: the e-mail links to the case').toContain(`/cases/${found.id}`);

        const hook = await within('step 3: the case.created webhook', () =>
          Promise.resolve(
            receiver
              .at(HOOK_PATH)
              .find((r) => (JSON.parse(r.body) as { type: string }).type === 'case.created'),
          ),
        );
        const headers = Object.fromEntries(
          Object.entries(hook.headers).map(([name, value]) => [name, String(value)]),
        );
        const verified = new Webhook(world.webhookSecret).verify(hook.body, headers) as {
          type: string;
          data: { caseId: string; responseId: string; teamId: string };
        };
        expect(verified, 'step 3: standardwebhooks verifies the signed case.created').toMatchObject(
          {
            type: 'case.created',
            data: { caseId: found.id, responseId: world.responseId, teamId: world.teamId },
          },
        );
        expect(
          () => new Webhook(world.webhookSecret).verify(`${hook.body} `, headers),
          'step 3: a changed body fails verification',
        ).toThrow();
        console.info(`step 3: case ${caseSeconds.toFixed(2)} s after the answer was sent`);
      }, 30_000);

      it('step 4: the agent signs in, finds the case in the inbox and resolves it', async () => {
        expect(world.caseId, 'step 4 needs the case of step 3').not.toBe('');
        const page = await agentContext.newPage();
        await page.goto(`${server.url}/`);
        await page.waitForURL(/\/sign-in/);
        await page.getByLabel('Email').fill(world.agent.email);
        await page.getByLabel('Password').fill(world.agent.password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        // An agent lands on the case inbox, not on the overview.
        await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
        expect(new URL(page.url()).pathname, 'step 4: the agent lands on the case inbox').toBe(
          '/cases',
        );
        // The landing lists the agent's own cases; a rule's case is the team's until someone takes it.
        await page.getByRole('navigation', { name: 'Case views' }).getByText('Team cases').click();
        const row = page.getByRole('row').filter({ hasText: 'Dora Detractor at Lounge' });
        await row.getByRole('link').click();
        await page.waitForURL(new RegExp(`/cases/${world.caseId}$`));
        const moves = page.getByRole('group', { name: 'Status' });
        await moves.getByRole('button', { name: 'Resolve' }).click();
        // Close is offered before and after; the move is done when the timeline records it.
        await page
          .getByRole('region', { name: 'Timeline' })
          .getByText('moved it from New to Resolved')
          .waitFor();
        expect(
          await moves.getByRole('button').allTextContents(),
          'step 4: a resolved case may be reopened or closed',
        ).toEqual(['Open', 'Close']);

        const stored = await server.api<TCase>('GET', `/api/cases/${world.caseId}`);
        expect(stored.status, 'step 4: the API has the case resolved').toBe('resolved');
        expect(stored.resolvedAt, 'step 4: with its time').not.toBeNull();
        expect(
          stored.sla.firstResponse.metAt,
          'step 4: resolving answered the case',
        ).not.toBeNull();
      }, 60_000);

      it('step 5: the follow-up goes out, the customer answers as a promoter, recovery is counted', async () => {
        expect(world.caseId, 'step 5 needs the case of step 3').not.toBe('');
        const page = agentContext.pages()[0];
        if (page === undefined) throw new Error('step 5: the agent’s page is gone');
        const panel = page.getByRole('region', { name: 'Closing the loop' });
        await panel.getByRole('button', { name: 'Send follow-up survey' }).click();
        await panel
          .getByRole('list', { name: 'Follow-up surveys' })
          .getByText(/Waiting for the answer/)
          .waitFor();
        const invitation = await within('step 5: the follow-up e-mail reaches the SMTP peer', () =>
          Promise.resolve(
            peer.messages.find(
              (m) => m.to.includes(CUSTOMER_EMAIL) && m.subject === 'Did we put it right?',
            ),
          ),
        );

        const answer = await customerContext.newPage();
        await answer.goto(`${server.url}${scoreLink(invitation, 10)}`);
        await answer.getByText('What is the main reason for your score?').waitFor();
        await answer.getByRole('textbox').fill('They called me and fixed it.');
        await answer.keyboard.press('Tab');
        await answer.getByRole('button', { name: 'Submit' }).click();
        await answer.getByRole('heading', { name: 'Thank you (put-it-right)' }).waitFor();

        const followUp = await within('step 5: the follow-up outcome on the case', async () => {
          const loop = await server.api<TCaseClosedLoop>(
            'GET',
            `/api/cases/${world.caseId}/closed-loop`,
          );
          const first = loop.followUps[0];
          return first?.status === 'answered' ? first : undefined;
        });
        expect(followUp, 'step 5: a recovered detractor').toMatchObject({
          surveyId: world.followUpSurveyId,
          originalResponseId: world.responseId,
          originalScore: 2,
          originalCategory: 'detractor',
          score: 10,
          category: 'promoter',
          recovered: true,
        });
        await page.reload();
        await panel
          .getByRole('list', { name: 'Follow-up surveys' })
          .getByText(/recovered/)
          .waitFor();

        const report = await server.api<TClosedLoopReport>('GET', '/api/reports/closed-loop');
        expect(
          report.recoveryRate,
          'step 5: the report counts one recovered detractor',
        ).toMatchObject({
          count: 1,
          n: 1,
        });
        expect(report.cases, 'step 5: the report counts the resolved case').toMatchObject({
          total: 1,
          resolved: 1,
        });
        expect(report.byTeam, 'step 5: the recovery is the lounge team’s').toEqual([
          expect.objectContaining({
            id: world.teamId,
            cases: 1,
            resolved: 1,
            followedUpDetractors: 1,
            recovered: 1,
          }),
        ]);
      }, 60_000);

      it('step 6: a case left unanswered breaches its SLA and escalates to the team lead', async () => {
        expect(world.touchpointId, 'step 6 needs step 1').not.toBe('');
        const opened = await server.api<TCase>('POST', '/api/cases', {
          title: 'Shower out of order',
          priority: 'urgent',
          touchpointId: world.touchpointId,
        });
        expect(opened.teamId, 'step 6: the case goes to the touchpoint’s team').toBe(world.teamId);
        // A minute past the first-response target, without waiting for it.
        const future = new Date(new Date(opened.sla.firstResponse.dueAt).getTime() + 60_000);
        await server.worker(() => future).drain();

        const after = await server.api<TCase>('GET', `/api/cases/${opened.id}`);
        expect(after.sla.state, 'step 6: the case is breached').toBe('breached');
        expect(
          after.sla.firstResponse.breachedAt,
          'step 6: its first-response target',
        ).not.toBeNull();
        expect(after.escalatedAt, 'step 6: and escalated').not.toBeNull();

        const events = await server.api<{ items: { subjectId: string }[] }>(
          'GET',
          '/api/events?type=case.sla_breached',
        );
        expect(
          events.items.map((e) => e.subjectId),
          'step 6: a case.sla_breached event',
        ).toContain(opened.id);

        const hook = await within('step 6: the case.sla_breached webhook', () =>
          Promise.resolve(receiver.at(HOOK_PATH).find((r) => r.body.includes('case.sla_breached'))),
        );
        const headers = Object.fromEntries(
          Object.entries(hook.headers).map(([name, value]) => [name, String(value)]),
        );
        // The worker that sent it may run on the clock moved past the target: check the signature
        // as the receiver would at the moment it was signed.
        expect(
          verifySignedAt(world.webhookSecret, hook.body, headers),
          'step 6: the breach reaches the webhook, signed',
        ).toMatchObject({ type: 'case.sla_breached', data: { caseId: opened.id } });

        const lead = world.lead.api;
        if (lead === null) throw new Error('step 6: no team lead');
        const inbox = await lead<{ items: { kind: string; link: string | null }[] }>(
          'GET',
          '/api/notifications',
        );
        expect(
          inbox.items.filter((n) => n.kind === 'case.sla_breached'),
          'step 6: the team lead is notified of the breach',
        ).toEqual([expect.objectContaining({ link: `/cases/${opened.id}` })]);
        const agentInbox = await server.api<{ items: TCase[] }>(
          'GET',
          `/api/cases?sla=breached&team=${world.teamId}`,
        );
        expect(
          agentInbox.items.map((c) => c.id),
          'step 6: only the unanswered case is breached',
        ).toEqual([opened.id]);
      }, 30_000);
    },
  );
}
