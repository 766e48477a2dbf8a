/**
 * The rule editor in Chromium against the real server on the demo: a new rule reads in words,
 * its dry run counts the demo's detractors with examples, it is created switched off, then
 * switched on; a comparison the server refuses is shown on its line.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from './chromium.js';
import { openFromMenu, screenshot, seriousViolations, signIn } from './dashboard-pages.js';
import { startDashboardServer, type TDashboardServer } from './dashboard-server.js';

describe.skipIf(!chromiumAvailable())('rule editor in Chromium', () => {
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

  it('writes a rule in words, dry-runs it, creates it switched off and switches it on', async () => {
    await openFromMenu(page, 'Rules');
    await page.getByRole('link', { name: 'New rule' }).click();
    await page.getByRole('heading', { level: 1, name: 'New rule' }).waitFor();
    await page.getByText('When a response arrives where the NPS answer is detractor').waitFor();

    await page.getByRole('button', { name: 'Dry run' }).click();
    const result = page.getByRole('region', { name: 'Dry run' });
    await result.getByText(/would have matched/).waitFor();
    const text = await result.innerText();
    const [, matched, evaluated] = /matched\s+([\d,]+)\s+of\s+([\d,]+)/.exec(text) ?? [];
    expect(Number(matched?.replace(/,/g, ''))).toBeGreaterThan(0);
    expect(Number(evaluated?.replace(/,/g, ''))).toBeGreaterThan(
      Number(matched?.replace(/,/g, '')),
    );
    await result
      .getByText(/NPS \d: detractor/)
      .first()
      .waitFor();
    expect(await seriousViolations(page, 'rule editor')).toEqual([]);

    await page.getByLabel('Name').fill('E2E detractors');
    await page.getByRole('button', { name: 'Create rule (switched off)' }).click();
    await page.getByRole('heading', { level: 1, name: 'E2E detractors' }).waitFor();
    await page.getByRole('heading', { name: 'Switched off' }).waitFor();
    await page.getByRole('button', { name: 'Switch on' }).click();
    await page.getByRole('heading', { name: 'Switched on' }).waitFor();
    await page.getByRole('heading', { name: 'Recent matches' }).waitFor();
    await screenshot(page, 'rule-editor');
    expect(await seriousViolations(page, 'rule')).toEqual([]);

    await openFromMenu(page, 'Rules');
    await page.getByRole('link', { name: 'E2E detractors' }).waitFor();
    expect(await page.getByRole('row', { name: /E2E detractors/ }).innerText()).toContain('On');
  });

  it('shows a refusal of the server on the line at fault', async () => {
    await page.goto(`${server.url}/rules/new`);
    await page.getByRole('heading', { level: 1, name: 'New rule' }).waitFor();
    await page.getByLabel('Conditions: kind to add').selectOption('answer');
    await page.getByRole('button', { name: 'Add', exact: true }).first().click();
    const line = page.getByRole('list', { name: 'Conditions' }).getByRole('listitem').nth(1);
    await line.getByLabel('Value').fill('low');
    await page.getByRole('button', { name: 'Dry run' }).click();
    await line.getByText('lte compares with a number').waitFor();
    expect(await page.getByRole('region', { name: 'Dry run' }).count()).toBe(0);
  });
});
