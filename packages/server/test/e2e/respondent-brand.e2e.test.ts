/**
 * Words, not keys, on the respondent page: the brand's name and colour from its style guide, the
 * question with the touchpoint of the link named in it, and neutral wording ("your visit") for a
 * link that names no touchpoint; never a raw `{{` template. axe (WCAG 2.1 A/AA) on each.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from './chromium.js';
import { startRespondentServer, type TRespondentServer } from './respondent-server.js';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

describe.skipIf(!chromiumAvailable())('the brand and piped words on the respondent page', () => {
  let server: TRespondentServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startRespondentServer();
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(query: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/s/${server.slug}${query}`);
    await page.locator('h2.ts-q-title').waitFor();
    return page;
  }

  async function violations(page: Page): Promise<string[]> {
    const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
    return result.violations.map((v) => `${v.id} (${v.nodes.map((n) => n.target).join(', ')})`);
  }

  it('shows the brand name and colour and names the touchpoint of the link', async () => {
    const page = await open('?touchpoint=lounge-bar');
    expect(await page.locator('.ts-brand').textContent()).toBe('Aurora Airways');
    // The style guide's primary colour, as a custom property and on the brand mark.
    expect(
      await page.evaluate(`getComputedStyle(document.body).getPropertyValue('--ts-primary')`),
    ).toBe('#0b5e55');
    expect(
      await page.evaluate(`getComputedStyle(document.querySelector('.ts-brand')).borderLeftColor`),
    ).toBe('rgb(11, 94, 85)');
    expect(await page.locator('h2.ts-q-title').textContent()).toContain(
      'How likely are you to recommend the Lounge bar to a friend?',
    );
    expect(await page.locator('body').innerText()).not.toContain('{{');
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('says "your visit" where the link names no touchpoint', async () => {
    const page = await open('');
    const question = (await page.locator('h2.ts-q-title').textContent()) ?? '';
    expect(question).toContain('recommend the your visit to a friend?');
    expect(question).not.toMatch(/the\s+to a friend/);
    expect(await page.locator('body').innerText()).not.toContain('{{');
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  }, 60_000);
});
