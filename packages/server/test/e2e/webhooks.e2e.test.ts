/**
 * The webhook settings in Chromium against the real server: a bad URL is refused on its field,
 * a subscription is created with its secret shown once, a test message reaches a receiver on
 * loopback signed with that secret, and the delivery log offers a redelivery with the same id.
 */
import { createHmac } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobRegistry } from '../../src/jobs/job-registry.js';
import { JobWorker } from '../../src/jobs/job-worker.js';
import { registerWebhookJobs } from '../../src/webhooks/webhook-jobs.js';
import { startWebhookReceiver, type TWebhookReceiver } from '../support/webhook-receiver.js';
import { chromiumAvailable, launchChromium } from './chromium.js';
import { openFromMenu, screenshot, seriousViolations, signIn } from './dashboard-pages.js';
import { startDashboardServer, type TDashboardServer } from './dashboard-server.js';

const CONFIG = { webhookAllowPrivateTargets: 'loopback', webhookTimeoutMs: 2000 } as const;

describe.skipIf(!chromiumAvailable())('webhook settings in Chromium', () => {
  let server: TDashboardServer;
  let receiver: TWebhookReceiver;
  let browser: Browser;
  let page: Page;
  let worker: JobWorker;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    server = await startDashboardServer(CONFIG);
    const registry = new JobRegistry();
    registerWebhookJobs(registry, { config: CONFIG });
    worker = new JobWorker(server.storage, registry);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
    await signIn(page, server, server.org);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await receiver?.close();
  });

  it('creates a webhook, shows its secret once, pings it and redelivers', async () => {
    await openFromMenu(page, 'Webhooks');
    await page.getByRole('button', { name: 'New webhook' }).click();
    await page.getByLabel('URL').fill('ftp://files.example.com/in');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    await page.getByText('only http and https URLs are allowed').waitFor();

    const url = `${receiver.origin}/e2e`;
    await page.getByLabel('URL').fill(url);
    await page.getByLabel('Description').fill('CRM sync');
    await page.getByLabel('All events (*)').check();
    await page.getByRole('button', { name: 'Create webhook' }).click();
    const secret = await page.getByTestId('webhook-secret').innerText();
    expect(secret).toMatch(/^whsec_/);
    expect(await seriousViolations(page, 'webhooks')).toEqual([]);
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await page.reload();
    await page.getByRole('link', { name: url }).click();
    await page.getByRole('heading', { level: 1, name: url }).waitFor();
    expect(await page.getByText(secret).count()).toBe(0);

    await page.getByRole('button', { name: 'Send test message' }).click();
    await page.getByText('webhook.ping').waitFor();
    await worker.drain();
    await page.reload();
    const row = page.getByRole('row', { name: /webhook\.ping/ });
    await row.getByText('Succeeded').waitFor();
    const [ping] = receiver.at('/e2e');
    if (ping === undefined) throw new Error('the receiver got nothing');
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const signed = `${String(ping.headers['webhook-id'])}.${String(ping.headers['webhook-timestamp'])}.${ping.body}`;
    const mac = createHmac('sha256', key).update(signed).digest('base64');
    expect(ping.headers['webhook-signature']).toBe(`v1,${mac}`);
    await screenshot(page, 'webhook');
    expect(await seriousViolations(page, 'webhook')).toEqual([]);

    await row.getByRole('button', { name: /^Redeliver/ }).click();
    await row.getByText('Pending').waitFor();
    await worker.drain();
    await page.reload();
    await page
      .getByRole('row', { name: /webhook\.ping/ })
      .getByText('Succeeded')
      .waitFor();
    const ids = receiver.at('/e2e').map((r) => r.headers['webhook-id']);
    expect(ids).toEqual([ping.headers['webhook-id'], ping.headers['webhook-id']]);
  }, 90_000);
});
