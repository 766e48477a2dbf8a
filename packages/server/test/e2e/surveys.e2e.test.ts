/**
 * The survey pages in Chromium against the real server and the demo organization: build a survey
 * with an NPS question and a follow-up shown only when NPS <= 6 (through the logic editor), set it
 * live, answer it on its public link with the keyboard alone, find the response in the dashboard
 * and open it; a new version when a live survey with responses changes; languages, validation and
 * the instrument library in the builder; the distribution page; axe on every survey page.
 */
import type { TResponse, TSurvey } from '@touchstone/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from './chromium.js';
import type { TCampaign } from '../../src/invitations/campaigns.schema.js';
import { startSmtpPeer, type TSmtpPeer } from '../support/smtp-test-peer.js';
import {
  apiGet,
  firstEnumAttribute,
  openFromMenu,
  screenshot,
  seriousViolations,
  signIn,
} from './dashboard-pages.js';
import { startDashboardServer, type TDashboardServer } from './dashboard-server.js';
import {
  addQuestion,
  currentQuestion,
  ensureBuilds,
  focused,
  localDateTimeInput,
  questionCard,
  tabToButton,
} from './surveys-steps.js';

const SURVEY_NAME = 'Lounge pulse (e2e)';

/** Typed by the respondent: markup in it must show as text in the dashboard. */
const COMPLAINT = 'The <b>diet cola</b> was replaced by a lemon drink.';

describe.skipIf(!chromiumAvailable())('survey pages in Chromium', () => {
  let server: TDashboardServer;
  let smtp: TSmtpPeer;
  let browser: Browser;
  let page: Page;
  let surveyId = '';
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    ensureBuilds();
    // Campaigns are sent only where e-mail is configured (a real SMTP peer on loopback).
    smtp = await startSmtpPeer();
    server = await startDashboardServer({ smtpUrl: smtp.url });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    page = await context.newPage();
    context.on('request', (r) => {
      if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) {
        foreignRequests.push(r.url());
      }
    });
    await signIn(page, server, server.org);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.stop();
  });

  it('builds a survey with logic, sets it live, is answered by keyboard, and shows the response', async () => {
    await openFromMenu(page, 'Surveys');
    await page.getByRole('button', { name: 'New survey' }).click();
    await page.getByRole('button', { name: 'Open the builder' }).click();
    await page.getByRole('heading', { level: 1, name: 'New survey' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill(SURVEY_NAME);
    await page.getByLabel('Title', { exact: true }).fill('Your visit to the lounge');

    await addQuestion(page, 'nps');
    const followUp = await addQuestion(page, 'text');
    await followUp.getByLabel('Question text').fill('What went wrong?');
    await followUp.getByLabel('Required').check();
    await followUp.getByRole('button', { name: 'Add a condition' }).click();
    await followUp.getByLabel('Condition 1: question').selectOption('nps');
    await followUp.getByLabel('Condition 1: operator').selectOption('lte');
    await followUp.getByLabel('Condition 1: value').fill('6');
    await followUp.getByText('Shown when nps ≤ 6').waitFor();

    // The preview runs the respondent renderer: a 4 brings the follow-up, a 9 does not.
    const preview = page.getByTestId('survey-preview');
    const progress = preview.getByRole('progressbar');
    expect(await progress.getAttribute('aria-valuetext')).toBe('Question 1 of 1');
    await preview.getByRole('radio', { name: '4', exact: true }).check();
    await expect.poll(() => progress.getAttribute('aria-valuetext')).toBe('Question 1 of 2');
    await preview.getByRole('radio', { name: '9', exact: true }).check();
    await expect.poll(() => progress.getAttribute('aria-valuetext')).toBe('Question 1 of 1');

    await page.getByLabel('New hidden field').fill('booking');
    await page.getByRole('button', { name: 'Add hidden field' }).click();
    await page.getByLabel('Status').selectOption('live');
    await screenshot(page, 'survey-builder-new');
    await page.getByRole('button', { name: 'Create survey' }).click();
    await page.getByRole('heading', { level: 1, name: SURVEY_NAME }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: 'Survey created as a live survey.' })
      .waitFor();
    surveyId = new URL(page.url()).pathname.split('/').pop() ?? '';
    const stored = await apiGet<TSurvey>(page.context(), server, `/surveys/${surveyId}`);
    expect(stored).toMatchObject({ name: SURVEY_NAME, status: 'live', version: 1 });
    expect(stored.definition.questions.map((q) => [q.type, q.required])).toEqual([
      ['nps', false],
      ['text', true],
    ]);
    expect(stored.definition.questions[1]?.displayIf).toEqual({ ref: 'nps', op: 'lte', value: 6 });

    await page.getByRole('link', { name: 'Distribution' }).click();
    const link = await page.getByTestId('public-link').innerText();
    expect(link).toBe(`${server.url}/s/${stored.slug}`);
    await screenshot(page, 'survey-distribution');

    // The respondent, in the same browser, with the keyboard alone.
    const respondent = await page.context().newPage();
    await respondent.goto(`${link}?booking=${encodeURIComponent('AB<12>')}`);
    await respondent.getByRole('heading', { level: 1, name: 'Your visit to the lounge' }).waitFor();
    await expect.poll(() => currentQuestion(respondent)).toMatch(/recommend us/);
    await respondent.keyboard.press('Tab');
    for (let i = 0; i < 4; i++) await respondent.keyboard.press('ArrowRight');
    expect(await focused(respondent)).toBe('input:radio:4:');
    await respondent.keyboard.press('Enter');
    await expect.poll(() => currentQuestion(respondent)).toMatch(/What went wrong\?/);
    await respondent.keyboard.press('Tab');
    expect(await focused(respondent)).toMatch(/^textarea:/);
    await respondent.keyboard.type(COMPLAINT);
    await tabToButton(respondent, 'Submit');
    await respondent.keyboard.press('Enter');
    await respondent.getByRole('heading', { name: 'Thank you for your feedback.' }).waitFor();
    await screenshot(respondent, 'survey-respondent-thanks');
    await respondent.close();

    // Back in the dashboard: the response is listed with its answers, and opens.
    await openFromMenu(page, 'Responses');
    await page.getByLabel('Survey', { exact: true }).selectOption(surveyId);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(new RegExp(`surveyId=${surveyId}`));
    const rows = page.locator('table tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    const row = rows.first();
    expect(await row.innerText()).toContain('4 of 10');
    expect(await row.innerText()).toContain(COMPLAINT);
    await page.getByRole('link', { name: 'Export CSV' }).waitFor();
    await screenshot(page, 'responses');

    await row.getByRole('link').first().click();
    await page.getByRole('heading', { name: 'Answers' }).waitFor();
    const answers = page.getByRole('region', { name: 'Answers' });
    await answers.getByText('4 of 10').waitFor();
    const comment = answers.locator('.answer-text');
    expect(await comment.innerText()).toBe(COMPLAINT);
    expect(await comment.locator('b').count()).toBe(0);
    const details = page.getByRole('region', { name: 'Details' });
    expect(await details.innerText()).toMatch(/version 1/);
    expect(await details.innerText()).toMatch(/Channel\s+Link/);
    expect(await page.getByTestId('hidden-fields').innerText()).toMatch(/^booking\s+AB<12>$/);
    await screenshot(page, 'response');

    const listed = await apiGet<{ items: TResponse[] }>(
      page.context(),
      server,
      `/responses?surveyId=${surveyId}`,
    );
    expect(listed.items.map((r) => [r.status, r.answers, r.hidden])).toEqual([
      ['complete', { nps: 4, comment: COMPLAINT }, { booking: 'AB<12>' }],
    ]);
  }, 180_000);

  it('saves a changed live survey with responses as a new version, and says so', async () => {
    expect(surveyId).not.toBe('');
    await page.goto(`${server.url}/surveys/${surveyId}`);
    await page.getByRole('heading', { level: 1, name: SURVEY_NAME }).waitFor();
    // Two questions: both editors are open on arrival.
    const followUp = questionCard(page, 2);
    await followUp.getByRole('button', { name: 'Close question 2' }).waitFor();
    await followUp.getByLabel('Question text').fill('What went wrong, in a few words?');
    await page
      .getByText('Unsaved changes: version 1 has responses, so saving makes version 2.')
      .waitFor();
    await page.getByRole('button', { name: 'Save survey' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Saved as version 2. The 1 response so far keeps version 1' })
      .waitFor();
    const stored = await apiGet<TSurvey>(page.context(), server, `/surveys/${surveyId}`);
    expect(stored.version).toBe(2);
    expect(stored.definition.questions[1]?.text).toEqual({
      en: 'What went wrong, in a few words?',
    });
  }, 60_000);

  it('edits languages, flags missing translations, validates inline, and inserts an instrument', async () => {
    await page.goto(`${server.url}/surveys/new`);
    await page.getByRole('heading', { level: 1, name: 'New survey' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Bilingual check (e2e)');
    const card = await addQuestion(page, 'csat');

    // A second language: every text is flagged missing until translated.
    await page.getByLabel('New language tag').fill('de');
    await page.getByRole('button', { name: 'Add language' }).click();
    const german = page.getByRole('radio', { name: /German/ });
    expect(await german.isChecked()).toBe(true);
    const missing = page.locator('.language-tab.selected .badge');
    expect(await missing.innerText()).toBe('3 missing');
    expect(await card.getByText('Missing in German').count()).toBe(1);
    await card.getByLabel('Question text').fill('Wie zufrieden waren Sie?');
    expect(await missing.innerText()).toBe('2 missing');
    expect(await card.getByText('Missing in German').count()).toBe(0);
    await page.getByRole('radio', { name: /English/ }).check();
    expect(await card.getByLabel('Question text').inputValue()).toBe('How satisfied were you?');

    // A bad id is reported beside the field, and saving goes to it.
    await card.getByLabel('Question id').fill('Satisfaction!');
    await card.getByText('Lower-case letters, digits and _, starting with a letter').waitFor();
    await page.getByRole('button', { name: 'Create survey' }).click();
    await expect.poll(() => focused(page)).toBe('input::Satisfaction!:');
    await card.getByLabel('Question id').fill('satisfaction');

    // The library: relationship NPS brings its four questions and its own logic.
    await page.getByLabel('Instrument').selectOption('relationship-nps');
    await page.getByRole('button', { name: 'Insert 4 questions' }).click();
    await questionCard(page, 5).waitFor();
    await questionCard(page, 4).getByText('Shown when nps ≤ 6').waitFor();
    // Reordering keeps the logic valid only while the score comes first.
    await questionCard(page, 2).getByRole('button', { name: 'Move question 2 down' }).click();
    expect(await questionCard(page, 3).locator('code').first().innerText()).toBe('nps');
    await questionCard(page, 1).getByRole('button', { name: 'Delete question 1' }).click();
    expect(await page.locator('.question-list > li').count()).toBe(4);
    await screenshot(page, 'survey-builder-languages');
    await page.getByRole('button', { name: 'Create survey' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bilingual check (e2e)' }).waitFor();
    const id = new URL(page.url()).pathname.split('/').pop() ?? '';
    const stored = await apiGet<TSurvey>(page.context(), server, `/surveys/${id}`);
    expect(stored.status).toBe('draft');
    expect(stored.definition.languages).toEqual(['en', 'de']);
    expect(stored.definition.questions.map((q) => q.id)).toEqual([
      'nps_reason',
      'nps',
      'nps_went_wrong',
      'nps_liked_most',
    ]);
  }, 90_000);

  it('lists surveys by status and offers QR codes and a widget snippet', async () => {
    await openFromMenu(page, 'Surveys');
    await page.getByLabel('Status').selectOption('live');
    await page.waitForURL(/status=live/);
    // The draft made above leaves the list once the filter applies.
    const names = () => page.locator('table tbody th').allInnerTexts();
    await expect.poll(names).not.toContain('Bilingual check (e2e)');
    expect(await names()).toContain(SURVEY_NAME);
    const statuses = await page.locator('table tbody td:nth-child(2)').allInnerTexts();
    expect(new Set(statuses)).toEqual(new Set(['Live']));
    await screenshot(page, 'surveys');

    await page.getByRole('link', { name: SURVEY_NAME, exact: true }).click();
    await page.getByRole('link', { name: 'Distribution' }).click();
    await page.getByRole('button', { name: 'Create a widget for this survey' }).click();
    const snippet = await page.getByTestId('widget-snippet').innerText();
    expect(snippet).toMatch(
      new RegExp(`^<script src="${server.url}/widget\\.js" data-key="[^"]+" async></script>$`),
    );
  }, 60_000);

  it('sends an e-mail campaign to a segment, schedules another, and lists both with counts', async () => {
    const attribute = await firstEnumAttribute(page.context(), server);
    const option = attribute.options[0] ?? '';
    await page.goto(`${server.url}/surveys/${surveyId}/distribution`);
    const form = page.getByRole('form', { name: 'New e-mail campaign' });
    await form.getByLabel('Campaign name').fill('Lounge segment wave');
    await form.getByLabel('Subject').fill('How was the lounge?');
    await form.getByLabel('A segment').check();
    await form.getByLabel(attribute.label, { exact: true }).selectOption(option);
    await form.getByLabel('Reminder after (days)').fill('5');
    await form.getByRole('button', { name: 'Send campaign' }).click();
    const outcome = form
      .getByRole('status')
      .filter({ hasText: /^Invited \d+ customers?; \d+ skipped/ });
    await outcome.waitFor();

    await form.getByLabel('Campaign name').fill('Lounge follow-up');
    await form.getByLabel('Subject').fill('A minute for the lounge?');
    await form.getByLabel('All customers who agreed to e-mail').check();
    await form.getByLabel('Later').check();
    const tomorrow = new Date(Date.now() + 86_400_000);
    tomorrow.setHours(9, 30, 0, 0);
    const local = localDateTimeInput(tomorrow);
    await form.getByLabel('Send at').fill(local);
    await form.getByRole('button', { name: 'Schedule campaign' }).click();
    await form
      .getByRole('status')
      .filter({ hasText: /^Scheduled for / })
      .waitFor();

    const { items } = await apiGet<{ items: TCampaign[] }>(
      page.context(),
      server,
      `/campaigns?surveyId=${surveyId}`,
    );
    const sent = items.find((c) => c.name === 'Lounge segment wave');
    const later = items.find((c) => c.name === 'Lounge follow-up');
    expect(sent).toMatchObject({
      status: 'sending',
      reminderDays: 5,
      audience: { type: 'segment', attr: [`${attribute.key}:${option}`] },
      messages: { en: { subject: 'How was the lounge?' } },
    });
    expect(sent?.counts.eligible).toBeGreaterThan(0);
    expect(later).toMatchObject({ status: 'scheduled', audience: { type: 'segment', attr: [] } });
    expect(new Date(later?.scheduledAt ?? '').getTime()).toBe(new Date(local).getTime());
    const row = page.getByRole('row', { name: /Lounge segment wave/ });
    const cells = await row.locator('td.numeric').allInnerTexts();
    expect(cells.slice(0, 2)).toEqual([
      String(sent?.counts.eligible),
      String(Object.values(sent?.counts.skipped ?? {}).reduce((a, b) => a + b, 0)),
    ]);
    await page
      .getByRole('row', { name: /Lounge follow-up/ })
      .getByText('Scheduled')
      .waitFor();
    await screenshot(page, 'survey-campaigns');
  }, 60_000);

  it('shows a demo survey with touchpoints: its builder, QR codes that load, and its responses', async () => {
    const { items } = await apiGet<{ items: TSurvey[] }>(
      page.context(),
      server,
      '/surveys?status=live&limit=50',
    );
    const demo = items.find((s) => s.touchpointIds.length > 1 && s.responseCount > 0);
    if (!demo) throw new Error('the demo has no live survey at touchpoints with responses');
    await page.goto(`${server.url}/surveys/${demo.id}`);
    await page.getByRole('heading', { level: 1, name: demo.name }).waitFor();
    await page.getByRole('button', { name: 'Save survey' }).waitFor();
    await screenshot(page, 'survey-builder-demo');

    await page.getByRole('link', { name: 'Distribution' }).click();
    const codes = page.getByRole('img', { name: /^QR code of / });
    await expect.poll(() => codes.count()).toBe(demo.touchpointIds.length);
    // Every code decoded by the browser as an image (the SVG route, with the session cookie).
    await expect
      .poll(() =>
        page.evaluate(
          `[...document.querySelectorAll('.qr-item img')].every((i) => i.complete && i.naturalWidth > 0)`,
        ),
      )
      .toBe(true);
    const png = await page
      .getByRole('link', { name: /as PNG$/ })
      .first()
      .getAttribute('href');
    const download = await page.context().request.get(`${server.url}${png ?? ''}`);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toBe('image/png');
    // One public link per touchpoint, each naming it.
    await page.getByText(/^Link for each touchpoint/).click();
    const links = page.getByTestId('touchpoint-link');
    await expect.poll(() => links.count()).toBe(demo.touchpointIds.length);
    expect(await links.first().innerText()).toMatch(/\/s\/[\w-]+\?touchpoint=[\w-]+&channel=link$/);
    await screenshot(page, 'survey-distribution-demo');

    await page
      .getByRole('link', { name: /^Responses/ })
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: 'Responses' }).waitFor();
    await page.locator('table tbody tr').first().waitFor();
    await screenshot(page, 'responses-demo');
    await page.locator('table tbody tr').first().getByRole('link').first().click();
    await page.getByRole('heading', { name: 'Answers' }).waitFor();
    await screenshot(page, 'response-demo');
  }, 60_000);

  it('shows a viewer surveys read-only, without responses or campaigns', async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const viewer = await context.newPage();
    await signIn(viewer, server, server.org.viewer);
    await openFromMenu(viewer, 'Surveys');
    expect(await viewer.getByRole('button', { name: 'New survey' }).count()).toBe(0);
    await viewer.getByRole('link', { name: SURVEY_NAME, exact: true }).click();
    await viewer.getByRole('heading', { level: 1, name: SURVEY_NAME }).waitFor();
    expect(await viewer.getByLabel('Name', { exact: true }).isDisabled()).toBe(true);
    expect(await viewer.getByRole('button', { name: 'Save survey' }).count()).toBe(0);
    const tabs = viewer.getByRole('navigation', { name: 'Survey pages' });
    expect(await tabs.getByRole('link').allInnerTexts()).toEqual(['Builder', 'Distribution']);
    await tabs.getByRole('link', { name: 'Distribution' }).click();
    await viewer.getByRole('heading', { name: 'Public link' }).waitFor();
    expect(await viewer.getByRole('heading', { name: 'E-mail campaigns' }).count()).toBe(0);
    await context.close();
  }, 60_000);

  it('has no serious accessibility violations on the survey pages (axe)', async () => {
    const problems: string[] = [];
    const audit = async (where: string) => {
      problems.push(...(await seriousViolations(page, where)));
    };
    await openFromMenu(page, 'Surveys');
    await page.locator('table tbody tr').first().waitFor();
    await audit('surveys');
    await page.goto(`${server.url}/surveys/${surveyId}`);
    await page.getByRole('button', { name: 'Save survey' }).waitFor();
    await audit('builder');
    await page.goto(`${server.url}/surveys/${surveyId}/distribution`);
    await page.getByRole('heading', { name: 'E-mail campaigns' }).waitFor();
    await audit('distribution');
    await openFromMenu(page, 'Responses');
    await page.locator('table tbody tr').first().waitFor();
    await audit('responses');
    await page.locator('table tbody tr').first().getByRole('link').first().click();
    await page.getByRole('heading', { name: 'Answers' }).waitFor();
    await audit('response');
    expect(problems).toEqual([]);
  }, 90_000);

  it('made no request to any other origin', () => {
    expect(foreignRequests).toEqual([]);
  });
});
