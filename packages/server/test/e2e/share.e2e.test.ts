/**
 * Share and schedule in Chromium against the real server: "Copy link" puts the page's full
 * address (its view) on the clipboard and says so; the weekly digest form saves the setting and
 * its preview arrives at a real SMTP peer on loopback.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpMailer } from '../../src/invitations/mailer.js';
import { JobWorker } from '../../src/jobs/job-worker.js';
import { buildJobRegistry } from '../../src/jobs/server-worker.js';
import { testConfig } from '../harness.js';
import { startSmtpPeer, type TSmtpPeer } from '../support/smtp-test-peer.js';
import { chromiumAvailable, launchChromium } from './chromium.js';
import { screenshot, seriousViolations, signIn } from './dashboard-pages.js';
import { startDashboardServer, type TDashboardServer } from './dashboard-server.js';

describe.skipIf(!chromiumAvailable())('share and schedule in Chromium', () => {
  let server: TDashboardServer;
  let peer: TSmtpPeer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const mailConfig = () => ({ smtpUrl: peer.url, mailFrom: 'Touchstone <cx@aurora.example>' });

  beforeAll(async () => {
    peer = await startSmtpPeer();
    server = await startDashboardServer({ ...mailConfig(), publicBaseUrl: 'https://cx.example' });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    page = await context.newPage();
    await signIn(page, server, server.org);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await peer?.stop();
  });

  it('copies the trends view with its choices as a link, announced in a status', async () => {
    await page.goto(`${server.url}/analytics/trends?metric=csat&interval=week`);
    await page.getByRole('heading', { level: 1, name: 'Trends' }).waitFor();
    // A choice made on the page goes into the address, and so into the link.
    await page.getByLabel('Interval', { exact: true }).selectOption('month');
    await expect.poll(() => new URL(page.url()).searchParams.get('interval')).toBe('month');
    // So does the order of the table: Value, twice, is descending.
    const valueHeader = page.getByRole('columnheader', { name: /^Value/ });
    await valueHeader.getByRole('button').click();
    await valueHeader.getByRole('button').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('-value');
    const header = page.locator('.page-header');
    await header.getByRole('button', { name: 'Copy link' }).click();
    await header.getByRole('status').getByText('Link copied').waitFor();
    const copied = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(copied).toBe(page.url());
    expect(new URL(copied).searchParams.get('metric')).toBe('csat');
    expect(new URL(copied).searchParams.get('interval')).toBe('month');

    // The link opens the same view in a new tab.
    const other = await context.newPage();
    await other.goto(copied);
    await other.getByRole('heading', { level: 1, name: 'Trends' }).waitFor();
    expect(await other.getByLabel('Interval', { exact: true }).inputValue()).toBe('month');
    expect(await other.getByLabel('Metric', { exact: true }).inputValue()).toBe('csat');
    expect(
      await other.getByRole('columnheader', { name: /^Value/ }).getAttribute('aria-sort'),
    ).toBe('descending');
    await other.close();
    await screenshot(page, 'copy-link');
    expect(await seriousViolations(page, 'copy link')).toEqual([]);
  }, 90_000);

  it('copies through a selected text area where the Clipboard API refuses', async () => {
    const refused = await context.newPage();
    await refused.addInitScript(
      'Object.defineProperty(navigator.clipboard, "writeText", { value: () => Promise.reject(new Error("denied")) });',
    );
    await refused.goto(`${server.url}/cases?view=all`);
    await refused.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
    const header = refused.locator('.page-header');
    await header.getByRole('button', { name: 'Copy link' }).click();
    await header.getByRole('status').getByText('Link copied').waitFor();
    expect(await refused.evaluate<string>('navigator.clipboard.readText()')).toBe(refused.url());
    await refused.close();
  }, 90_000);

  it('saves the weekly digest and sends its preview', async () => {
    await page.goto(`${server.url}/notifications`);
    const form = page.getByRole('form', { name: 'Weekly digest' });
    await form.waitFor();
    await page.getByRole('region', { name: 'Weekly digest' }).getByText('Off.').waitFor();
    await form.getByLabel('Send me the weekly digest').check();
    await form.getByLabel('Day').selectOption('wednesday');
    await form.getByLabel('Hour (UTC)').selectOption('9');
    await form.getByLabel('Covering').selectOption('teams');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/^Saved\. The next digest goes out/).waitFor();

    const saved = await context.request.get(`${server.url}/api/digest-subscription`);
    const body = (await saved.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      enabled: true,
      dayOfWeek: 'wednesday',
      hourUtc: 9,
      scope: 'teams',
    });
    const next = new Date(String(body['nextSendAt']));
    expect([next.getUTCDay(), next.getUTCHours()]).toEqual([3, 9]);

    await form.getByRole('button', { name: 'Send me a preview now' }).click();
    await page.getByText(`A preview is on its way to ${server.org.email}.`).waitFor();
    await screenshot(page, 'digest-subscription');
    expect(await seriousViolations(page, 'digest subscription')).toEqual([]);

    // The server's job worker, as `touchstone serve` runs it, sends the queued preview.
    const config = testConfig('sqlite', mailConfig());
    const mailer = createSmtpMailer(peer.url, config.mailFrom);
    try {
      const worker = new JobWorker(server.storage, buildJobRegistry(config, mailer), {
        workerId: 'e2e',
        pollMs: 10,
      });
      await worker.drain();
    } finally {
      mailer.close();
    }
    const mails = peer.messages.filter((m) => m.to.includes(server.org.email));
    expect(mails.map((m) => m.subject)).toEqual([
      expect.stringMatching(/^Preview: Your weekly Touchstone digest, \d{4}-\d{2}-\d{2} to /),
    ]);
    expect(mails[0]?.html).toContain('<tr data-metric="nps">');
  }, 90_000);
});
