/**
 * The first-hour walk: every page of the dashboard's router, on a fresh demo, as each role of
 * core's matrix, in one Chromium, page after page. On each page: no "Insufficient data" on its
 * default view, no raw key or `{{` template in its text, no console error, no failed request
 * and no serious or critical axe violation. Each page's screenshot is kept in
 * `test-results/walk/<role>/<page>.png` (`test-results/walk/postgres/<role>/` for PostgreSQL).
 *
 * The walk runs on SQLite and, when TOUCHSTONE_TEST_PG_URL is set, on PostgreSQL, each on a demo
 * of its own: a page that differs between the engines is a defect of the server. On PostgreSQL
 * only the owner (who opens every page) and the viewer (who opens the fewest, and must meet no
 * link beyond them) walk, to keep CI's time; SQLite walks every role.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROLES, roleAllows, type TPermission, type TRole, type TSession } from '@touchstone/core';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../src/demo/aurora-model.js';
import { TEST_DATABASES } from '../harness.js';
import { chromiumAvailable, launchChromium } from './chromium.js';
import { seriousViolations } from './dashboard-pages.js';
import { startDashboardServer, type TDashboardServer, type TLogin } from './dashboard-server.js';
import { WALK_PAGES, type TWalkPage } from './walk-pages.js';

/** How long a page must make no request to count as settled. */
const QUIET_MS = 250;

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
/** Git-ignored: the screenshots of the last walk, one folder per role. */
const SHOTS = path.join(REPO_ROOT, 'test-results/walk');

/**
 * Text that must not reach a person: question keys (`experience.feel`), dimension and segment
 * keys (`sem:feel`, `servqual:empathy`, `attr:...`) and unrendered templates.
 */
const RAW_TEXT: readonly RegExp[] = [
  /(?<![\w@./:-])[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*(?![\w.@/-])/,
  /\b(?:sem|servqual|attr|seg):[a-z]/,
  /\{\{/,
];

const AXE_EVERY_ROLE = process.env['TOUCHSTONE_WALK_AXE'] === 'every';

/** Detail pages (`role page`) whose list may be empty on the demo, and why that is no defect. */
const MAY_BE_EMPTY: Record<string, string> = {
  'owner alert': "the demo's change scan may find no lasting change; the alerts page says so",
  'admin alert': "the demo's change scan may find no lasting change; the alerts page says so",
  'analyst alert': "the demo's change scan may find no lasting change; the alerts page says so",
  'agent alert': "the demo's change scan may find no lasting change; the alerts page says so",
  'viewer alert': "the demo's change scan may find no lasting change; the alerts page says so",
  'agent case': "the small demo may leave the agent's teams no open case; the inbox says so",
};

/** Where each role signs in: the demo's people, plus the admin and viewer the walk adds. */
function loginsByRole(server: TDashboardServer): Map<TRole, TLogin> {
  const logins = new Map<TRole, TLogin>();
  for (const user of DEMO_USERS) {
    logins.set(user.role, { email: user.email, password: server.org.password });
  }
  logins.set('viewer', server.org.viewer);
  logins.set('admin', { email: 'admin@touchstone.local', password: server.org.password });
  return logins;
}

async function addAdmin(page: Page, server: TDashboardServer, admin: TLogin): Promise<void> {
  const session = (await (
    await page.context().request.get(`${server.url}/api/auth/session`)
  ).json()) as TSession;
  const created = await page.context().request.post(`${server.url}/api/users`, {
    headers: { 'x-csrf-token': session.csrfToken },
    data: { ...admin, name: 'Ada Admin', role: 'admin' },
  });
  expect(created.status(), await created.text()).toBe(201);
}

/** Signs in through the form and waits for the landing page (which differs by role). */
async function signIn(page: Page, server: TDashboardServer, who: TLogin): Promise<void> {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  await settle(page);
}

/** Requests in flight per page, so that a page is judged once it has all its data. */
const inFlight = new WeakMap<Page, number>();

function trackRequests(page: Page): void {
  inFlight.set(page, 0);
  const add = (by: number) => () => inFlight.set(page, (inFlight.get(page) ?? 0) + by);
  page.on('request', add(1));
  page.on('requestfinished', add(-1));
  page.on('requestfailed', add(-1));
}

/** The page has its heading, nothing still loading, and no request for a little while. */
async function settle(page: Page): Promise<void> {
  await page.locator('#main h1').first().waitFor();
  let quietSince = Date.now();
  for (;;) {
    const loading = await page.locator('#main .loading').count();
    if (loading > 0 || (inFlight.get(page) ?? 0) > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= QUIET_MS) return;
    await page.waitForTimeout(50);
  }
}

/** Client-side navigation, as a link of the dashboard does (no reload of the whole app). */
async function navigate(page: Page, to: string): Promise<void> {
  const url = JSON.stringify(to);
  await page.evaluate(
    `history.pushState({}, '', ${url}); dispatchEvent(new PopStateEvent('popstate'))`,
  );
}

/** Opens a page by its address, or by clicking through its list as a person does. */
async function open(page: Page, target: TWalkPage): Promise<boolean> {
  if ('path' in target) {
    await navigate(page, target.path);
    await settle(page);
    return true;
  }
  await navigate(page, target.list);
  await settle(page);
  for (const pattern of target.links) {
    const hrefs = await attributes(page.locator('#main a[href]'), 'href');
    const href = hrefs.find((h) => pattern.test(h));
    if (href === undefined) return false;
    if (target.suffix !== undefined && pattern === target.links.at(-1)) {
      await navigate(page, `${href}${target.suffix}`);
    } else {
      await page.locator(`#main a[href="${href}"]`).first().click();
      await page.waitForURL((url) => url.pathname + url.search === href);
    }
    await settle(page);
  }
  return true;
}

/** The page's visible text, less what it shows as code (snippets, placeholders, event names). */
/**
 * The page's visible text without what `hidden` selects: code (snippets, placeholders, event
 * names are shown as code on purpose) and, for the headline check, the cells of a breakdown.
 */
async function visibleText(page: Page, hidden: string): Promise<string> {
  const text = await page.evaluate(`(() => {
    const style = document.createElement('style');
    style.textContent = ${JSON.stringify(`${hidden} { display: none !important; }`)};
    document.head.append(style);
    const text = document.getElementById('main')?.innerText ?? '';
    style.remove();
    return text;
  })()`);
  return String(text);
}

/**
 * A breakdown's cell may say its group has too few answers (the demo has touchpoints with a
 * handful of responses a quarter); a page's headline figures may not.
 */
const GROUP_CELLS = '[data-testid="heat-cell"], .heat-detail';

/** What the walk found wrong in one page's text, each as `role page: problem`. */
async function inspectText(page: Page, where: string): Promise<string[]> {
  const problems: string[] = [];
  const text = await visibleText(page, '#main code');
  const headline = await visibleText(page, `#main code, ${GROUP_CELLS}`);
  if (headline.includes('Insufficient data')) {
    const at = headline.indexOf('Insufficient data');
    const around = headline.slice(Math.max(0, at - 60), at + 40).replace(/\s+/g, ' ');
    problems.push(`${where}: "Insufficient data" shown in "${around}"`);
  }
  for (const pattern of RAW_TEXT) {
    const found = pattern.exec(text);
    if (found) {
      const around = text.slice(Math.max(0, found.index - 40), found.index + 40);
      problems.push(`${where}: raw text "${found[0]}" in "${around.replace(/\s+/g, ' ')}"`);
    }
  }
  return problems;
}

/**
 * Failed requests made on purpose: before signing in, the dashboard asks for the session and
 * learns from the 401 that it must show the sign-in form (the browser logs that 401 too).
 */
function deliberate(phase: string, status: number, url: string): boolean {
  return phase === 'sign-in' && status === 401 && new URL(url).pathname === '/api/auth/session';
}
const DELIBERATE_CONSOLE = /the server responded with a status of 401/;

/** The roles that walk on each engine (see the top of the file). */
const ROLES_BY_DIALECT = {
  sqlite: ROLES,
  postgres: ROLES.filter((role) => role === 'owner' || role === 'viewer'),
} as const;

for (const database of TEST_DATABASES) {
  describe.skipIf(!chromiumAvailable())(
    `the first-hour walk of every page as each role [${database.dialect}]`,
    () => {
      const shots = database.dialect === 'sqlite' ? SHOTS : path.join(SHOTS, database.dialect);
      const axeOnce = database.dialect === 'sqlite';
      let server: TDashboardServer;
      let browser: Browser;
      let logins: Map<TRole, TLogin>;
      const problems: string[] = [];
      const axeChecked = new Set<string>();

      beforeAll(async () => {
        server = await startDashboardServer({}, database);
        logins = loginsByRole(server);
        browser = await launchChromium();
        const page = await browser.newPage();
        await signIn(page, server, server.org);
        await addAdmin(page, server, logins.get('admin') ?? server.org);
        await page.context().close();
        fs.rmSync(shots, { recursive: true, force: true });
      }, 240_000);

      async function signedInPage(who: TLogin): Promise<Page> {
        const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
        const page = await context.newPage();
        trackRequests(page);
        await signIn(page, server, who);
        return page;
      }

      afterAll(async () => {
        await browser?.close();
        await server?.close();
      });

      it.each(ROLES_BY_DIALECT[database.dialect].map((role) => [role]))(
        'every page a %s may open answers cleanly',
        async (role) => {
          const login = logins.get(role);
          if (login === undefined) throw new Error(`no sign-in for the role ${role}`);
          const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
          const page = await context.newPage();
          let current = 'sign-in';
          page.on('console', (message) => {
            if (message.type() !== 'error') return;
            if (current === 'sign-in' && DELIBERATE_CONSOLE.test(message.text())) return;
            problems.push(`${role} ${current}: console error ${message.text()}`);
          });
          page.on('pageerror', (error) => problems.push(`${role} ${current}: ${error.message}`));
          page.on('response', (response) => {
            if (response.status() < 400) return;
            if (deliberate(current, response.status(), response.url())) return;
            problems.push(`${role} ${current}: ${response.status()} ${response.url()}`);
          });
          trackRequests(page);
          await signIn(page, server, login);
          fs.mkdirSync(path.join(shots, role), { recursive: true });
          for (const target of WALK_PAGES) {
            if (!roleAllows(role, target.permission)) continue;
            current = target.name;
            const where = `${role} ${target.name}`;
            if (!(await open(page, target))) {
              if (MAY_BE_EMPTY[where] === undefined) problems.push(`${where}: no item to open`);
              continue;
            }
            problems.push(...(await inspectText(page, where)));
            for (const href of await attributes(page.locator('#main a[href^="/"]'), 'href')) {
              const needed = permissionOf(new URL(href, server.url).pathname);
              if (needed !== undefined && !roleAllows(role, needed)) {
                problems.push(`${where}: a link to ${href}, which needs ${needed}`);
              }
            }
            // axe once per page, for the first role that opens it (the owner opens every page and
            // sees every control), on SQLite only: the markup is the dashboard's whatever the
            // engine. TOUCHSTONE_WALK_AXE=every runs it for every role on every engine.
            if (AXE_EVERY_ROLE || (axeOnce && !axeChecked.has(target.name))) {
              axeChecked.add(target.name);
              problems.push(...(await seriousViolations(page, where)));
            }
            await page.screenshot({
              path: path.join(shots, role, `${target.name}.png`),
              fullPage: true,
            });
          }
          await context.close();
        },
        420_000,
      );

      it('found nothing wrong', () => {
        expect(problems).toEqual([]);
      });

      it('a theme opens its comments and its responses, as many as the page shows', async () => {
        const page = await signedInPage(server.org);
        await navigate(page, '/themes');
        await settle(page);
        const rows = page.locator('#main table tbody tr');
        const count = Math.min(await rows.count(), 3);
        expect(count).toBeGreaterThan(0);
        const numberIn = async (found: Locator) =>
          Number((await found.innerText()).replace(/\D/g, ''));
        for (let i = 0; i < count; i += 1) {
          const row = rows.nth(i);
          const volume = await numberIn(row.getByTestId('theme-volume'));
          expect(volume).toBeGreaterThan(0);
          await row.getByTestId('theme-volume').click();
          await page.getByRole('heading', { level: 1, name: 'Comments' }).waitFor();
          await settle(page);
          expect(await commentCount(page)).toBe(volume);
          await page.goBack();
          await settle(page);
          const responses = await numberIn(row.getByTestId('theme-responses'));
          await row.getByTestId('theme-responses').click();
          await page
            .getByRole('heading', { level: 1, name: 'Responses behind the figure' })
            .waitFor();
          await settle(page);
          expect(await numberIn(page.getByTestId('drill-total'))).toBe(responses);
          await page.goBack();
          await settle(page);
        }
        await page.context().close();
      }, 120_000);

      it('every filter of the overview changes its numbers', async () => {
        const page = await signedInPage(server.org);
        await navigate(page, '/');
        await settle(page);
        const before = await tileN(page);
        const form = page.getByRole('form', { name: 'Filters' });
        const selects = form.locator('select');
        const labels: string[] = [];
        for (let i = 0; i < (await selects.count()); i += 1) {
          const select = selects.nth(i);
          const id = (await select.getAttribute('id')) ?? '';
          const label = await form.locator(`label[for="${id}"]`).innerText();
          labels.push(label);
          const values = await attributes(select.locator('option'), 'value');
          let changed = false;
          for (const value of values.filter((v) => v !== '').slice(0, 3)) {
            await select.selectOption(value);
            await settle(page);
            if ((await tileN(page)) !== before) changed = true;
            if (changed) break;
          }
          expect(changed, `the filter ${label} changes the overview's n`).toBe(true);
          await select.selectOption('');
          await settle(page);
          expect(await tileN(page)).toBe(before);
        }
        expect(labels).toEqual(expect.arrayContaining(['Stage', 'Touchpoint']));
        // To picks the tiles' period: a month earlier, another n. From starts the sparklines.
        const drill = await page.getByTestId('drill-nps').getAttribute('href');
        const tileFrom = new URL(drill ?? '', server.url).searchParams.get('from') ?? '';
        expect(tileFrom).toMatch(/^\d{4}-\d{2}-01$/);
        const dayBefore = new Date(Date.parse(`${tileFrom}T00:00:00Z`) - 86_400_000);
        await form.getByLabel('To', { exact: true }).fill(dayBefore.toISOString().slice(0, 10));
        await settle(page);
        expect(await tileN(page)).not.toBe(before);
        const sparkline = page.getByRole('img', { name: /^NPS over the last \d+ periods/ });
        const periods = async () =>
          Number(
            /last (\d+) periods/.exec((await sparkline.getAttribute('aria-label')) ?? '')?.[1],
          );
        const all = await periods();
        const twoMonthsBefore = new Date(Date.parse(`${tileFrom}T00:00:00Z`) - 40 * 86_400_000);
        await form
          .getByLabel('From', { exact: true })
          .fill(twoMonthsBefore.toISOString().slice(0, 10));
        await settle(page);
        expect(await periods()).toBeLessThan(all);
        await page.context().close();
      }, 180_000);

      it('every filter of the themes page and the comment explorer changes its numbers', async () => {
        const page = await signedInPage(server.org);
        await navigate(page, '/themes');
        await settle(page);
        const heading = page.locator('#themes-title');
        const themesBefore = await heading.innerText();
        const touchpoint = page.getByLabel('Touchpoint', { exact: true });
        const value = await touchpoint.locator('option').nth(1).getAttribute('value');
        await touchpoint.selectOption(value ?? '');
        await settle(page);
        expect(await heading.innerText()).not.toBe(themesBefore);

        await navigate(page, '/comments');
        await settle(page);
        const before = await commentCount(page);
        const form = page.getByRole('form', { name: 'Filters' });
        const selects = form.locator('select');
        for (let i = 0; i < (await selects.count()); i += 1) {
          const select = selects.nth(i);
          const options = await attributes(select.locator('option'), 'value');
          await select.selectOption(options.find((o) => o !== '') ?? '');
          await settle(page);
          expect(await commentCount(page), (await select.getAttribute('id')) ?? '').not.toBe(
            before,
          );
          await select.selectOption('');
          await settle(page);
        }
        await form.getByRole('button', { name: 'Negative' }).click();
        await settle(page);
        expect(await commentCount(page)).toBeLessThan(before);
        await page.context().close();
      }, 180_000);
    },
  );
}

/** One attribute of every element a locator finds ('' where it is missing). */
async function attributes(found: Locator, name: string): Promise<string[]> {
  const all = await found.all();
  return Promise.all(all.map(async (one) => (await one.getAttribute(name)) ?? ''));
}

/** The permission a dashboard address needs, as the walk's table has it. */
function permissionOf(pathname: string): TPermission | undefined {
  const page = WALK_PAGES.find((p) =>
    'path' in p ? p.path === pathname : p.suffix === undefined && p.links.at(-1)?.test(pathname),
  );
  return page?.permission;
}

/** The overview's first tile (NPS): its n, whether it has a figure, too few answers or none. */
async function tileN(page: Page): Promise<number> {
  const tile = page.getByRole('list', { name: 'Scorecard' }).locator('li').first();
  const text = await tile.innerText();
  if (text.includes('No responses')) return 0;
  const match = /\bn (\d+)/.exec(text);
  if (!match) throw new Error(`no n in "${text}"`);
  return Number(match[1]);
}

/** The comment explorer's count (`1,234 comments`). */
async function commentCount(page: Page): Promise<number> {
  const status = page.locator('#main [role="status"]').filter({ hasText: /^[\d,]+ comments?$/ });
  return Number((await status.innerText()).replace(/\D/g, ''));
}
