/**
 * The case inbox and case view in Chromium against the real server: a case opened for a team
 * is in the inbox with its SLA state, its page offers only the allowed moves, and resolving it
 * there records the move on the timeline.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCase } from '../../src/cases/case-writes.js';
import { chromiumAvailable, launchChromium } from './chromium.js';
import { screenshot, seriousViolations, signIn } from './dashboard-pages.js';
import { startDashboardServer, type TDashboardServer } from './dashboard-server.js';

describe.skipIf(!chromiumAvailable())('cases in Chromium', () => {
  let server: TDashboardServer;
  let browser: Browser;
  let page: Page;
  let caseId: string;

  beforeAll(async () => {
    server = await startDashboardServer();
    const team = await server.storage.db
      .selectFrom('teams')
      .select('id')
      .where('organization_id', '=', server.org.organizationId)
      .orderBy('name')
      .executeTakeFirstOrThrow();
    ({ id: caseId } = await server.storage.db.transaction().execute((trx) =>
      openCase(trx, {
        organizationId: server.org.organizationId,
        title: 'E2E: the lounge shower was broken',
        description: 'Reported at the gate.',
        priority: 'high',
        source: { type: 'manual', id: null },
        responseId: null,
        customerId: null,
        touchpointId: null,
        teamId: team.id,
        assigneeId: null,
        ruleId: null,
        actor: { type: 'system', id: null },
        now: new Date(),
      }),
    ));
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
    await signIn(page, server, server.org);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('goes from the inbox to the case and resolves it', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Cases' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
    await page.getByRole('group', { name: 'Filters' }).getByLabel('Priority').selectOption('high');
    const row = page.getByRole('row').filter({ hasText: 'E2E: the lounge shower was broken' });
    await row.getByText(/First response due in/).waitFor();
    await screenshot(page, 'case-inbox');
    expect(await seriousViolations(page, 'case inbox')).toEqual([]);

    await row.getByRole('link').click();
    await page.waitForURL(new RegExp(`/cases/${caseId}$`));
    const moves = page.getByRole('group', { name: 'Status' });
    await moves.getByRole('button', { name: 'Resolve' }).waitFor();
    expect(await moves.getByRole('button').allTextContents()).toEqual([
      'Open',
      'Set pending',
      'Resolve',
      'Close',
    ]);
    await moves.getByRole('button', { name: 'Resolve' }).click();
    // "Close" is offered before and after: the move is done once "Resolve" is gone.
    await moves.getByRole('button', { name: 'Resolve' }).waitFor({ state: 'detached' });
    expect(await moves.getByRole('button').allTextContents()).toEqual(['Open', 'Close']);
    await page
      .getByRole('region', { name: 'Timeline' })
      .getByText('moved it from New to Resolved')
      .waitFor();
    await screenshot(page, 'case-view');
    expect(await seriousViolations(page, 'case view')).toEqual([]);

    const stored = await server.storage.db
      .selectFrom('cases')
      .select(['status', 'resolved_at'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(stored.status).toBe('resolved');
    expect(stored.resolved_at).not.toBeNull();
  });
});
