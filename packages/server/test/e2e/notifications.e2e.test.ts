/**
 * The notification bell and page in Chromium against the real server: the unread count, the
 * panel of the latest with a link that marks its notification read, mark all read, and the
 * e-mail choice saved from the page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify } from '../../src/notifications/notify.js';
import { chromiumAvailable, launchChromium } from './chromium.js';
import { screenshot, seriousViolations, signIn } from './dashboard-pages.js';
import { startDashboardServer, type TDashboardServer } from './dashboard-server.js';

describe.skipIf(!chromiumAvailable())('notifications in Chromium', () => {
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

  /** The bell, found by its accessible name, which carries the unread count. */
  const bell = () => page.getByRole('banner').getByRole('button', { name: /^Notifications/ });

  it('counts unread, opens the latest, marks read by following one and all at once', async () => {
    const owner = await server.storage.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', server.org.email)
      .executeTakeFirstOrThrow();
    // Whatever the demo left for the owner is read first, so the counts below are this test's.
    await server.storage.db
      .updateTable('notifications')
      .set({ read_at: new Date().toISOString() })
      .where('user_id', '=', owner.id)
      .execute();
    await server.storage.db.transaction().execute(async (trx) => {
      for (const [title, link, at] of [
        ['Case 7 was assigned to you', '/teams', '2026-03-02T09:00:00.000Z'],
        ['Rule "Detractors" matched', null, '2026-03-02T10:00:00.000Z'],
      ] as const) {
        await notify(trx, {
          organizationId: server.org.organizationId,
          recipients: { userIds: [owner.id] },
          kind: 'case.assigned',
          title,
          body: 'From the e2e test',
          link,
          subject: null,
          now: new Date(at),
        });
      }
    });

    await page.reload();
    await expect.poll(() => bell().getAttribute('aria-label')).toBe('Notifications, 2 unread');
    await bell().click();
    const panel = page.getByRole('region', { name: 'Latest notifications' });
    await panel.getByText('Rule "Detractors" matched').waitFor();
    await screenshot(page, 'notification-panel');
    expect(await seriousViolations(page, 'notification panel')).toEqual([]);

    await panel.getByRole('link', { name: 'Case 7 was assigned to you' }).click();
    await page.getByRole('heading', { level: 1, name: 'Teams' }).waitFor();
    await expect.poll(() => bell().getAttribute('aria-label')).toBe('Notifications, 1 unread');

    await bell().click();
    await panel.getByRole('button', { name: 'Mark all read' }).click();
    await expect.poll(() => bell().getAttribute('aria-label')).toBe('Notifications');
  });

  it('lists every notification on its page and saves the e-mail choice', async () => {
    // The panel stays open after "mark all read".
    if ((await bell().getAttribute('aria-expanded')) !== 'true') await bell().click();
    await page.getByRole('link', { name: 'All notifications and e-mail settings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await page.getByRole('main').getByText('Case 7 was assigned to you').waitFor();
    await expect.poll(() => page.getByLabel('Daily digest').isChecked()).toBe(true);
    await page.getByLabel('Off').check();
    await page.getByRole('status').getByText('Saved.').waitFor();
    await page.getByLabel('Unread only').check();
    await page.getByText('Nothing unread.').waitFor();
    await screenshot(page, 'notifications');
    expect(await seriousViolations(page, 'notifications')).toEqual([]);

    const saved = await page.context().request.get(`${server.url}/api/notification-preferences`);
    expect(await saved.json()).toEqual({ email: 'off' });
  });
});
