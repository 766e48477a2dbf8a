import { it } from 'vitest';
import { launchChromium } from './chromium.js';
import { startDashboardServer } from './dashboard-server.js';

it('tour', async () => {
  const out = '/tmp/shots2';
  const server = await startDashboardServer();
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') console.log('console error:', m.text());
    });
    page.on('pageerror', (e) => console.log('page error:', e.message));
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill(server.org.email);
    await page.getByLabel('Password').fill(server.org.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    const shot = async (name: string) => {
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
    };
    await shot('overview');
    for (const [path, name, click] of [
      ['/brands', 'brands', null],
      ['/brands', 'brand', 'Aurora Airways'],
      ['/journeys', 'journeys', null],
      ['/teams', 'teams', null],
      ['/teams', 'team', 'Lounge operations'],
      ['/users', 'users', null],
      ['/api-keys', 'api-keys', null],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      await page.locator('h1').waitFor();
      if (click) await page.getByRole('link', { name: click, exact: true }).first().click();
      await page.waitForLoadState('networkidle');
      await shot(name);
    }
    await page.goto(`${server.url}/journeys`);
    await page.getByRole('button', { name: 'New journey' }).click();
    await shot('journey-new');
    await page.goto(`${server.url}/journeys`);
    await page.getByRole('link', { name: 'Business trip' }).click();
    await page.getByRole('button', { name: 'Edit journey and stages' }).click();
    await shot('journey-edit');
    await page.goto(`${server.url}/api-keys`);
    await page.getByRole('button', { name: 'New API key' }).click();
    await page.getByLabel('Name').fill('CRM sync');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByTestId('api-key-secret').waitFor();
    await shot('api-key-created');
    await page.goto(`${server.url}/teams`);
    await page.getByRole('button', { name: 'New team' }).click();
    await page.getByRole('button', { name: 'Create team' }).click();
    await shot('team-error');
    await page.goto(`${server.url}/journeys`);
    await page.getByRole('link', { name: 'Business trip' }).click();
    await page.getByRole('link', { name: /Add touchpoint to Airport/ }).click();
    await page.getByLabel('Name', { exact: true }).fill('Gate');
    await page.getByLabel('Key').fill('lounge-bar');
    await page.getByRole('button', { name: 'Create touchpoint' }).click();
    await page.getByRole('alert').waitFor();
    await shot('touchpoint-conflict');
    await page.setViewportSize({ width: 420, height: 800 });
    await page.goto(`${server.url}/journeys`);
    await page.locator('h1').waitFor();
    await shot('mobile-journeys');
  } finally {
    await browser.close();
    await server.close();
  }
}, 120_000);
