/**
 * The dashboard in Chromium against the real server: sign in through the form, edit a touchpoint,
 * reload, and check both the page and the API; and sign in with the keyboard alone.
 */
import type { TTouchpoint } from '@touchstone/core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from './chromium.js';
import { startDashboardServer, type TDashboardServer } from './dashboard-server.js';

/** Optional: a folder to keep screenshots of the pages the test visits. */
const SCREENSHOTS = process.env['TOUCHSTONE_E2E_SCREENSHOTS'];

async function screenshot(page: Page, name: string): Promise<void> {
  if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

async function signIn(
  page: Page,
  server: TDashboardServer,
  who: { email: string; password: string } = server.org,
): Promise<void> {
  await page.goto(`${server.url}/`);
  await page.waitForURL(/\/sign-in/);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
}

/** Follows a link of the main navigation. */
async function openFromMenu(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
}

describe.skipIf(!chromiumAvailable())('dashboard in Chromium', () => {
  let server: TDashboardServer;
  let browser: Browser;
  let context: BrowserContext;
  /** Requests the browser page made to anything but the test server (there must be none). */
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    server = await startDashboardServer();
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in, edits a touchpoint, and the change survives a reload and is in the API', async () => {
    context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) {
        foreignRequests.push(r.url());
      }
    });
    await signIn(page, server);
    await page.getByRole('heading', { name: 'Dashboards arrive with the analytics' }).waitFor();
    await screenshot(page, 'overview');

    // Pick a touchpoint through the API the page itself uses (the session cookie is shared).
    const listed = await context.request.get(`${server.url}/api/touchpoints?limit=1&sort=name`);
    expect(listed.status()).toBe(200);
    const [target] = ((await listed.json()) as { items: TTouchpoint[] }).items;
    if (!target) throw new Error('the seed has no touchpoints');
    const journey = (await (
      await context.request.get(`${server.url}/api/journeys/${target.journeyId}`)
    ).json()) as { name: string };

    // Navigate the way a person would: menu, journey, touchpoint card.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Journeys' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Journeys' }).waitFor();
    await page.getByRole('link', { name: journey.name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: journey.name }).waitFor();
    await screenshot(page, 'journey');
    await page.getByRole('link', { name: new RegExp(`^${target.name}`) }).click();
    await page.getByRole('heading', { level: 1, name: target.name }).waitFor();

    const newName = `${target.name} (renovated)`;
    const newChannel = target.channel === 'phone' ? 'chat' : 'phone';
    await page.getByLabel('Name', { exact: true }).fill(newName);
    await page.getByLabel('Channel').selectOption(newChannel);
    await page.getByRole('button', { name: 'Save touchpoint' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await screenshot(page, 'touchpoint');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: newName }).waitFor();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe(newName);
    expect(await page.getByLabel('Channel').inputValue()).toBe(newChannel);

    const stored = await context.request.get(`${server.url}/api/touchpoints/${target.id}`);
    expect(stored.status()).toBe(200);
    const body = (await stored.json()) as TTouchpoint;
    expect(body.name).toBe(newName);
    expect(body.channel).toBe(newChannel);
    expect(body.key).toBe(target.key);
    await context.close();
  }, 90_000);

  it('shows customers with attribute filters and a customer with interactions', async () => {
    context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    await signIn(page, server);
    await openFromMenu(page, 'Customers');
    await page.getByLabel('Tier').selectOption('gold');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/attr=tier%3Agold/);
    const rows = page.locator('table tbody tr');
    await rows.first().waitFor();
    const headers = await page.locator('table thead th').allInnerTexts();
    const tierColumn = headers.findIndex((h) => h.trim().toLowerCase() === 'tier') + 1;
    expect(tierColumn).toBeGreaterThan(0);
    const tiers = await rows.locator(`> :nth-child(${tierColumn})`).allInnerTexts();
    expect(tiers.length).toBeGreaterThan(0);
    expect(new Set(tiers)).toEqual(new Set(['gold']));
    await screenshot(page, 'customers');
    await rows.first().getByRole('link').click();
    await page.getByRole('heading', { name: 'Interactions' }).waitFor();
    await page.locator('section[aria-labelledby="interactions"] tbody tr').first().waitFor();
    await screenshot(page, 'customer');
    await context.close();
  }, 60_000);

  it('shows a viewer the model read-only: no write buttons, no personal data in the menu', async () => {
    context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server, server.org.viewer);
    const menu = page.getByRole('navigation', { name: 'Main' });
    expect(await menu.getByRole('link').allInnerTexts()).toEqual([
      'Overview',
      'Brands',
      'Journeys',
      'Teams',
    ]);
    await openFromMenu(page, 'Journeys');
    expect(await page.getByRole('button', { name: 'New journey' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Business trip' }).click();
    await page.getByRole('link', { name: /^Lounge bar/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Lounge bar' }).waitFor();
    expect(await page.getByLabel('Name', { exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save touchpoint' }).count()).toBe(0);
    await context.close();
  }, 60_000);

  it('signs in with the keyboard alone, with a visible focus on each control', async () => {
    context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/sign-in`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshot(page, 'sign-in');

    // The focused element's name (or text) and its outline, read in the page.
    const focused = async () => {
      const el = page.locator(':focus');
      const name = (await el.getAttribute('name')) ?? (await el.innerText()).trim();
      const outline = String(
        await el.evaluate(
          '(el) => { const s = getComputedStyle(el); return `${s.outlineStyle} ${s.outlineWidth}`; }',
        ),
      );
      return { name, outline };
    };
    // The email field has focus on arrival; Tab moves through password to the button.
    expect((await focused()).name).toBe('email');
    await page.keyboard.type(server.org.email);
    await page.keyboard.press('Tab');
    const password = await focused();
    expect(password.name).toBe('password');
    expect(password.outline).not.toMatch(/^none/);
    await page.keyboard.type(server.org.password);
    await page.keyboard.press('Tab');
    const button = await focused();
    expect(button.name).toBe('Sign in');
    expect(button.outline).not.toMatch(/^none/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await context.close();
  }, 60_000);

  it('made no request to any other origin', () => {
    expect(foreignRequests).toEqual([]);
  });
});
