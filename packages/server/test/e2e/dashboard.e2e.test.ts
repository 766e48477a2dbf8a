/**
 * The dashboard in Chromium against the real server and the demo organization: sign in through
 * the form, edit a touchpoint, reload, and check both the page and the API; filter customers;
 * a viewer's read-only view; and signing in with the keyboard alone.
 */
import type { TTouchpoint } from '@touchstone/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from './chromium.js';
import {
  apiGet,
  firstEnumAttribute,
  firstTouchpoint,
  openFromMenu,
  openTouchpoint,
  screenshot,
  seriousViolations,
  signIn,
} from './dashboard-pages.js';
import { startDashboardServer, type TDashboardServer } from './dashboard-server.js';

describe.skipIf(!chromiumAvailable())('dashboard in Chromium', () => {
  let server: TDashboardServer;
  let browser: Browser;
  /** Requests the pages made to anything but the test server (there must be none). */
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    server = await startDashboardServer();
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) {
        foreignRequests.push(r.url());
      }
    });
    return page;
  }

  it('signs in, edits a touchpoint, and the change survives a reload and is in the API', async () => {
    const page = await newPage();
    await signIn(page, server, server.org);
    await page.getByRole('form', { name: 'Filters' }).waitFor();
    await screenshot(page, 'overview');

    const { touchpoint, journeyName } = await firstTouchpoint(page.context(), server);
    await openTouchpoint(page, journeyName, touchpoint.name);
    const newName = `${touchpoint.name} (renovated)`;
    const newChannel = touchpoint.channel === 'phone' ? 'chat' : 'phone';
    await page.getByLabel('Name', { exact: true }).fill(newName);
    await page.getByLabel('Channel').selectOption(newChannel);
    await page.getByRole('button', { name: 'Save touchpoint' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await screenshot(page, 'touchpoint');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: newName }).waitFor();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe(newName);
    expect(await page.getByLabel('Channel').inputValue()).toBe(newChannel);

    const stored = await apiGet<TTouchpoint>(
      page.context(),
      server,
      `/touchpoints/${touchpoint.id}`,
    );
    expect(stored).toMatchObject({ name: newName, channel: newChannel, key: touchpoint.key });
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: journeyName }).waitFor();
    await screenshot(page, 'journey');
    await page.context().close();
  }, 90_000);

  it('filters customers by a declared attribute and shows a customer with interactions', async () => {
    const page = await newPage();
    await signIn(page, server, server.org);
    const attribute = await firstEnumAttribute(page.context(), server);
    const option = attribute.options[0] ?? '';
    await openFromMenu(page, 'Customers');
    await page.getByLabel(attribute.label, { exact: true }).selectOption(option);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(new RegExp(`attr=${attribute.key}%3A`));
    const rows = page.locator('table tbody tr');
    await rows.first().waitFor();

    // Every row shown has the chosen value in that attribute's column.
    const headers = await page.locator('table thead th').allInnerTexts();
    const column = headers.findIndex((h) => h.toLowerCase() === attribute.label.toLowerCase());
    expect(column).toBeGreaterThanOrEqual(0);
    const values = await rows.locator(`> :nth-child(${column + 1})`).allInnerTexts();
    expect(values.length).toBeGreaterThan(0);
    expect(new Set(values)).toEqual(new Set([option]));
    await screenshot(page, 'customers');

    await rows.first().getByRole('link').click();
    await page.getByRole('heading', { name: 'Interactions' }).waitFor();
    await page.getByRole('heading', { name: 'Consent' }).waitFor();
    await screenshot(page, 'customer');
    await page.context().close();
  }, 60_000);

  it('shows a viewer the model read-only, and signs out', async () => {
    const page = await newPage();
    await signIn(page, server, server.org.viewer);
    const menu = page.getByRole('navigation', { name: 'Main' });
    expect(await menu.getByRole('link').allInnerTexts()).toEqual([
      'Overview',
      'Alerts',
      'My touchpoints',
      'Trends',
      'Journey map',
      'Key drivers',
      'Experiential profile',
      'Themes',
      'Brands',
      'Journeys',
      'Teams',
      'Surveys',
    ]);
    const { touchpoint, journeyName } = await firstTouchpoint(page.context(), server);
    await openFromMenu(page, 'Journeys');
    expect(await page.getByRole('button', { name: 'New journey' }).count()).toBe(0);
    await openTouchpoint(page, journeyName, touchpoint.name);
    expect(await page.getByLabel('Name', { exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save touchpoint' }).count()).toBe(0);

    // Signing out ends the session; a deep link then asks to sign in and returns there after.
    await page.getByRole('button', { name: 'Vera Viewer' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect((await page.context().request.get(`${server.url}/api/auth/session`)).status()).toBe(401);
    await page.goto(`${server.url}/teams`);
    await page.waitForURL(/\/sign-in\?next=%2Fteams$/);
    await page.getByLabel('Email').fill(server.org.viewer.email);
    await page.getByLabel('Password').fill(server.org.viewer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Teams' }).waitFor();
    await page.context().close();
  }, 60_000);

  it('signs in with the keyboard alone, with a visible focus on each control', async () => {
    const page = await newPage();
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
    await page.context().close();
  }, 60_000);

  it('creates a journey, reorders its stages and adds a touchpoint to a stage', async () => {
    const page = await newPage();
    await signIn(page, server, server.org);
    await openFromMenu(page, 'Journeys');
    await page.getByRole('button', { name: 'New journey' }).click();
    const form = page.getByRole('form', { name: 'New journey' });
    await form.getByLabel('Name', { exact: true }).fill('Family holiday');
    // The form starts with Discover, Purchase, Use; move Use before Purchase with the keyboard.
    await form.getByRole('button', { name: 'Move Use earlier' }).focus();
    await page.keyboard.press('Enter');
    await form.getByRole('button', { name: 'Add stage' }).click();
    await form.getByLabel('Name of stage 4').fill('Share memories');
    await form.getByRole('button', { name: 'Create journey' }).click();
    await page.getByRole('heading', { level: 1, name: 'Family holiday' }).waitFor();
    const columns = page.getByRole('list', { name: 'Stages of Family holiday' });
    expect(await columns.locator('h2').allInnerTexts()).toEqual([
      'Discover',
      'Use',
      'Purchase',
      'Share memories',
    ]);

    await page.getByRole('link', { name: 'Add touchpoint to Use' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Holiday app');
    await page.getByLabel('Key').fill('holiday-app');
    await page.getByLabel('Channel').selectOption('app');
    await page.getByRole('checkbox', { name: 'Touch' }).check();
    await page.getByRole('button', { name: 'Create touchpoint' }).click();
    await page.getByRole('heading', { level: 1, name: 'Family holiday' }).waitFor();
    await page.getByRole('link', { name: /^Holiday app/ }).waitFor();

    const created = await apiGet<TTouchpoint>(
      page.context(),
      server,
      '/touchpoints/by-key/holiday-app',
    );
    const journey = await apiGet<{ stages: { id: string; name: string }[] }>(
      page.context(),
      server,
      `/journeys/${created.journeyId}`,
    );
    expect(journey.stages.map((st) => st.name)).toEqual([
      'Discover',
      'Use',
      'Purchase',
      'Share memories',
    ]);
    expect(journey.stages.find((st) => st.id === created.stageId)?.name).toBe('Use');
    expect(created).toMatchObject({ channel: 'app', senses: ['sight', 'touch'] });
    await page.context().close();
  }, 60_000);

  it('creates an API key, shows its secret once, and revokes it', async () => {
    const page = await newPage();
    await signIn(page, server, server.org);
    await openFromMenu(page, 'API keys');
    await page.getByRole('button', { name: 'New API key' }).click();
    await page.getByLabel('Name').fill('CRM sync');
    await page.getByLabel('Role').selectOption('viewer');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = await page.getByTestId('api-key-secret').innerText();
    expect(secret).toMatch(/^ts_/);

    // The secret works as a bearer key with the viewer role.
    const asKey = (path: string) =>
      fetch(`${server.url}/api${path}`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await asKey('/journeys')).status).toBe(200);
    expect((await asKey('/customers')).status).toBe(403);

    await page.getByRole('button', { name: 'I have copied it' }).click();
    expect(await page.getByTestId('api-key-secret').count()).toBe(0);
    await page.reload();
    await page.getByRole('row', { name: /CRM sync/ }).waitFor();
    expect(await page.getByText(secret).count()).toBe(0);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Revoke CRM sync' }).click();
    await page
      .getByRole('row', { name: /CRM sync/ })
      .getByText(/^Revoked/)
      .waitFor();
    expect((await asKey('/journeys')).status).toBe(401);
    await page.context().close();
  }, 60_000);

  it('has no serious accessibility violations on the main pages (axe)', async () => {
    const page = await newPage();
    const problems: string[] = [];
    const audit = async (where: string) => {
      problems.push(...(await seriousViolations(page, where)));
    };
    await page.goto(`${server.url}/sign-in`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await audit('sign-in');
    await signIn(page, server, server.org);
    await audit('overview');
    const { touchpoint, journeyName } = await firstTouchpoint(page.context(), server);
    await openTouchpoint(page, journeyName, touchpoint.name);
    await audit('touchpoint');
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: journeyName }).waitFor();
    await audit('journey');
    for (const label of ['Brands', 'Teams', 'Customers', 'Users', 'API keys']) {
      await openFromMenu(page, label);
      // The page's loading status; a page's Copy link keeps its own (empty) status.
      await page
        .getByRole('status')
        .filter({ hasText: 'Loading' })
        .first()
        .waitFor({ state: 'detached' });
      await audit(label);
    }
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Brands' })
      .click();
    await page.locator('.brand-card h2 a').first().click();
    await page.getByRole('button', { name: 'Save brand' }).waitFor();
    await audit('brand');
    expect(problems).toEqual([]);
    await page.context().close();
  }, 90_000);

  it('shows the audit log to an owner, filtered by record type', async () => {
    const page = await newPage();
    await signIn(page, server, server.org);
    await openFromMenu(page, 'Audit log');
    const table = page.getByRole('table', { name: 'Audit log' });
    await table.waitFor();
    const entries = await apiGet<{ items: { entity: string }[] }>(
      page.context(),
      server,
      '/audit-log?limit=50&entity=touchpoint',
    );
    expect(entries.items.length).toBeGreaterThan(0);
    await page.getByLabel('Record type').selectOption('touchpoint');
    await expect
      .poll(async () => (await table.getByRole('row').count()) - 1)
      .toBe(entries.items.length);
    const kinds = await table.locator('tbody tr td:nth-child(4)').allInnerTexts();
    expect(kinds.every((text) => text.startsWith('touchpoint'))).toBe(true);
    expect(await seriousViolations(page, 'audit log')).toEqual([]);
    await page.context().close();
  });

  it('made no request to any other origin', () => {
    expect(foreignRequests).toEqual([]);
  });
});
