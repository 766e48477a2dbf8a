/**
 * The first hour on the Analyze pages, in Chromium against the real server: a demo whose history
 * ended two months ago (so the current month is empty) opens on figures; a tile and a heat-map
 * cell open the responses behind them, as many as the figure's n; the Rating metric asks for a
 * question in words; a significant fall is marked downward and in points.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TSession, TTouchpoint } from '@touchstone/core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/demo/demo.service.js';
import { buildApp } from '../../src/http/app.js';
import { openStorage, type TStorage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { testServices } from '../harness.js';
import { chromiumAvailable, launchChromium } from './chromium.js';
import { apiGet, screenshot, seriousViolations, signIn } from './dashboard-pages.js';
import { ensureWebBuild, WEB_DIST, type TDashboardServer } from './dashboard-server.js';

/** The last day of the month two months before this one: nothing after it. */
function endOfMonthTwoAgo(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 0))
    .toISOString()
    .slice(0, 10);
}

async function startServer(): Promise<TDashboardServer> {
  ensureWebBuild();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-defaults-'));
  const storage: TStorage = await openStorage(path.join(dir, 'e2e.db'));
  await migrateToLatest(storage.db);
  const services = await testServices(storage, { config: { webRoot: WEB_DIST } });
  const demo = await generateDemo(services, {
    customers: 200,
    months: 3,
    seed: 3,
    endDate: endOfMonthTwoAgo(),
  });
  const app = await buildApp({ services, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const login = { email: demo.email, password: demo.password };
  return {
    url: `http://127.0.0.1:${address.port}`,
    app,
    storage,
    org: { organizationId: demo.organizationId, slug: demo.slug, ...login, viewer: login },
    close: async () => {
      await app.close();
      await services.close();
      await storage.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A survey on one touchpoint answered in January 2024 mostly by promoters and in February 2024
 * mostly by detractors: long before the demo, so a trend of those months shows only this fall.
 */
async function seedFall(context: BrowserContext, server: TDashboardServer): Promise<string> {
  const session = await apiGet<TSession>(context, server, '/auth/session');
  const headers = { 'x-csrf-token': session.csrfToken };
  const { items } = await apiGet<{ items: TTouchpoint[] }>(
    context,
    server,
    '/touchpoints?limit=1&sort=name',
  );
  const touchpoint = items[0];
  if (!touchpoint) throw new Error('the demo has no touchpoint');
  const created = await context.request.post(`${server.url}/api/surveys`, {
    headers,
    data: {
      name: 'Fall survey',
      touchpointIds: [touchpoint.id],
      definition: {
        defaultLanguage: 'en',
        languages: ['en'],
        title: { en: 'Fall' },
        thankYou: { en: 'Thanks' },
        questions: [{ id: 'fall_nps', type: 'nps', required: true, text: { en: 'Recommend?' } }],
      },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const survey = (await created.json()) as { id: string };
  const live = await context.request.patch(`${server.url}/api/surveys/${survey.id}`, {
    headers,
    data: { status: 'live' },
  });
  expect(live.status(), await live.text()).toBe(200);
  const responses = Array.from({ length: 80 }, (_, i) => ({
    // January: 7 in 10 promoters, the rest passives; February: 7 in 10 detractors.
    answers: { fall_nps: i < 40 ? (i % 10 < 7 ? 10 : 8) : i % 10 < 7 ? 2 : 7 },
    touchpointKey: touchpoint.key,
    submittedAt: `2024-0${i < 40 ? 1 : 2}-${String((i % 20) + 3).padStart(2, '0')}T10:00:00.000Z`,
    channel: 'api',
  }));
  const batch = await context.request.post(
    `${server.url}/api/surveys/${survey.id}/responses/batch`,
    { headers, data: { responses } },
  );
  expect(batch.status(), await batch.text()).toBeLessThan(300);
  return touchpoint.id;
}

/** The number after `n ` in a link's text. */
async function nOf(link: ReturnType<Page['getByTestId']>): Promise<number> {
  const text = (await link.textContent()) ?? '';
  const match = /n (\d+)/.exec(text);
  if (!match) throw new Error(`no n in "${text}"`);
  return Number(match[1]);
}

describe.skipIf(!chromiumAvailable())('analytics defaults and drill-down in Chromium', () => {
  let server: TDashboardServer;
  let browser: Browser;
  let page: Page;
  let touchpointId: string;
  const axeProblems: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    page = await context.newPage();
    await signIn(page, server, server.org);
    touchpointId = await seedFall(context, server);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the overview opens on the latest month with data: numbers, not insufficient data', async () => {
    await page.goto(`${server.url}/`);
    const scorecard = page.getByRole('list', { name: 'Scorecard' });
    await scorecard.waitFor();
    for (const metric of ['nps', 'csat', 'ces']) {
      await expect
        .poll(() => scorecard.locator(`.figure[data-metric="${metric}"]`).count())
        .toBe(1);
    }
    expect(await scorecard.textContent()).not.toContain('Insufficient data');
    expect(await page.getByText('(the latest period with enough answers)').count()).toBe(1);
    await screenshot(page, 'defaults-overview');
    axeProblems.push(...(await seriousViolations(page, 'overview')));
  }, 60_000);

  it('the overview compares a segment with everyone outside it', async () => {
    await page.goto(`${server.url}/?attr=traveller_type:business&compare=rest`);
    const scorecard = page.getByRole('list', { name: 'Scorecard' });
    await scorecard.waitFor();
    const marks = scorecard.locator('[data-change]');
    await expect.poll(() => marks.count()).toBe(3);
    await expect
      .poll(async () => (await marks.allTextContents()).join(' | '))
      .toMatch(/vs everyone outside business/);
    expect(await page.getByLabel('Compare with', { exact: true }).inputValue()).toBe('rest');
  }, 60_000);

  it('an overview tile opens its responses, as many as its n', async () => {
    await page.goto(`${server.url}/`);
    const link = page.getByTestId('drill-nps');
    await link.waitFor();
    const n = await nOf(link);
    await link.click();
    await page.getByRole('heading', { level: 1, name: 'Responses behind the figure' }).waitFor();
    await expect.poll(() => page.getByTestId('drill-total').textContent()).toBe(String(n));
    expect(await page.getByText('every one is listed here').count()).toBe(1);
    axeProblems.push(...(await seriousViolations(page, 'drill-down')));
  }, 60_000);

  it('a heat-map cell opens its responses, as many as its n', async () => {
    await page.goto(`${server.url}/analytics/journey-map`);
    const link = page.getByTestId('heat-drill').first();
    await link.waitFor();
    const n = await nOf(link);
    await link.click();
    await page.getByRole('heading', { level: 1, name: 'Responses behind the figure' }).waitFor();
    await expect.poll(() => page.getByTestId('drill-total').textContent()).toBe(String(n));
  }, 60_000);

  it('the Rating metric asks for a question in words, then draws it', async () => {
    await page.goto(`${server.url}/analytics/trends?metric=rating`);
    await page.getByRole('heading', { name: 'Choose a question' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    const select = page.getByLabel('Question', { exact: true });
    const options = await select.locator('option').allTextContents();
    expect(options.length).toBeGreaterThan(1);
    expect(options.join(' ')).not.toContain('{{');
    await select.selectOption({ index: 1 });
    await page.getByRole('img', { name: /by month/ }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.goto(`${server.url}/analytics/journey-map?metric=rating`);
    await page.getByRole('heading', { name: 'Choose a question' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
  }, 60_000);

  it('a significant fall is marked downward, in points, with the legend saying so', async () => {
    await page.goto(
      `${server.url}/analytics/trends?from=2024-01-01&to=2024-02-29&touchpointId=${touchpointId}`,
    );
    const falls = page.locator('.flag-list [data-change="fall"]');
    await falls.first().waitFor();
    const text = (await falls.first().textContent()) ?? '';
    expect(text).toContain('▼');
    expect(text).toMatch(/−\d+\.\d pts vs the previous period/);
    expect(await page.locator('[data-change="rise"]').count()).toBe(0);
    expect(await page.getByText(/changes of NPS and of percentages are in/).count()).toBe(1);
    await screenshot(page, 'defaults-trend-fall');
    axeProblems.push(...(await seriousViolations(page, 'trends')));
  }, 60_000);

  it('axe finds no serious or critical violations', () => {
    expect(axeProblems).toEqual([]);
  });
});
