/**
 * Single sign-on in Chromium: the sign-in page's "Continue with SSO" goes to a real OpenID
 * provider on loopback, the person signs in and consents there, and lands on the dashboard with
 * an account created at that moment; a refused start comes back to the sign-in page with why.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TSession } from '@touchstone/core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { openStorage, type TStorage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import type { TProcessServices } from '../../src/composition/create-services.js';
import type { FastifyInstance } from 'fastify';
import { seedOrganization, TEST_PASSWORD, testServices, type TTestOrg } from '../harness.js';
import { startOidcTestProvider, type TOidcTestProvider } from '../support/oidc-test-provider.js';
import { chromiumAvailable, launchChromium } from './chromium.js';
import { ensureWebBuild, WEB_DIST } from './dashboard-server.js';

describe.skipIf(!chromiumAvailable())('single sign-on in Chromium', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-sso-e2e-'));
  let storage: TStorage;
  let services: TProcessServices;
  let app: FastifyInstance;
  let provider: TOidcTestProvider;
  let browser: Browser;
  let org: TTestOrg;
  let url = '';

  beforeAll(async () => {
    ensureWebBuild();
    storage = await openStorage(path.join(dir, 'sso.db'));
    await migrateToLatest(storage.db);
    services = await testServices(storage, { config: { webRoot: WEB_DIST } });
    app = await buildApp({ services, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    url = `http://127.0.0.1:${address.port}`;
    org = await seedOrganization(storage, 'acme');
    provider = await startOidcTestProvider([`${url}/api/auth/sso/callback`]);
    provider.account('ann', { email: 'ann@acme.example', email_verified: true, name: 'Ann Acme' });
    const saved = await app.inject({
      method: 'PUT',
      url: '/api/sso-settings',
      headers: { authorization: `Bearer ${org.keys.admin}` },
      payload: {
        issuerUrl: provider.issuer,
        clientId: provider.clientId,
        clientSecret: provider.clientSecret,
        allowedDomains: ['acme.example'],
        defaultRole: 'viewer',
      },
    });
    if (saved.statusCode !== 200) throw new Error(`SSO settings: ${saved.body}`);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await provider?.close();
    await app?.close();
    await services?.close();
    await storage?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('signs a new person in through the provider and onto the dashboard', async () => {
    const page = await browser.newPage();
    await page.goto(`${url}/sign-in`);
    await page.getByLabel('Organization or work e-mail').fill('ann@acme.example');
    await page.getByRole('button', { name: 'Continue with SSO' }).click();
    await page.waitForURL(`${provider.issuer}/**`);
    await page.locator('input[name="login"]').fill('ann');
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${url}/**`);
    await page.getByRole('button', { name: /Ann Acme/ }).waitFor();
    const session = await page.request.get(`${url}/api/auth/session`);
    expect(session.status()).toBe(200);
    expect((await session.json()) as TSession).toMatchObject({
      user: { email: 'ann@acme.example', name: 'Ann Acme' },
      organization: { slug: 'acme' },
      role: 'viewer',
    });
    await page.context().close();
  }, 60_000);

  it('comes back to the sign-in page with the reason when SSO cannot start', async () => {
    const page = await browser.newPage();
    await page.goto(`${url}/sign-in`);
    await page.getByLabel('Organization or work e-mail').fill('nowhere');
    await page.getByRole('button', { name: 'Continue with SSO' }).click();
    await page.waitForURL(/ssoError=/);
    await page.getByText('no organization with the slug or single sign-on domain').waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.context().close();
  }, 60_000);

  it('shows an owner the settings and saves a change after the provider answers', async () => {
    const page = await browser.newPage();
    await page.goto(`${url}/sign-in`);
    await page.getByLabel('Email').fill(org.ownerEmail);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Single sign-on' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Single sign-on' }).waitFor();
    expect(await page.getByLabel('Issuer URL').inputValue()).toBe(provider.issuer);
    await page.getByText('Stored. Leave empty to keep it.').waitFor();
    await page.getByLabel('Role of new members').selectOption('analyst');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved: the provider answered.' }).waitFor();
    const stored = await page.request.get(`${url}/api/sso-settings`);
    expect(await stored.json()).toMatchObject({ defaultRole: 'analyst', hasClientSecret: true });
    await page.context().close();
  }, 60_000);
});
