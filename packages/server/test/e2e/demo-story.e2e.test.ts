/**
 * The demo tells its story, in Chromium against the real server: a fresh demo (the default one a
 * user generates: two years ending today), its comments analysed and its daily scan run as the
 * server runs them; signed in, with no filter set, the overview shows the lounge-bar alert for
 * international business travellers, and one click opens its evidence, where the top changed
 * theme is the drinks and example comments mention the cola.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/demo/demo.service.js';
import { buildApp } from '../../src/http/app.js';
import { JobWorker } from '../../src/jobs/job-worker.js';
import { buildJobRegistry } from '../../src/jobs/server-worker.js';
import { openStorage, type TStorage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { testConfig, testServices } from '../harness.js';
import { chromiumAvailable, launchChromium } from './chromium.js';
import { screenshot, seriousViolations, signIn } from './dashboard-pages.js';
import { ensureWebBuild, WEB_DIST, type TDashboardServer } from './dashboard-server.js';

/** A server on a fresh default demo, after its comment analysis and its first scheduled scan. */
async function startDemoServer(): Promise<TDashboardServer> {
  ensureWebBuild();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-story-'));
  const storage: TStorage = await openStorage(path.join(dir, 'story.db'));
  await migrateToLatest(storage.db);
  const services = await testServices(storage, { config: { webRoot: WEB_DIST } });
  const demo = await generateDemo(services);
  // The comment analysis is a subscriber of the demo's response events.
  if (!(await services.events.settle(['comment-analysis', 'alert-scan-scheduler'], 600_000))) {
    throw new Error('the comment analysis of the demo did not finish');
  }
  // The scheduler queued the scan a quiet minute after the data: run due jobs a few minutes on.
  const mailer = { send: () => Promise.reject(new Error('no mail')), close: () => undefined };
  const later = new Date(Date.now() + 5 * 60_000);
  const worker = new JobWorker(storage, buildJobRegistry(testConfig('sqlite'), mailer), {
    now: () => later,
  });
  await worker.drain();
  const app = await buildApp({ services, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    app,
    storage,
    org: {
      organizationId: demo.organizationId,
      slug: demo.slug,
      email: demo.email,
      password: demo.password,
      viewer: { email: demo.email, password: demo.password },
    },
    close: async () => {
      await app.close();
      await services.close();
      await storage.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe.skipIf(!chromiumAvailable())('the demo story in Chromium', () => {
  let server: TDashboardServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startDemoServer();
    browser = await launchChromium();
    context = await browser.newContext();
    page = await context.newPage();
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the lounge-bar alert on the overview and its evidence one click away', async () => {
    await signIn(page, server, server.org);
    expect(page.url()).toBe(`${server.url}/`);
    const alerts = page.getByRole('list', { name: 'Open alerts' });
    const items = alerts.getByRole('listitem');
    await items.first().waitFor();
    // The planted change is the scan's only alert.
    expect(await items.count()).toBe(1);
    const link = items.first().getByRole('link');
    const text = await link.innerText();
    expect(text).toContain('Lounge bar');
    expect(text).toContain('route = international');
    expect(text).toContain('traveller_type = business');
    await screenshot(page, 'story-overview');

    await link.click();
    await page.waitForURL(/\/alerts\/[0-9a-f-]+$/);
    await page.getByRole('heading', { level: 1, name: /Lounge bar/ }).waitFor();
    const themes = page.getByRole('table', { name: 'Themes whose share changed' });
    await themes.waitFor();
    const topTheme = themes.getByRole('row').nth(1).getByRole('rowheader');
    expect((await topTheme.innerText()).toLowerCase()).toContain('drink');
    const comments = page.getByRole('list', { name: 'Example comments' }).getByRole('listitem');
    expect(await comments.count()).toBeGreaterThan(0);
    const texts = await comments.allInnerTexts();
    expect(texts.some((t) => /cola/i.test(t))).toBe(true);
    const link2 = page.getByRole('link', { name: /All comments of/ });
    expect(await link2.getAttribute('href')).toMatch(/^\/comments\?touchpoint=.+&segment=.+&from=/);
    await screenshot(page, 'story-alert');
    expect(await seriousViolations(page, 'alert page')).toEqual([]);
  }, 120_000);
});
