/**
 * Closing the loop in Chromium against the real server: e-mailing a case's customer from the
 * case view, the closed-loop report with its intervals, and the customer's timeline.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from './chromium.js';
import {
  firstTouchpoint,
  openFromMenu,
  screenshot,
  seriousViolations,
  signIn,
} from './dashboard-pages.js';
import { startDashboardServer, type TDashboardServer } from './dashboard-server.js';

/** A write through the API with the browser's session and its CSRF token. */
async function apiPost<T>(
  context: BrowserContext,
  server: TDashboardServer,
  path: string,
  data: object,
): Promise<T> {
  const session = await context.request.get(`${server.url}/api/auth/session`);
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const response = await context.request.post(`${server.url}/api${path}`, {
    data,
    headers: { 'x-csrf-token': csrfToken },
  });
  if (response.status() !== 201) {
    throw new Error(`POST ${path}: ${response.status()} ${await response.text()}`);
  }
  return (await response.json()) as T;
}

describe.skipIf(!chromiumAvailable())('closing the loop in Chromium', () => {
  let server: TDashboardServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const ids = { customer: '', case: '' };

  beforeAll(async () => {
    server = await startDashboardServer();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    page = await context.newPage();
    await signIn(page, server, server.org);
    const customer = await apiPost<{ id: string }>(context, server, '/customers', {
      externalId: 'E2E-LOOP-CUSTOMER',
      name: 'Lena Loop',
      email: 'lena@example.com',
      emailConsent: true,
    });
    ids.customer = customer.id;
    const kase = await apiPost<{ id: string }>(context, server, '/cases', {
      title: 'Lost bag on the way home',
      customerId: customer.id,
    });
    ids.case = kase.id;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('e-mails the customer from the case view and lists the message', async () => {
    await page.goto(`${server.url}/cases/${ids.case}`);
    const panel = page.getByRole('region', { name: 'Closing the loop' });
    await panel.getByRole('heading', { name: 'E-mail the customer' }).waitFor();
    await panel.getByLabel('Template').selectOption('apology');
    await panel.getByRole('button', { name: 'Send e-mail' }).click();
    await panel
      .getByRole('list', { name: 'E-mails to the customer' })
      .getByText('We are sorry about your experience')
      .waitFor();
    await panel.getByText('A follow-up survey can be sent once the case is resolved.').waitFor();
    await screenshot(page, 'closed-loop-panel');
    expect(await seriousViolations(page, 'case view')).toEqual([]);
  });

  it('shows the closed-loop report with its figures and breakdowns', async () => {
    await openFromMenu(page, 'Closed-loop report');
    await page.getByText('Recovery rate', { exact: true }).waitFor();
    await page.getByRole('heading', { name: 'By team' }).waitFor();
    await page.getByText('Time to first response', { exact: true }).waitFor();
    await screenshot(page, 'closed-loop-report');
    expect(await seriousViolations(page, 'closed-loop report')).toEqual([]);

    const settings = page.getByRole('form', { name: 'Follow-up survey' });
    const picker = settings.getByLabel('Default follow-up survey');
    const firstLive = await picker.locator('option').nth(1).getAttribute('value');
    if (firstLive === null) throw new Error('the demo has no live survey');
    await picker.selectOption(firstLive);
    await settings.getByRole('button', { name: 'Save' }).click();
    await settings.getByRole('status').getByText('Saved.').waitFor();
  });

  it('sends the follow-up survey of a resolved case from the case view', async () => {
    const session = await context.request.get(`${server.url}/api/auth/session`);
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    const read = await context.request.get(`${server.url}/api/cases/${ids.case}`);
    const { version } = (await read.json()) as { version: number };
    const resolved = await context.request.patch(`${server.url}/api/cases/${ids.case}`, {
      data: { status: 'resolved', version },
      headers: { 'x-csrf-token': csrfToken },
    });
    expect(resolved.status()).toBe(200);
    await page.goto(`${server.url}/cases/${ids.case}`);
    const panel = page.getByRole('region', { name: 'Closing the loop' });
    await panel.getByRole('button', { name: 'Send follow-up survey' }).click();
    await panel
      .getByRole('list', { name: 'Follow-up surveys' })
      .getByText(/Waiting for the answer/)
      .waitFor();
  });

  it('lands an agent on their cases and a touchpoint owner on their touchpoints', async () => {
    const password = 'a long enough password';
    const agent = await apiPost<{ id: string }>(context, server, '/users', {
      email: 'agent.e2e@touchstone.local',
      name: 'Ada Agent',
      role: 'agent',
      password,
    });
    const analyst = await apiPost<{ id: string }>(context, server, '/users', {
      email: 'owner.e2e@touchstone.local',
      name: 'Otto Owner',
      role: 'analyst',
      password,
    });
    const team = await apiPost<{ id: string }>(context, server, '/teams', {
      name: 'Lounge owners (e2e)',
      memberIds: [agent.id, analyst.id],
    });
    const { touchpoint } = await firstTouchpoint(context, server);
    const session = await context.request.get(`${server.url}/api/auth/session`);
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    const owned = await context.request.patch(`${server.url}/api/touchpoints/${touchpoint.id}`, {
      data: { ownerTeamId: team.id },
      headers: { 'x-csrf-token': csrfToken },
    });
    expect(owned.status()).toBe(200);

    for (const [email, path, heading] of [
      ['agent.e2e@touchstone.local', /\/cases$/, 'Cases'],
      ['owner.e2e@touchstone.local', /\/my-touchpoints$/, 'My touchpoints'],
    ] as const) {
      const other = await browser.newContext({ viewport: { width: 1360, height: 900 } });
      const tab = await other.newPage();
      await tab.goto(`${server.url}/`);
      await tab.waitForURL(/\/sign-in/);
      await tab.getByLabel('Email').fill(email);
      await tab.getByLabel('Password').fill(password);
      await tab.getByRole('button', { name: 'Sign in' }).click();
      await tab.waitForURL(path);
      await tab.getByRole('heading', { level: 1, name: heading }).waitFor();
      if (heading === 'My touchpoints') {
        await tab.getByRole('region', { name: 'Scores' }).getByText(touchpoint.name).waitFor();
        await screenshot(tab, 'my-touchpoints');
        expect(await seriousViolations(tab, 'my touchpoints')).toEqual([]);
      }
      await other.close();
    }
  });

  it("shows the customer's cases and one timeline of everything", async () => {
    await page.goto(`${server.url}/customers/${ids.customer}`);
    await page.getByRole('heading', { level: 1, name: 'Lena Loop' }).waitFor();
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline
      .getByRole('link', { name: /Case #\d+ opened: Lost bag on the way home/ })
      .waitFor();
    await timeline.getByText(/E-mail to the customer: We are sorry/).waitFor();
    const cases = page.getByRole('region', { name: 'Cases' });
    await cases.getByRole('link', { name: /Lost bag on the way home/ }).waitFor();
    await screenshot(page, 'customer-timeline');
    expect(await seriousViolations(page, 'customer view')).toEqual([]);
  });
});
