/**
 * The customer equity page and the customer page's value section in Chromium against the real
 * server on the small demo organization: the figures the API gives are the figures shown, the
 * page passes axe, and a viewer (without equity:read) is not offered the page.
 */
import type { TCustomer, TCustomerValue, TEquityResponse } from '@touchstone/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from './chromium.js';
import { apiGet, openFromMenu, screenshot, seriousViolations, signIn } from './dashboard-pages.js';
import { startDashboardServer, type TDashboardServer } from './dashboard-server.js';

describe.skipIf(!chromiumAvailable())('customer equity in Chromium', () => {
  let server: TDashboardServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startDashboardServer();
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
    await signIn(page, server, server.org);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows total equity, its breakdowns and revenue at risk as the API gives them', async () => {
    const equity = await apiGet<TEquityResponse>(page.context(), server, '/equity');
    if (equity.status !== 'ok') throw new Error(`no fit on the demo: ${equity.message}`);
    await openFromMenu(page, 'Customer equity');
    const total = page.getByTestId('total-equity');
    await total.waitFor();
    // Whole currency units, grouped as the browser's locale does.
    const digits = (await total.textContent())?.replace(/\D/g, '');
    expect(digits).toBe(String(Math.round(equity.totalEquity)));
    await page.getByRole('img', { name: /^Customers by lifetime value/ }).waitFor();
    const nps = page.getByRole('table', { name: "Equity by the customer's latest NPS answer" });
    await expect(nps.getByRole('row').count()).resolves.toBe(4);
    await page.getByRole('heading', { name: 'Revenue at risk' }).first().waitFor();
    await screenshot(page, 'equity');
    expect(await seriousViolations(page, 'equity')).toEqual([]);
  });

  it("shows a customer's value, probability alive and expected purchases", async () => {
    const customers = await apiGet<{ items: TCustomer[] }>(
      page.context(),
      server,
      '/customers?limit=50',
    );
    let shown: { customer: TCustomer; value: TCustomerValue } | undefined;
    for (const customer of customers.items) {
      const value = await apiGet<TCustomerValue>(
        page.context(),
        server,
        `/customers/${customer.id}/value`,
      );
      if (value.status === 'ok') {
        shown = { customer, value };
        break;
      }
    }
    if (shown === undefined) throw new Error('no demo customer among the first 50 has revenue');
    await page.goto(`${server.url}/customers/${shown.customer.id}`);
    const section = page.getByRole('region', { name: 'Value' });
    await section.waitFor();
    const pAlive = ((shown.value.value?.pAlive ?? 0) * 100).toFixed(1);
    await section.getByText(`${pAlive}%`).waitFor();
    const purchases = (shown.value.value?.expectedPurchases ?? 0).toFixed(2);
    await section.getByText(`${purchases} in the next 52 weeks`).waitFor();
    expect(await seriousViolations(page, 'customer value')).toEqual([]);
  });

  it("lists a customer's comments with their sentiment on the customer page", async () => {
    const comments = await apiGet<{ items: { responseId: string; text: string; label: string }[] }>(
      page.context(),
      server,
      '/comments?limit=20',
    );
    let found: { customerId: string; text: string; label: string } | undefined;
    for (const comment of comments.items) {
      const response = await apiGet<{ customerId: string | null }>(
        page.context(),
        server,
        `/responses/${comment.responseId}`,
      );
      if (response.customerId !== null) {
        found = { customerId: response.customerId, text: comment.text, label: comment.label };
        break;
      }
    }
    if (found === undefined) throw new Error('no analysed demo comment has a customer');
    await page.goto(`${server.url}/customers/${found.customerId}`);
    const section = page.getByRole('region', { name: 'Comments' });
    const card = section.getByRole('listitem').filter({ hasText: found.text });
    await card.first().waitFor();
    const label = found.label.charAt(0).toUpperCase() + found.label.slice(1);
    await card.first().getByText(label, { exact: true }).waitFor();
    expect(await seriousViolations(page, 'customer comments')).toEqual([]);
  });

  it('is not offered to a viewer', async () => {
    const viewerPage = await (await browser.newContext()).newPage();
    await signIn(viewerPage, server, server.org.viewer);
    const nav = viewerPage.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Trends' }).waitFor();
    await expect(nav.getByRole('link', { name: 'Customer equity' }).count()).resolves.toBe(0);
  });
});
