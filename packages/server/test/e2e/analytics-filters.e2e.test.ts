/**
 * Every filter a page of figures shows changes the numbers of that page (or is not shown): on the
 * demo, in Chromium, each select and the From and To dates of the trends, the journey map, the
 * key drivers and the experiential profile (the shared filter bar), the themes and the
 * closed-loop report. The overview and the comment explorer have the same check in the walk.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from './chromium.js';
import { signIn } from './dashboard-pages.js';
import { startDashboardServer, type TDashboardServer } from './dashboard-server.js';

/** Each page with the name of its filter form. */
const PAGES: readonly (readonly [string, string])[] = [
  ['/analytics/trends', 'Filters'],
  ['/analytics/journey-map', 'Filters'],
  ['/analytics/drivers', 'Filters'],
  ['/analytics/experiential-profile', 'Filters'],
  ['/themes', 'Filters'],
  ['/reports/closed-loop', 'Report filters'],
];

/** Values of a select tried before a filter counts as doing nothing. */
const TRIES = 3;
/** How long a page must make no request and show no loading notice to count as settled. */
const QUIET_MS = 300;

const inFlight = new WeakMap<Page, number>();

function trackRequests(page: Page): void {
  inFlight.set(page, 0);
  const add = (by: number) => () => inFlight.set(page, (inFlight.get(page) ?? 0) + by);
  page.on('request', add(1));
  page.on('requestfinished', add(-1));
  page.on('requestfailed', add(-1));
}

async function settle(page: Page): Promise<void> {
  await page.locator('#main h1').first().waitFor({ timeout: 10_000 });
  let quietSince = Date.now();
  for (;;) {
    const loading = await page.locator('#main .loading').count();
    if (loading > 0 || (inFlight.get(page) ?? 0) > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= QUIET_MS) return;
    await page.waitForTimeout(50);
  }
}

/** The numbers the page shows, in order, outside its forms (whose options hold numbers too). */
async function numbers(page: Page): Promise<string> {
  const text = await page.evaluate(`(() => {
    const style = document.createElement('style');
    style.textContent = '#main form, #main code { display: none !important; }';
    document.head.append(style);
    const text = document.getElementById('main')?.innerText ?? '';
    style.remove();
    return text;
  })()`);
  return (String(text).match(/[-−+]?\d[\d,.]*/g) ?? []).join(' ');
}

describe.skipIf(!chromiumAvailable())(
  'every filter of a page of figures changes its numbers',
  () => {
    let server: TDashboardServer;
    let browser: Browser;
    let page: Page;
    const errors: string[] = [];

    beforeAll(async () => {
      server = await startDashboardServer();
      browser = await launchChromium();
      const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
      page = await context.newPage();
      trackRequests(page);
      page.on('pageerror', (error) => errors.push(error.message));
      await signIn(page, server, server.org);
    }, 240_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it.each(PAGES)(
      '%s: each select and date of the filters',
      async (path, formName) => {
        await page.goto(`${server.url}${path}`);
        await settle(page);
        const before = await numbers(page);
        expect(before, `${path} shows numbers`).not.toBe('');
        const form = page.getByRole('form', { name: formName, exact: true });
        const selects = form.locator('select');
        const count = await selects.count();
        expect(count).toBeGreaterThan(0);
        for (let i = 0; i < count; i += 1) {
          const select = selects.nth(i);
          const id = (await select.getAttribute('id')) ?? '';
          const label = await form.locator(`label[for="${id}"]`).innerText();
          const options = await select.locator('option').all();
          const values = (await Promise.all(options.map((o) => o.getAttribute('value')))).filter(
            (v): v is string => v !== null && v !== '',
          );
          let changed = false;
          for (const value of values.slice(0, TRIES)) {
            await select.selectOption(value);
            await settle(page);
            changed = (await numbers(page)) !== before;
            if (changed) break;
          }
          expect(changed, `${path}: the filter ${label} changes the numbers`).toBe(true);
          await select.selectOption('');
          await settle(page);
          expect(await numbers(page), `${path}: ${label} cleared`).toBe(before);
        }
        // A From long before the demo widens the window; a To before it narrows it.
        for (const [label, day] of [
          ['From', '2000-01-01'],
          ['To', new Date(Date.now() - 45 * 86_400_000).toISOString().slice(0, 10)],
        ] as const) {
          const input = form.getByLabel(label, { exact: true });
          await input.fill(day);
          await settle(page);
          expect(await numbers(page), `${path}: the filter ${label} changes the numbers`).not.toBe(
            before,
          );
          await input.fill('');
          await settle(page);
        }
        // A filter that breaks the page (a hook rendered conditionally, say) fails here.
        expect(errors).toEqual([]);
      },
      180_000,
    );
  },
);
