/**
 * The personal link of an e-mail invitation in Chromium: a campaign is sent through a real SMTP
 * peer, the respondent clicks "9" in the e-mail they received, so the page opens with that score
 * as the answer and goes on to the next question, which greets the invited customer by first
 * name and names the campaign's touchpoint; the stored response is the customer's, with the score.
 * Opened again, the link reopens that response instead of starting a second one.
 */
import type { TResponse } from '@touchstone/core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpMailer } from '../../src/invitations/mailer.js';
import { startSmtpPeer, type TSmtpPeer } from '../support/smtp-test-peer.js';
import { JobWorker } from '../../src/jobs/job-worker.js';
import { buildJobRegistry } from '../../src/jobs/server-worker.js';
import { chromiumAvailable, launchChromium } from './chromium.js';
import { startRespondentServer, type TRespondentServer } from './respondent-server.js';

const PLAIN_HOST = 'cx.touchstone.test';

describe.skipIf(!chromiumAvailable())('personal e-mail link in Chromium', () => {
  let peer: TSmtpPeer;
  let server: TRespondentServer;
  let browser: Browser;
  let slug: string;
  let customerId: string;
  /** Path and query of the "9" link in the e-mail (its host is the configured public one). */
  let scoreLink: string;
  /** Path of the unsubscribe link in the e-mail. */
  let unsubscribeLink: string;

  beforeAll(async () => {
    peer = await startSmtpPeer();
    server = await startRespondentServer({ smtpUrl: peer.url });
    // A plain-HTTP host name other than localhost, as a company's internal server would have.
    browser = await launchChromium([`--host-resolver-rules=MAP ${PLAIN_HOST} 127.0.0.1`]);
    const survey = await server.api<{ id: string; slug: string }>('POST', '/api/surveys', {
      name: 'After your visit',
      slug: 'after-your-visit',
      kind: 'transactional',
      touchpointIds: [server.touchpointId],
      definition: {
        defaultLanguage: 'en',
        languages: ['en', 'de'],
        title: { en: 'Your visit', de: 'Ihr Besuch' },
        thankYou: { en: 'Thank you!', de: 'Vielen Dank!' },
        questions: [
          {
            id: 'nps',
            type: 'nps',
            required: true,
            text: { en: 'How likely are you to recommend us?', de: 'Würden Sie uns empfehlen?' },
          },
          {
            id: 'why',
            type: 'text',
            text: {
              en: 'Thank you, {{customer.firstName}}. What made the {{touchpoint.name}} worth it?',
              de: 'Danke, {{customer.firstName}}. Was war an {{touchpoint.name}} gut?',
            },
          },
        ],
      },
    });
    slug = survey.slug;
    await server.api('PATCH', `/api/surveys/${survey.id}`, { status: 'live' });
    customerId = (
      await server.api<{ id: string }>('POST', '/api/customers', {
        externalId: 'ada',
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        emailConsent: true,
        locale: 'de-CH',
      })
    ).id;
    const campaign = await server.api<{ id: string }>('POST', '/api/campaigns', {
      name: 'After the lounge',
      surveyId: survey.id,
      touchpointId: server.touchpointId,
      audience: { type: 'customers', customerIds: [customerId] },
      messages: {
        en: { subject: 'How was the lounge?' },
        de: { subject: 'Wie war die Lounge?' },
      },
      reminderDays: 0,
    });
    await server.api('POST', `/api/campaigns/${campaign.id}/send`, {});
    const mailer = createSmtpMailer(peer.url, server.config.mailFrom);
    try {
      const worker = new JobWorker(server.storage, buildJobRegistry(server.config, mailer), {
        workerId: 'e2e',
        now: () => new Date(),
        backoff: { baseMs: 1000, maxMs: 60_000 },
        concurrency: 1,
        pollMs: 10,
      });
      expect(await worker.drain()).toBe(1);
    } finally {
      mailer.close();
    }
    expect(peer.messages.map((m) => m.subject)).toEqual(['Wie war die Lounge?']);
    const html = peer.messages[0]?.html ?? '';
    const href = /href="([^"]*&#38;nps=9)"/.exec(html)?.[1]?.replaceAll('&#38;', '&');
    if (href === undefined) throw new Error(`no score link in the e-mail: ${html}`);
    const url = new URL(href);
    scoreLink = `${url.pathname}${url.search}`;
    const unsubscribe = /href="([^"]*\/u\/[^"]*)"/.exec(html)?.[1];
    if (unsubscribe === undefined) throw new Error(`no unsubscribe link in the e-mail: ${html}`);
    unsubscribeLink = new URL(unsubscribe.replaceAll('&#38;', '&')).pathname;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await peer?.stop();
  });

  it('opens on the next question with the clicked score kept, in the invitation language', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${server.url}${scoreLink}`);
    // Ada's locale is de-CH: the invitation, and so the page, is in German.
    await page.getByText('Danke, Ada. Was war an Lounge bar gut?').waitFor();
    expect(await page.getByText('Würden Sie uns empfehlen?').count()).toBe(0);
    await page.getByRole('textbox').fill('Der Empfang');
    await page.keyboard.press('Tab');
    await page.getByRole('button', { name: /senden/i }).click();
    await page.getByRole('heading', { name: 'Vielen Dank!' }).waitFor();

    const list = await server.api<{ items: TResponse[] }>(
      'GET',
      `/api/responses?surveyId=${encodeURIComponent((await surveyId(slug)) ?? '')}`,
    );
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      customerId,
      touchpointId: server.touchpointId,
      channel: 'email',
      language: 'de',
      status: 'complete',
      answers: { nps: 9, why: 'Der Empfang' },
    });
    await context.close();
  });

  it('reopens the answered response when the link is opened again, and stores no second one', async () => {
    // Another browser (no remembered resume token): the link shows the response as answered.
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${server.url}${scoreLink}`);
    await page.getByRole('heading', { name: 'Vielen Dank!' }).waitFor();
    expect(await page.getByRole('button', { name: /senden/i }).count()).toBe(0);
    const list = await server.api<{ items: TResponse[] }>(
      'GET',
      `/api/responses?surveyId=${encodeURIComponent((await surveyId(slug)) ?? '')}`,
    );
    expect(list.items).toHaveLength(1);
    await context.close();
  });

  it('unsubscribes with the page button over plain HTTP on a host other than localhost', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const port = new URL(server.url).port;
    await page.goto(`http://${PLAIN_HOST}:${port}${unsubscribeLink}`);
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await page.getByRole('heading', { name: 'You are unsubscribed' }).waitFor();
    const customer = await server.api<{ optedOutAt: string | null }>(
      'GET',
      `/api/customers/${customerId}`,
    );
    expect(customer.optedOutAt).not.toBeNull();
    await context.close();
  });

  async function surveyId(s: string): Promise<string | undefined> {
    const all = await server.api<{ items: { id: string; slug: string }[] }>('GET', '/api/surveys');
    return all.items.find((x) => x.slug === s)?.id;
  }
});
