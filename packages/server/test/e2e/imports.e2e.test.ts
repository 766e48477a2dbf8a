/**
 * The imports page in Chromium: an import started through the API, then the page lists it
 * with its status and counts, filtered by status.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from './chromium.js';
import { openFromMenu, seriousViolations, signIn } from './dashboard-pages.js';
import { startDashboardServer, type TDashboardServer } from './dashboard-server.js';

describe.skipIf(!chromiumAvailable())('imports page in Chromium', () => {
  let server: TDashboardServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startDashboardServer();
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lists an import by its id with status and counts, and filters by status', async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    await signIn(page, server, server.org);
    const csrf = await context.request.get(`${server.url}/api/auth/session`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const sent = await context.request.post(`${server.url}/api/import/customers`, {
      headers: {
        'content-type': 'text/csv',
        'import-id': 'crm-e2e-1',
        'x-csrf-token': csrfToken,
      },
      data: 'externalId,email\ne2e-1,a@example.com\ne2e-2,not-an-email\ne2e-3,\n',
    });
    expect(sent.status(), await sent.text()).toBe(200);

    await openFromMenu(page, 'Imports');
    const row = page.getByRole('table', { name: 'Imports' }).getByRole('row', {
      name: /crm-e2e-1/,
    });
    await row.waitFor();
    const cells = await row.getByRole('cell').allInnerTexts();
    // A customer import takes no rules' actions: its Rules cell is empty.
    expect(cells.slice(1, 9)).toEqual([
      'customers',
      'crm-e2e-1',
      'completed',
      '',
      '3',
      '2',
      '0',
      '1',
    ]);

    await page.getByLabel('Status').selectOption('interrupted');
    await page.getByText('No imports.').waitFor();
    expect(await seriousViolations(page, 'imports')).toEqual([]);
    await context.close();
  });
});
