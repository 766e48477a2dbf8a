/**
 * The Analyze pages in Chromium against the real server: the demo organization plus a survey with
 * 600 responses submitted through the API (the demo generator writes no responses). Checks that
 * each page renders its key figures, that filters land in the URL, survive a reload and follow
 * the menu, and that axe finds no serious or critical violations.
 */
import type { TSession, TTouchpoint } from '@touchstone/core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from './chromium.js';
import { apiGet, openFromMenu, screenshot, seriousViolations, signIn } from './dashboard-pages.js';
import { startDashboardServer, type TDashboardServer } from './dashboard-server.js';

const MODULES = ['sense', 'feel', 'think', 'act', 'relate'] as const;
const DRIVERS = ['staff', 'speed', 'comfort'] as const;
const RESPONSES = 600;
const DAY_MS = 86_400_000;

/** A small seeded generator, so the data (and any failure) is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clamp = (v: number, low: number, high: number) =>
  Math.max(low, Math.min(high, Math.round(v)));

/** NPS, CSAT, CES, three 1-7 driver ratings and a 1-5 matrix tagged with the five modules. */
function surveyDefinition() {
  return {
    defaultLanguage: 'en',
    languages: ['en'],
    title: { en: 'Your trip' },
    thankYou: { en: 'Thank you' },
    questions: [
      { id: 'nps', type: 'nps', required: true, text: { en: 'Recommend us?' } },
      { id: 'csat', type: 'csat', text: { en: 'How satisfied?' } },
      { id: 'ces', type: 'ces', text: { en: 'How easy?' } },
      ...DRIVERS.map((id) => ({
        id,
        type: 'rating',
        scale: { min: 1, max: 7 },
        text: { en: `Rate the ${id}` },
      })),
      {
        id: 'exp',
        type: 'matrix',
        text: { en: 'The trip ...' },
        scale: { min: 1, max: 5 },
        items: MODULES.map((m) => ({ id: m, text: { en: m }, dimension: `sem:${m}` })),
      },
    ],
  };
}

/** Writes through the API with the page's session cookie and CSRF token. */
async function apiPost(
  context: BrowserContext,
  server: TDashboardServer,
  path: string,
  data: unknown,
) {
  const session = await apiGet<TSession>(context, server, '/auth/session');
  const response = await context.request.post(`${server.url}/api${path}`, {
    data,
    headers: { 'x-csrf-token': session.csrfToken },
  });
  if (response.status() >= 300) {
    throw new Error(`POST ${path}: ${response.status()} ${await response.text()}`);
  }
  return (await response.json()) as { id: string };
}

/** A live survey on every demo touchpoint and 600 responses over the last six months. */
async function seedResponses(context: BrowserContext, server: TDashboardServer): Promise<void> {
  const { items: touchpoints } = await apiGet<{ items: TTouchpoint[] }>(
    context,
    server,
    '/touchpoints?limit=100&sort=name',
  );
  const survey = await apiPost(context, server, '/surveys', {
    name: 'Trip survey',
    touchpointIds: touchpoints.map((t) => t.id),
    definition: surveyDefinition(),
  });
  const session = await apiGet<TSession>(context, server, '/auth/session');
  const live = await context.request.patch(`${server.url}/api/surveys/${survey.id}`, {
    data: { status: 'live' },
    headers: { 'x-csrf-token': session.csrfToken },
  });
  expect(live.status(), await live.text()).toBe(200);
  const next = random(7);
  const now = Date.now();
  const responses = Array.from({ length: RESPONSES }, (_, i) => {
    const touchpoint = touchpoints[i % touchpoints.length]!;
    // Touchpoints differ in quality, so the heat map and the pain points have something to show.
    const quality = ((i % touchpoints.length) / touchpoints.length - 0.5) * 2;
    const drivers = DRIVERS.map((_, d) =>
      clamp(4 + quality * (d + 1) * 0.6 + (next() - 0.5) * 4, 1, 7),
    );
    const nps = clamp(
      1.2 * (drivers[0]! - 1) * 0.5 + 0.6 * (drivers[1]! - 1) * 0.5 + 5 + (next() - 0.5) * 3,
      0,
      10,
    );
    return {
      answers: {
        nps,
        csat: clamp(1 + nps / 2.5 + (next() - 0.5), 1, 5),
        ces: clamp(2 + drivers[1]! * 0.6 + (next() - 0.5) * 2, 1, 7),
        staff: drivers[0],
        speed: drivers[1],
        comfort: drivers[2],
        exp: Object.fromEntries(
          MODULES.map((m, k) => [m, clamp(2 + k * 0.4 + next() * 2.5, 1, 5)]),
        ),
      },
      touchpointKey: touchpoint.key,
      customerExternalId: `AC${String((i % 200) + 1).padStart(8, '0')}`,
      submittedAt: new Date(now - Math.floor(((i * 180) / RESPONSES + 1) * DAY_MS)).toISOString(),
      channel: 'api',
    };
  });
  await apiPost(context, server, `/surveys/${survey.id}/responses/batch`, { responses });
}

describe.skipIf(!chromiumAvailable())('analytics pages in Chromium', () => {
  let server: TDashboardServer;
  let browser: Browser;
  let page: Page;
  const axeProblems: string[] = [];

  beforeAll(async () => {
    server = await startDashboardServer();
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    page = await context.newPage();
    await signIn(page, server, server.org);
    await seedResponses(context, server);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function axe(where: string): Promise<void> {
    axeProblems.push(...(await seriousViolations(page, where)));
  }

  it('overview: NPS, CSAT and CES with an interval, n and a sparkline', async () => {
    await page.goto(`${server.url}/`);
    const scorecard = page.getByRole('list', { name: 'Scorecard' });
    await scorecard.waitFor();
    const nps = scorecard.getByRole('listitem').filter({ hasText: 'NPS' });
    await expect.poll(() => nps.locator('.figure').textContent()).toMatch(/^[+-]?\d+\.\d$/);
    expect(await nps.textContent()).toMatch(/95% CI [+-]?\d+\.\d to [+-]?\d+\.\d · n \d+/);
    for (const name of ['CSAT', 'CES']) {
      expect(await scorecard.getByRole('heading', { name: new RegExp(`^${name}`) }).count()).toBe(
        1,
      );
    }
    expect(await nps.getByRole('img', { name: /NPS over the last 12 periods/ }).count()).toBe(1);
    await screenshot(page, 'analytics-overview');
    await axe('overview');
  }, 60_000);

  it('trends: options and filters land in the URL, survive a reload and follow the menu', async () => {
    await openFromMenu(page, 'Trends');
    await page.getByLabel('Interval', { exact: true }).selectOption('week');
    await page.getByLabel('Group by', { exact: true }).selectOption({ label: 'Traveller type' });
    await page.getByLabel('From', { exact: true }).fill('2026-06-01');
    await expect.poll(() => page.url()).toContain('from=2026-06-01');
    const url = new URL(page.url());
    expect(url.searchParams.get('interval')).toBe('week');
    expect(url.searchParams.get('groupBy')).toBe('attr:traveller_type');
    await page.getByRole('img', { name: /NPS by week/ }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Trends' }).waitFor();
    expect(await page.getByLabel('Interval', { exact: true }).inputValue()).toBe('week');
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe('2026-06-01');
    await page.getByRole('img', { name: /NPS by week/ }).waitFor();
    // One table for every group (not one per group), one chart with a line per group.
    expect(await page.locator('table.trend-table').count()).toBe(1);
    expect(await page.getByTestId('echart').count()).toBe(1);
    await screenshot(page, 'analytics-trends');
    await axe('trends');

    // The shared filter follows the menu to another analytics page; page options do not.
    await openFromMenu(page, 'Key drivers');
    expect(new URL(page.url()).searchParams.get('from')).toBe('2026-06-01');
    expect(new URL(page.url()).searchParams.get('interval')).toBeNull();
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe('2026-06-01');
  }, 90_000);

  it('key drivers: a weights table with R² and the priority matrix', async () => {
    await page.goto(`${server.url}/analytics/drivers`);
    await page.getByLabel('Survey', { exact: true }).selectOption({ label: 'Trip survey' });
    const table = page.locator('table.drivers-table');
    await table.or(page.getByRole('alert')).first().waitFor();
    expect(await page.getByRole('alert').allTextContents()).toEqual([]);
    // Drivers are named by their question text, not their keys.
    const staff = table.getByRole('row', { name: /^Rate the staff/ });
    expect(await staff.textContent()).toMatch(/\d+\.\d%/);
    expect(await page.getByText(/R² 0\.\d{3}/).count()).toBe(1);
    const matrix = page.getByRole('img', { name: /Priority matrix of \d+ drivers/ });
    expect(await matrix.getAttribute('aria-label')).toMatch(
      /Rate the staff (Fix first|Keep up|Monitor|Possible overkill)/,
    );
    // The choice lives in the URL: the box shows it once the page has navigated, not at the click
    // (so `uncheck()`, which checks the state right after its click, can see it still checked).
    const comfort = page.getByRole('checkbox', { name: 'Rate the comfort' });
    await comfort.click();
    await expect.poll(() => comfort.isChecked()).toBe(false);
    await expect.poll(() => new URL(page.url()).searchParams.get('drivers')).toContain('staff');
    expect(new URL(page.url()).searchParams.get('drivers')).not.toContain('comfort');
    await table.getByRole('row', { name: /^Rate the staff/ }).waitFor();
    expect(await table.getByRole('row', { name: /^Rate the comfort/ }).count()).toBe(0);
    await screenshot(page, 'analytics-drivers');
    await axe('drivers');
  }, 60_000);

  it('journey map: stages in order with touchpoint cells that print n and an interval', async () => {
    await openFromMenu(page, 'Journey map');
    const cell = page.getByTestId('heat-cell').first();
    await cell.waitFor();
    expect(
      await page
        .getByTestId('heat-cell')
        .filter({ hasText: /95% CI .* · n \d+/ })
        .count(),
    ).toBeGreaterThan(0);
    await page.getByRole('heading', { name: 'Pain points' }).waitFor();
    await screenshot(page, 'analytics-journey-map');
    await axe('journey map');
  }, 60_000);

  it('experiential profile: radar against the promise, gaps, consistency and the grid', async () => {
    await openFromMenu(page, 'Experiential profile');
    await page.getByRole('img', { name: /Radar of the five modules/ }).waitFor();
    const rows = page.locator('table.profile-table tbody tr');
    expect(await rows.count()).toBe(5);
    expect(await rows.first().textContent()).toMatch(/SENSE\d+\.\d/);
    await page.getByRole('heading', { name: 'Consistency index' }).waitFor();
    expect(await page.locator('table.heat-table tbody tr').count()).toBeGreaterThan(0);
    await screenshot(page, 'analytics-profile');
    await axe('experiential profile');
  }, 60_000);

  it('axe finds no serious or critical violations on the analytics pages', () => {
    expect(axeProblems).toEqual([]);
  });
});
