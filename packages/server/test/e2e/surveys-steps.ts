/** Steps of the survey pages' browser tests: the builder by its labels, the respondent by keys. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/**
 * Builds the dashboard and the respondent scripts when missing or older than their sources: the
 * survey tests open the dashboard and the respondent page of the same server.
 */
export function ensureBuilds(): void {
  execFileSync('node', ['scripts/build-web-if-stale.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
}

/** A question card of the builder, by its position. */
export function questionCard(page: Page, n: number): Locator {
  return page.getByRole('region', { name: `Question ${n}`, exact: true });
}

/** Adds a question of a type with the builder's "Add a question" controls. */
export async function addQuestion(page: Page, type: string): Promise<Locator> {
  const before = await page.locator('.question-list > li').count();
  await page.getByLabel('Question type').selectOption(type);
  await page.getByRole('button', { name: 'Add question' }).click();
  const card = questionCard(page, before + 1);
  await card.getByLabel('Question text').waitFor();
  return card;
}

/** The focused element as `tag:type:value:text`, read in the page (no DOM types here). */
export async function focused(page: Page): Promise<string> {
  return String(
    await page.evaluate(`(() => {
      const el = document.activeElement;
      if (!el) return '';
      return [el.tagName.toLowerCase(), el.getAttribute('type') ?? '', el.value ?? '', el.textContent ?? ''].join(':');
    })()`),
  );
}

/** Tabs forward until the button with this text has focus. */
export async function tabToButton(page: Page, label: string): Promise<void> {
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now === `button:submit::${label}` || now === `button:button::${label}`) return;
  }
  throw new Error(`no button ${label} reached with Tab`);
}

/** The respondent page's current question heading. */
export async function currentQuestion(page: Page): Promise<string> {
  return (await page.locator('h2.ts-q-title').textContent()) ?? '';
}

/** A time as a `datetime-local` input takes it: local date and time to the minute. */
export function localDateTimeInput(at: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}T${two(at.getHours())}:${two(at.getMinutes())}`;
}
