/**
 * A response's page shows each question as the respondent saw it: a demo survey whose questions
 * name the touchpoint (`{{touchpoint.name}}`) shows the response's touchpoint there, and the page
 * never shows a raw `{{` template.
 */
import type { TResponse, TSurvey, TTouchpoint } from '@touchstone/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from './chromium.js';
import { apiGet, screenshot, seriousViolations, signIn } from './dashboard-pages.js';
import { startDashboardServer, type TDashboardServer } from './dashboard-server.js';

describe.skipIf(!chromiumAvailable())('a response page in Chromium', () => {
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

  it('renders templates with the response touchpoint', async () => {
    const context = page.context();
    const surveys = await apiGet<{ items: TSurvey[] }>(context, server, '/surveys?limit=100');
    const piped = surveys.items.find((s) => JSON.stringify(s.definition).includes('{{touchpoint.'));
    if (piped === undefined) throw new Error('the demo has no survey that names the touchpoint');
    const responses = await apiGet<{ items: TResponse[] }>(
      context,
      server,
      `/responses?surveyId=${piped.id}&limit=50`,
    );
    const response = responses.items.find((r) => r.touchpointId !== null);
    if (response === undefined) throw new Error('no response with a touchpoint');
    const touchpoint = await apiGet<TTouchpoint>(
      context,
      server,
      `/touchpoints/${response.touchpointId ?? ''}`,
    );

    await page.goto(`${server.url}/responses/${response.id}`);
    await page.getByRole('heading', { level: 2, name: 'Answers' }).waitFor();
    const answers = page.locator('section[aria-labelledby="answers"]');
    await expect.poll(() => answers.innerText()).toContain(touchpoint.name);
    expect(await page.locator('body').innerText()).not.toContain('{{');
    await screenshot(page, 'response-piped');
    expect(await seriousViolations(page, 'response page')).toEqual([]);
  }, 120_000);
});
