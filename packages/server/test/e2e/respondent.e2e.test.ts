/**
 * The respondent page in Chromium on a phone-sized screen, keyboard only: every question type,
 * the NPS branch ("what went wrong?" after a 6), inline errors with focus on the first one,
 * leaving half way and resuming from the same link, the thank-you page, the stored response
 * read back through the API, axe (WCAG 2.1 A/AA) on every screen, and no request to another host.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { TResponse } from '@touchstone/core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from './chromium.js';
import { startRespondentServer, type TRespondentServer } from './respondent-server.js';

const SCREENSHOTS = process.env['TOUCHSTONE_E2E_SCREENSHOTS'];
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

describe.skipIf(!chromiumAvailable())('respondent page in Chromium', () => {
  let server: TRespondentServer;
  let browser: Browser;
  let context: BrowserContext;
  const foreignRequests: string[] = [];
  const audited: string[] = [];

  beforeAll(async () => {
    server = await startRespondentServer();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const link = () =>
    `${server.url}/s/${server.slug}?touchpoint=lounge-bar&booking=ABC123&channel=qr`;

  async function openPage(url: string): Promise<Page> {
    const page = await context.newPage();
    page.on('request', (r) => {
      if (!r.url().startsWith(`${server.url}/`) && !r.url().startsWith('data:')) {
        foreignRequests.push(r.url());
      }
    });
    await page.goto(url);
    return page;
  }

  /** axe on the current screen, WCAG 2.1 A and AA: zero violations, each one named if any. */
  async function audit(page: Page, name: string): Promise<void> {
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
    const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
    const problems = result.violations.map(
      (v) => `${name}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    );
    expect(problems).toEqual([]);
    audited.push(name);
  }

  async function question(page: Page, text: string | RegExp): Promise<void> {
    await expect
      .poll(() => page.locator('h2.ts-q-title').textContent())
      .toMatch(typeof text === 'string' ? new RegExp(escape(text)) : text);
  }

  function escape(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }

  /** The focused element as `tag:type:value:text`, read in the page (no DOM types here). */
  async function focused(page: Page): Promise<string> {
    return String(
      await page.evaluate(`(() => {
        const el = document.activeElement;
        if (!el) return '';
        return [el.tagName.toLowerCase(), el.getAttribute('type') ?? '', el.value ?? '', el.textContent ?? ''].join(':');
      })()`),
    );
  }

  /** Tabs forward until the button with this text has focus. */
  async function tabToButton(page: Page, label: string): Promise<void> {
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      if (
        (await focused(page)) === `button:submit::${label}` ||
        (await focused(page)) === `button:button::${label}`
      )
        return;
    }
    throw new Error(`no button ${label} reached with Tab`);
  }

  /** Tabs into a radio group and moves to the point `steps` to the right of the first. */
  async function pickRadio(page: Page, steps: number): Promise<void> {
    await page.keyboard.press('Tab');
    if (steps === 0) await page.keyboard.press('Space');
    for (let i = 0; i < steps; i++) await page.keyboard.press('ArrowRight');
  }

  it('answers every question type with the keyboard, resumes half way, and stores it', async () => {
    let page = await openPage(link());
    await question(page, 'How likely are you to recommend the Lounge bar to a friend?');
    // The brand's grey text fails AA on white: the page falls back to the safe pair.
    expect(String(await page.evaluate('getComputedStyle(document.body).color'))).toBe(
      'rgb(26, 26, 26)',
    );
    const group = page.getByRole('group', { name: /recommend the Lounge bar.*\(required\)/ });
    await expect.poll(() => group.getByRole('radio').count()).toBe(11);
    const progress = page.getByRole('progressbar', { name: 'Survey progress' });
    expect(await progress.getAttribute('aria-valuetext')).toBe('Question 1 of 11');
    await audit(page, '01-nps');

    await pickRadio(page, 6);
    expect(await focused(page)).toBe('input:radio:6:');
    await page.keyboard.press('Enter');
    // The branch: a 6 is a detractor, so "What went wrong?" appears and the count grows.
    await question(page, 'What went wrong?');
    expect(await progress.getAttribute('aria-valuetext')).toBe('Question 2 of 12');
    await audit(page, '02-text');

    // Skipping a required question: an inline error, linked, with focus on the field.
    await tabToButton(page, 'Next');
    await page.keyboard.press('Enter');
    const textarea = page.getByRole('textbox', { name: /What went wrong/ });
    await expect.poll(() => focused(page)).toMatch(/^textarea:/);
    expect(await textarea.getAttribute('aria-invalid')).toBe('true');
    const errorId = (await textarea.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toBe(
      'Please answer this question.',
    );
    await audit(page, '02-text-error');
    await page.keyboard.type('The diet cola was replaced by a lemon drink.');
    expect(await textarea.getAttribute('aria-invalid')).toBeNull();
    await tabToButton(page, 'Next');
    await page.keyboard.press('Enter');

    await question(page, 'How satisfied were you overall?');
    await audit(page, '03-csat');
    await pickRadio(page, 3);
    await page.keyboard.press('Enter');

    await question(page, 'Finding a seat was easy.');
    await audit(page, '04-ces');
    await pickRadio(page, 5);
    await page.keyboard.press('Enter');

    await question(page, 'How clean was the lounge?');
    expect(
      await page.getByRole('group', { name: /How clean/ }).getAttribute('aria-describedby'),
    ).toBeTruthy();
    await audit(page, '05-rating');
    await pickRadio(page, 4);
    await page.keyboard.press('Enter');

    await question(page, 'The lounge felt calm.');
    await audit(page, '06-likert');
    await pickRadio(page, 3);
    expect(await page.getByRole('radio', { name: '4 Agree' }).isChecked()).toBe(true);

    // Leave half way: the partial response is saved and its token is in the URL.
    const saved = page.waitForResponse(
      (r) => r.url().includes('/api/public/responses/') && r.request().method() === 'PUT',
    );
    await saved;
    expect(new URL(page.url()).searchParams.get('r')).toMatch(/^[\w-]{20,}$/);
    await page.close();

    // Reopen the very same link (no token in it): localStorage finds the partial response.
    page = await openPage(link());
    await question(page, 'How was the service?');
    expect(new URL(page.url()).searchParams.get('r')).toMatch(/^[\w-]{20,}$/);
    // Earlier answers came back too: one step back shows the likert answer.
    await tabToButton(page, 'Back');
    await page.keyboard.press('Enter');
    await question(page, 'The lounge felt calm.');
    expect(await page.getByRole('radio', { name: '4 Agree' }).isChecked()).toBe(true);
    await tabToButton(page, 'Next');
    await page.keyboard.press('Enter');

    await question(page, 'How was the service?');
    await audit(page, '07-matrix');
    // One row answered, then Next: the error names the rows and focus goes to the missing one.
    await pickRadio(page, 3);
    expect(
      await page.getByRole('radio', { name: 'Staff did what they promised 4' }).isChecked(),
    ).toBe(true);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('.ts-error').textContent())
      .toBe('Please answer every row.');
    expect(await page.locator(':focus').getAttribute('aria-labelledby')).toBeTruthy();
    await audit(page, '07-matrix-error');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    expect(
      await page.getByRole('radio', { name: 'Staff helped promptly 5 Very good' }).isChecked(),
    ).toBe(true);
    await page.keyboard.press('Enter');

    await question(page, 'Why are you travelling?');
    await audit(page, '08-single-choice');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('radio', { name: 'Other', exact: true }).isChecked()).toBe(true);
    // "Other" without its text is an error on the text field.
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toBe('input:text::');
    await page.keyboard.type('Crew layover');
    await page.keyboard.press('Enter');

    await question(page, 'What did you use?');
    await audit(page, '09-multiple-choice');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await tabToButton(page, 'Next');
    await page.keyboard.press('Enter');

    await question(page, 'How many times have you visited this year?');
    await audit(page, '10-number');
    await page.keyboard.press('Tab');
    await page.keyboard.type('twelve');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.ts-error').textContent()).toBe('Enter a number.');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('12');
    await page.keyboard.press('Enter');

    // Piping from a hidden field, inserted as text.
    await question(page, 'Anything else about your visit (booking ABC123)?');
    await audit(page, '11-comment');
    await page.keyboard.press('Tab');
    await page.keyboard.type('The quiet corner was lovely.');
    await tabToButton(page, 'Next');
    await page.keyboard.press('Enter');

    await question(page, 'You may contact me about my answers.');
    await audit(page, '12-consent');
    await tabToButton(page, 'Submit');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('.ts-error').textContent())
      .toBe('Please tick the box to continue.');
    expect(await focused(page)).toBe('input:checkbox:on:');
    await page.keyboard.press('Space');
    await tabToButton(page, 'Submit');
    await page.keyboard.press('Enter');

    const thanks = page.getByRole('heading', { name: 'Thank you! Your answers help us improve.' });
    await thanks.waitFor();
    expect(await page.locator(':focus').textContent()).toBe(
      'Thank you! Your answers help us improve.',
    );
    await audit(page, '13-thank-you');

    const listed = await server.api<{ items: TResponse[] }>(
      'GET',
      `/api/responses?surveyId=${server.surveyId}`,
    );
    expect(listed.items).toHaveLength(1);
    const [stored] = listed.items;
    expect(stored).toMatchObject({
      status: 'complete',
      channel: 'qr',
      language: 'en',
      touchpointId: server.touchpointId,
      hidden: { touchpoint: 'lounge-bar', booking: 'ABC123' },
    });
    expect(stored?.answers).toEqual({
      recommend: 6,
      went_wrong: 'The diet cola was replaced by a lemon drink.',
      satisfaction: 4,
      effort: 6,
      cleanliness: 5,
      calm: 4,
      service: { reliability: 4, responsiveness: 5 },
      purpose: { other: 'Crew layover' },
      used: ['bar', 'showers'],
      visits: 12,
      comment: 'The quiet corner was lovely.',
      contact_ok: true,
    });

    // The same link again shows the thank-you page, not a second survey.
    await page.reload();
    await thanks.waitFor();
    expect(audited).toHaveLength(15);
    expect(foreignRequests).toEqual([]);
  }, 180_000);

  it('speaks the browser language, or the one the link asks for', async () => {
    const german = await browser.newContext({
      locale: 'de-DE',
      viewport: { width: 390, height: 844 },
    });
    const page = await german.newPage();
    await page.goto(`${server.url}/s/${server.slug}?touchpoint=lounge-bar`);
    await page.getByRole('heading', { level: 1, name: 'Ihr Besuch in unserer Lounge' }).waitFor();
    expect(await page.getByRole('button', { name: 'Weiter' }).count()).toBe(1);
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    await page.goto(`${server.url}/s/${server.slug}?lang=en`);
    await page.getByRole('heading', { level: 1, name: 'Your visit to our lounge' }).waitFor();
    await page.goto(`${server.url}/s/no-such-survey`);
    await page.getByRole('heading', { level: 1, name: 'Diese Umfrage gibt es nicht.' }).waitFor();
    await german.close();
  }, 60_000);
});
