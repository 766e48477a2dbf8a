/** Steps through the dashboard the way a person does: by labels, roles and visible names. */
import { AxeBuilder } from '@axe-core/playwright';
import type { TAttributeKey, TJourney, TTouchpoint } from '@touchstone/core';
import type { BrowserContext, Page } from 'playwright-core';
import type { TDashboardServer, TLogin } from './dashboard-server.js';

/** Optional: a folder to keep screenshots of the pages the tests visit. */
const SCREENSHOTS = process.env['TOUCHSTONE_E2E_SCREENSHOTS'];

/** Saves a full-page screenshot when TOUCHSTONE_E2E_SCREENSHOTS names a folder. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

/** Opens the dashboard, is sent to the sign-in form, signs in and lands on the overview. */
export async function signIn(page: Page, server: TDashboardServer, who: TLogin): Promise<void> {
  await page.goto(`${server.url}/`);
  await page.waitForURL(/\/sign-in/);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
}

/** Follows a link of the main navigation to the page of that name. */
export async function openFromMenu(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
}

/** GET through the API with the browser's session cookie; fails on any status but 200. */
export async function apiGet<T>(context: BrowserContext, server: TDashboardServer, path: string) {
  const response = await context.request.get(`${server.url}/api${path}`);
  if (response.status() !== 200) throw new Error(`GET ${path}: ${response.status()}`);
  return (await response.json()) as T;
}

/** The first touchpoint by name, and the name of its journey, as the API has them. */
export async function firstTouchpoint(context: BrowserContext, server: TDashboardServer) {
  const list = await apiGet<{ items: TTouchpoint[] }>(
    context,
    server,
    '/touchpoints?limit=1&sort=name',
  );
  const touchpoint = list.items[0];
  if (!touchpoint) throw new Error('the demo has no touchpoints');
  const journey = await apiGet<TJourney>(context, server, `/journeys/${touchpoint.journeyId}`);
  return { touchpoint, journeyName: journey.name };
}

/** The first declared customer attribute of type enum. */
export async function firstEnumAttribute(context: BrowserContext, server: TDashboardServer) {
  const keys = await apiGet<{ items: TAttributeKey[] }>(
    context,
    server,
    '/attribute-keys?entity=customer',
  );
  const key = keys.items.find((k) => k.type === 'enum');
  if (!key) throw new Error('the demo declares no enum attribute');
  return key;
}

/** From the journeys list to a touchpoint's page, through its journey's map. */
export async function openTouchpoint(page: Page, journeyName: string, touchpointName: string) {
  await openFromMenu(page, 'Journeys');
  await page.getByRole('link', { name: journeyName, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: journeyName }).waitFor();
  // A card's accessible name starts with the touchpoint's name (then channel, key, team).
  await page.getByRole('link', { name: new RegExp(`^${escapeRegExp(touchpointName)}`) }).click();
  await page.getByRole('heading', { level: 1, name: touchpointName }).waitFor();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** axe on the current page: its serious and critical violations, each as `where: rule (nodes)`. */
export async function seriousViolations(page: Page, where: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
