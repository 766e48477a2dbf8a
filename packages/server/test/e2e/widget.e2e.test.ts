/**
 * The web widget in Chromium on a customer's page served from another origin (a tiny loopback
 * HTTP server): one script tag, identify and a custom event, the slide-in dialog answered with
 * the keyboard, sampling 0% never shows, once per N days holds across page loads, and the
 * response arrives with channel widget and the customer attached.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AxeBuilder } from '@axe-core/playwright';
import type { TResponse } from '@touchstone/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from './chromium.js';
import { startRespondentServer, type TRespondentServer } from './respondent-server.js';

const SCREENSHOTS = process.env['TOUCHSTONE_E2E_SCREENSHOTS'];
const CUSTOMER = 'AUR-00042';

/** The customer's shop: a page that loads the widget with the key given in its query string. */
function shopPage(touchstoneUrl: string, key: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Aurora shop</title><link rel="icon" href="data:,"></head>
<body>
<main>
<h1>Your basket</h1>
<button id="buy" type="button">Complete checkout</button>
</main>
<script>window.touchstone = { q: [['identify', '${CUSTOMER}']] };</script>
<script src="${touchstoneUrl}/widget.js" data-key="${key}" async></script>
<script>
document.getElementById('buy').addEventListener('click', function () {
  window.touchstone.track('checkout_completed');
});
</script>
</body>
</html>`;
}

describe.skipIf(!chromiumAvailable())('web widget in Chromium', () => {
  let server: TRespondentServer;
  let browser: Browser;
  let shop: http.Server;
  let shopUrl: string;
  let surveyId: string;
  let customerId: string;
  const keys = { always: '', never: '' };

  beforeAll(async () => {
    server = await startRespondentServer();
    browser = await launchChromium();
    const survey = await server.api<{ id: string }>('POST', '/api/surveys', {
      name: 'Checkout',
      slug: 'checkout-ces',
      definition: {
        defaultLanguage: 'en',
        languages: ['en'],
        title: { en: 'Quick question about checkout' },
        thankYou: { en: 'Thanks, that helps!' },
        questions: [
          { id: 'effort', type: 'ces', required: true, text: { en: 'Checking out was easy.' } },
          { id: 'why', type: 'text', multiline: false, text: { en: 'What could be easier?' } },
        ],
      },
    });
    surveyId = survey.id;
    await server.api('PATCH', `/api/surveys/${surveyId}`, { status: 'live' });
    customerId = (
      await server.api<{ id: string }>('POST', '/api/customers', {
        externalId: CUSTOMER,
        name: 'Ada Traveller',
      })
    ).id;
    const rule = (samplingPercent: number) => ({
      surveyId,
      triggers: [{ type: 'event', event: 'checkout_completed' }],
      samplingPercent,
      oncePerDays: 30,
    });
    keys.always = (
      await server.api<{ publicKey: string }>('POST', '/api/widgets', {
        name: 'Shop',
        surveys: [rule(100)],
      })
    ).publicKey;
    keys.never = (
      await server.api<{ publicKey: string }>('POST', '/api/widgets', {
        name: 'Shop (sampling 0%)',
        surveys: [rule(0)],
      })
    ).publicKey;
    shop = http.createServer((req, res) => {
      const key = new URL(req.url ?? '/', 'http://shop').searchParams.get('key') ?? '';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(shopPage(server.url, key));
    });
    await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
    shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => shop?.close(resolve));
    await server?.close();
  });

  /** Opens the shop with a widget key and waits until the widget loaded its configuration. */
  async function openShop(page: Page, key: string): Promise<void> {
    const config = page.waitForResponse((r) => r.url().endsWith(`/widget/${key}/config`));
    await page.goto(`${shopUrl}/shop?key=${key}`);
    expect((await config).status()).toBe(200);
    await page.waitForFunction("typeof window.touchstone.track === 'function'");
  }

  async function focusedText(page: Page): Promise<string> {
    return String(
      await page.evaluate('document.activeElement && document.activeElement.textContent'),
    );
  }

  it('shows on the custom event, is answered with the keyboard, and sends the customer', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await openShop(page, keys.always);
    const dialog = page.getByRole('dialog', { name: 'Quick question about checkout' });
    expect(await dialog.count()).toBe(0);

    await page.getByRole('button', { name: 'Complete checkout' }).focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    // Focus moved into the dialog, onto the question.
    await expect
      .poll(() => page.locator(':focus').last().textContent())
      .toMatch(/Checking out was easy/);
    if (SCREENSHOTS) {
      await page.waitForTimeout(400); // the slide-in transition
      await page.screenshot({ path: `${SCREENSHOTS}/widget-open.png` });
    }
    const axe = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);

    await page.keyboard.press('Tab');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator(':focus').last().textContent())
      .toMatch(/What could be easier/);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Remember my card');
    await page.keyboard.press('Enter');
    await dialog.getByRole('heading', { name: 'Thanks, that helps!' }).waitFor();
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/widget-thanks.png` });

    // Escape closes it, and focus returns to where it was.
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await focusedText(page)).toBe('Complete checkout');

    const listed = await server.api<{ items: TResponse[] }>(
      'GET',
      `/api/responses?surveyId=${surveyId}`,
    );
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({
      status: 'complete',
      channel: 'widget',
      customerId,
      answers: { effort: 6, why: 'Remember my card' },
    });

    // Once per 30 days: the next page view with the same event shows nothing.
    await openShop(page, keys.always);
    await page.getByRole('button', { name: 'Complete checkout' }).click();
    await page.waitForTimeout(1000);
    expect(await dialog.count()).toBe(0);
    await context.close();
  }, 120_000);

  it('a visitor who closes it with Escape is not asked again within N days', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await openShop(page, keys.always);
    await page.getByRole('button', { name: 'Complete checkout' }).click();
    const dialog = page.getByRole('dialog', { name: 'Quick question about checkout' });
    await dialog.waitFor();
    if (SCREENSHOTS) {
      await page.waitForTimeout(400);
      await page.screenshot({ path: `${SCREENSHOTS}/widget-phone.png` });
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await page.reload();
    await page.waitForFunction("typeof window.touchstone.track === 'function'");
    await page.getByRole('button', { name: 'Complete checkout' }).click();
    await page.waitForTimeout(1000);
    expect(await dialog.count()).toBe(0);
    await context.close();
  }, 60_000);

  it('never shows with sampling at 0%', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await openShop(page, keys.never);
    for (let i = 0; i < 5; i++) {
      await page.getByRole('button', { name: 'Complete checkout' }).click();
    }
    await page.waitForTimeout(1000);
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await page.evaluate('Object.keys(localStorage).length')).toBe(0);
    await context.close();
  }, 60_000);
});
