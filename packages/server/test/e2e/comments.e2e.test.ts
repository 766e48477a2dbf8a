/**
 * The comment explorer and the themes page in Chromium against the real server (the demo
 * organization): comments submitted through the API are analysed by the event subscriber, found
 * by a search with their words marked, filtered by a theme chip (in the URL), and listed under
 * their theme, which opens its comments and the responses behind it.
 */
import type { TSession, TTouchpoint } from '@touchstone/core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from './chromium.js';
import { apiGet, openFromMenu, screenshot, seriousViolations, signIn } from './dashboard-pages.js';
import { startDashboardServer, type TDashboardServer } from './dashboard-server.js';

const COMMENTS = [
  'The bar only has lemon kombucha instead of the ginger kombucha',
  'No ginger kombucha at the bar again, very disappointing',
  'Friendly staff and a quiet lounge',
  'The wifi kept dropping during my stay',
];

async function send(
  context: BrowserContext,
  server: TDashboardServer,
  method: 'post' | 'patch',
  path: string,
  data: unknown,
) {
  const session = await apiGet<TSession>(context, server, '/auth/session');
  const response = await context.request[method](`${server.url}/api${path}`, {
    data,
    headers: { 'x-csrf-token': session.csrfToken },
  });
  if (response.status() >= 300) {
    throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
  }
  return (await response.json()) as { id: string };
}

async function seedComments(context: BrowserContext, server: TDashboardServer) {
  const { items: touchpoints } = await apiGet<{ items: TTouchpoint[] }>(
    context,
    server,
    '/touchpoints?limit=100&sort=name',
  );
  const survey = await send(context, server, 'post', '/surveys', {
    name: 'Lounge comments',
    touchpointIds: touchpoints.map((t) => t.id),
    definition: {
      defaultLanguage: 'en',
      languages: ['en'],
      title: { en: 'Your visit' },
      thankYou: { en: 'Thank you' },
      questions: [
        { id: 'nps', type: 'nps', required: true, text: { en: 'Recommend us?' } },
        { id: 'comment', type: 'text', text: { en: 'Why?' } },
      ],
    },
  });
  await send(context, server, 'patch', `/surveys/${survey.id}`, { status: 'live' });
  const responses = Array.from({ length: 40 }, (_, i) => ({
    answers: { nps: i % 11, comment: COMMENTS[i % COMMENTS.length] },
    touchpointKey: touchpoints[i % touchpoints.length]?.key,
    submittedAt: new Date(Date.now() - (i + 1) * 3_600_000).toISOString(),
    channel: 'api',
  }));
  await send(context, server, 'post', `/surveys/${survey.id}/responses/batch`, { responses });
  // The event subscriber analyses them in the background.
  for (let tries = 0; ; tries++) {
    const page = await apiGet<{ items: unknown[] }>(
      context,
      server,
      '/comments?q=kombucha&limit=50',
    );
    if (page.items.length === 20) break;
    if (tries > 150) throw new Error(`comments not analysed: ${page.items.length} of 20 found`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.skipIf(!chromiumAvailable())('comment explorer and themes in Chromium', () => {
  let server: TDashboardServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startDashboardServer();
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    page = await context.newPage();
    await signIn(page, server, server.org);
    await seedComments(context, server);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('searches, marks the matched words, and filters by a theme chip in the URL', async () => {
    await openFromMenu(page, 'Comments');
    await page.getByLabel('Search comments').fill('"ginger kombucha"');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('"ginger kombucha"');
    await page.getByRole('status').filter({ hasText: '20 comments' }).waitFor();
    const marks = await page.locator('.comment-text mark').allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    for (const m of marks) expect(m.toLowerCase()).toMatch(/^(ginger|kombucha)$/);
    await page.locator('.comment-card').first().getByRole('link', { name: 'Drinks' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('theme')).not.toBeNull();
    await page.locator('.comment-card').first().waitFor();
    await screenshot(page, 'comments-explorer');
    expect(await seriousViolations(page, 'comments')).toEqual([]);
  }, 60_000);

  it('lists themes and links each to its comments', async () => {
    await openFromMenu(page, 'Themes');
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Drinks' }) });
    await row.waitFor();
    await row.getByRole('link', { name: 'Drinks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Comments' }).waitFor();
    expect(new URL(page.url()).searchParams.get('theme')).not.toBeNull();
    await page.locator('.comment-card').first().waitFor();
    await screenshot(page, 'themes');
    await openFromMenu(page, 'Themes');
    expect(await seriousViolations(page, 'themes')).toEqual([]);
  }, 60_000);

  it('a theme opens the responses behind it, as many as the themes page shows', async () => {
    await openFromMenu(page, 'Themes');
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Drinks' }) });
    await row.waitFor();
    const link = row.getByTestId('theme-responses');
    const shown = Number(((await link.textContent()) ?? '').replace(/\D/g, ''));
    // The seeded kombucha comments alone mention drinks on 20 responses.
    expect(shown).toBeGreaterThanOrEqual(20);
    await link.click();
    await page.getByRole('heading', { level: 1, name: 'Responses behind the figure' }).waitFor();
    await expect.poll(() => page.getByTestId('drill-total').textContent()).toBe(String(shown));
    expect(await page.getByText('every one is listed here').count()).toBe(1);
    const remove = page.getByRole('button', { name: 'Remove the filter Theme: Drinks' });
    await remove.waitFor();
    await screenshot(page, 'theme-responses');
    expect(await seriousViolations(page, 'theme responses')).toEqual([]);
    // Their comments keep the theme.
    const comments = page.getByRole('link', { name: 'Their comments' });
    expect(
      new URL((await comments.getAttribute('href')) ?? '', server.url).searchParams.get('theme'),
    ).toBe(new URL(page.url()).searchParams.get('theme'));
    await remove.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('theme')).toBeNull();
    await expect
      .poll(async () => Number(await page.getByTestId('drill-total').textContent()))
      .toBeGreaterThan(shown);
    expect(await remove.count()).toBe(0);
  }, 60_000);
});
