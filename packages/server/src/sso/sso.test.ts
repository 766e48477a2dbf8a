/**
 * Single sign-on against a real OpenID provider on loopback (oidc-provider, in memory), driven
 * over HTTP as a browser would: the server redirects to the provider, the test fills in the
 * provider's login and consent pages, the provider sends the browser back with a code, and the
 * server exchanges it, creates or finds the account and opens a session.
 */
import type { AddressInfo } from 'node:net';
import type { TSession, TSsoSettings, TUser } from '@touchstone/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, TEST_PASSWORD } from '../../test/harness.js';
import {
  startOidcTestProvider,
  type TOidcTestProvider,
} from '../../test/support/oidc-test-provider.js';
import { RedirectBrowser, type TBrowserPage } from '../../test/support/redirect-browser.js';

const CALLBACK = '/api/auth/sso/callback';

interface TError {
  error: { code: string; message: string; details: { field: string }[] };
}

describeEachDatabase('single sign-on', (env) => {
  let origin = '';
  let provider: TOidcTestProvider;
  const settings = () => ({
    issuerUrl: provider.issuer,
    clientId: provider.clientId,
    clientSecret: provider.clientSecret,
    allowedDomains: ['example.com', 'org-a.test'],
    defaultRole: 'analyst',
  });
  const put = (payload: object, role: 'admin' | 'analyst' = 'admin', org = env().orgA) =>
    env().as(role, { method: 'PUT', url: '/api/sso-settings', payload }, org);
  const countRows = async (table: 'users' | 'user_identities' | 'sso_flows') => {
    const row = await env()
      .storage.db.selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };

  beforeAll(async () => {
    await env().app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = env().app.server.address() as AddressInfo;
    origin = `http://127.0.0.1:${port}`;
    provider = await startOidcTestProvider([`${origin}${CALLBACK}`]);
    provider.account('new-person', {
      email: 'New.Person@example.com',
      email_verified: true,
      name: 'New Person',
    });
    provider.account('owner-a', { email: 'owner@org-a.test', email_verified: true });
    provider.account('unverified', { email: 'unverified@example.com', email_verified: false });
    provider.account('foreign', { email: 'someone@elsewhere.org', email_verified: true });
    provider.account('no-email', { name: 'No Mail' });
    provider.account('shared', { email: 'shared@example.com', email_verified: true });
  });
  afterAll(async () => {
    await provider.close();
  });

  const isCallback = (url: URL) => url.origin === origin && url.pathname === CALLBACK;

  /** The provider's redirect back to the server, after its login and consent pages. */
  async function providerRedirect(browser: RedirectBrowser, org: string, login: string) {
    const start = new URL(`/api/auth/sso/start?org=${encodeURIComponent(org)}`, origin);
    let page = await browser.navigate(start, (next) => !isCallback(next));
    for (let step = 0; step < 4; step++) {
      const location = page.headers.get('location');
      if (location !== null && isCallback(new URL(location, page.url))) {
        return new URL(location, page.url);
      }
      if (page.status !== 200) throw new Error(`${page.url.href}: ${page.status} ${page.body}`);
      const fields: Record<string, string> = page.body.includes('value="login"')
        ? { login, password: 'any password' }
        : {};
      page = await browser.submitForm(page, fields, (next) => !isCallback(next));
    }
    throw new Error(`no redirect to the callback: ${page.body}`);
  }

  /** A whole sign-in; the server's answer at the callback (302 to `/` when signed in). */
  async function signInWithSso(
    login: string,
    browser = new RedirectBrowser(),
    org = 'org-a',
  ): Promise<TBrowserPage & { browser: RedirectBrowser }> {
    const callback = await providerRedirect(browser, org, login);
    return { ...(await browser.request(callback)), browser };
  }

  const sessionOf = async (browser: RedirectBrowser) => {
    const res = await browser.request(new URL('/api/auth/session', origin));
    return { status: res.status, body: JSON.parse(res.body) as Partial<TSession> };
  };
  const errorOf = (page: TBrowserPage) =>
    (JSON.parse(page.body) as { error: { code: string; message: string } }).error;

  it('refuses bad settings with the reason and stores nothing', async () => {
    const insecure = await put({ ...settings(), issuerUrl: 'http://idp.example.com' });
    expect(insecure.statusCode).toBe(422);
    expect(insecure.json<TError>().error.message).toContain('issuerUrl: must be https');
    const unreachable = await put({ ...settings(), issuerUrl: 'http://127.0.0.1:1' });
    expect(unreachable.statusCode).toBe(422);
    expect(unreachable.json<TError>().error.message).toContain('issuerUrl: discovery failed');
    const noSecret = await put({ ...settings(), clientSecret: undefined });
    expect(noSecret.statusCode).toBe(422);
    expect(noSecret.json<TError>().error.details[0]?.field).toBe('body.clientSecret');
    const passwordsOff = await put({ ...settings(), passwordSignIn: false });
    expect(passwordsOff.statusCode).toBe(409);
    expect(passwordsOff.json<TError>().error.message).toContain('until an owner has signed in');
    const ownerRole = await put({ ...settings(), defaultRole: 'owner' });
    expect(ownerRole.statusCode).toBe(422);
    expect((await put(settings(), 'analyst')).statusCode).toBe(403);

    const current = await env().as('admin', { method: 'GET', url: '/api/sso-settings' });
    expect(current.json()).toMatchObject({ configured: false, hasClientSecret: false });
    expect(await countRows('sso_flows')).toBe(0);
  });

  it('stores the settings without ever returning the client secret, audited', async () => {
    const res = await put(settings());
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(provider.clientSecret);
    expect(res.json()).toMatchObject({
      configured: true,
      issuerUrl: provider.issuer,
      clientId: provider.clientId,
      hasClientSecret: true,
      allowedDomains: ['example.com', 'org-a.test'],
      defaultRole: 'analyst',
      passwordSignIn: true,
    });
    expect(res.json<TSsoSettings>().redirectUri).toMatch(/\/api\/auth\/sso\/callback$/);
    const read = await env().as('admin', { method: 'GET', url: '/api/sso-settings' });
    expect(read.body).not.toContain(provider.clientSecret);
    // Left out, the secret stays as it was.
    const again = await put({ ...settings(), clientSecret: undefined });
    expect(again.json<TSsoSettings>().hasClientSecret).toBe(true);
    const audit = await env().as('admin', {
      method: 'GET',
      url: '/api/audit-log?entity=sso_settings',
    });
    const entries = audit.json<{ items: { action: string; details: object }[] }>().items;
    expect(entries).toHaveLength(2);
    expect(JSON.stringify(entries)).not.toContain(provider.clientSecret);
    // A domain belongs to one organization.
    const claimed = await put(
      { ...settings(), allowedDomains: ['example.com'] },
      'admin',
      env().orgB,
    );
    expect(claimed.statusCode).toBe(409);
    expect(claimed.json<TError>().error.message).toContain('example.com');
  });

  it('starts at the provider with PKCE (S256), state and nonce; unknown orgs are named', async () => {
    const browser = new RedirectBrowser();
    const started = await browser.request(new URL('/api/auth/sso/start?org=org-a', origin));
    expect(started.status).toBe(302);
    const target = new URL(started.headers.get('location') ?? '');
    expect(target.origin).toBe(provider.issuer);
    expect(target.searchParams.get('code_challenge_method')).toBe('S256');
    expect(target.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(target.searchParams.get('nonce')).toBeTruthy();
    expect(target.searchParams.get('state')).toBe(browser.cookies('127.0.0.1').get('ts_sso_state'));
    // By e-mail address or domain too.
    const byEmail = await browser.request(
      new URL('/api/auth/sso/start?org=ann%40example.com', origin),
    );
    expect(byEmail.status).toBe(302);

    const unknown = await browser.request(new URL('/api/auth/sso/start?org=nowhere', origin));
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).message).toContain('"nowhere"');
    const unset = await browser.request(new URL('/api/auth/sso/start?org=org-b', origin));
    expect(unset.status).toBe(404);
    expect(errorOf(unset).message).toBe('org-b has not set up single sign-on');
    // A browser is sent back to the sign-in page with the reason.
    const html = await browser.request(new URL('/api/auth/sso/start?org=org-b', origin), {
      accept: 'text/html',
    });
    expect(html.status).toBe(302);
    expect(html.headers.get('location')).toBe(
      `/sign-in?ssoError=${encodeURIComponent('org-b has not set up single sign-on')}`,
    );
  });

  it('creates the account at first sign-in with the default role; the next reuses it', async () => {
    const usersBefore = await countRows('users');
    const first = await signInWithSso('new-person');
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('/');
    const session = await sessionOf(first.browser);
    expect(session.status).toBe(200);
    expect(session.body.role).toBe('analyst');
    expect(session.body.user).toMatchObject({
      email: 'new.person@example.com',
      name: 'New Person',
    });
    expect(session.body.organization?.slug).toBe('org-a');
    expect(await countRows('users')).toBe(usersBefore + 1);
    // The session works on the API like a password session.
    const work = await first.browser.request(new URL('/api/me/work', origin));
    expect(work.status).toBe(200);

    const second = await signInWithSso('new-person');
    expect(second.status).toBe(302);
    const again = await sessionOf(second.browser);
    expect(again.body.user?.id).toBe(session.body.user?.id);
    expect(await countRows('users')).toBe(usersBefore + 1);
    expect(await countRows('user_identities')).toBe(1);
    const listed = await env().as('admin', {
      method: 'GET',
      url: '/api/users?q=new.person',
    });
    expect(listed.json<{ items: TUser[] }>().items).toMatchObject([
      { email: 'new.person@example.com', role: 'analyst' },
    ]);
  });

  it('refuses a changed state, another browser, a replay, an expired flow, a provider error', async () => {
    const tampered = new RedirectBrowser();
    const callback = await providerRedirect(tampered, 'org-a', 'new-person');
    const changed = new URL(callback);
    changed.searchParams.set('state', `${callback.searchParams.get('state') ?? ''}x`);
    const refused = await tampered.request(changed);
    expect(refused.status).toBe(400);
    expect(errorOf(refused).message).toContain('state does not match');
    expect((await sessionOf(tampered)).status).toBe(401);

    // The callback carried to a browser that did not start the flow (login CSRF).
    const victim = new RedirectBrowser();
    const carried = await providerRedirect(new RedirectBrowser(), 'org-a', 'new-person');
    const csrf = await victim.request(carried);
    expect(csrf.status).toBe(400);
    expect((await sessionOf(victim)).status).toBe(401);

    // A used flow does not sign in twice.
    const browser = new RedirectBrowser();
    const used = await providerRedirect(browser, 'org-a', 'new-person');
    expect((await browser.request(used)).status).toBe(302);
    browser.cookies('127.0.0.1').set('ts_sso_state', used.searchParams.get('state') ?? '');
    const replay = await browser.request(used);
    expect(replay.status).toBe(400);
    expect(errorOf(replay).message).toContain('already used');

    const late = new RedirectBrowser();
    const expiring = await providerRedirect(late, 'org-a', 'new-person');
    await env()
      .storage.db.updateTable('sso_flows')
      .set({ expires_at: '2020-01-01T00:00:00.000Z' })
      .where('state', '=', expiring.searchParams.get('state') ?? '')
      .execute();
    const expired = await late.request(expiring);
    expect(expired.status).toBe(400);
    expect(errorOf(expired).message).toContain('expired');

    // A code the provider did not issue fails the exchange at its token endpoint.
    const forged = new RedirectBrowser();
    const genuine = await providerRedirect(forged, 'org-a', 'new-person');
    genuine.searchParams.set('code', 'a-code-nobody-issued');
    const exchange = await forged.request(genuine);
    expect(exchange.status).toBe(401);
    expect(errorOf(exchange).message).toContain("the identity provider's answer was refused");
    expect((await sessionOf(forged)).status).toBe(401);

    const denied = new RedirectBrowser();
    await denied.request(new URL('/api/auth/sso/start?org=org-a', origin));
    const state = denied.cookies('127.0.0.1').get('ts_sso_state') ?? '';
    const error = await denied.request(
      new URL(`${CALLBACK}?state=${state}&error=access_denied&error_description=no`, origin),
    );
    expect(error.status).toBe(401);
    expect(errorOf(error).message).toContain('access_denied');
  });

  it('refuses unverified, unaccepted or missing addresses and outside accounts; stores nothing', async () => {
    const outside = await env().as(
      'admin',
      {
        method: 'POST',
        url: '/api/users',
        payload: {
          email: 'shared@example.com',
          name: 'Shared',
          role: 'viewer',
          password: 'a long enough password',
        },
      },
      env().orgB,
    );
    expect(outside.statusCode).toBe(201);
    const users = await countRows('users');
    const identities = await countRows('user_identities');
    const cases = [
      ['unverified', 'has not verified unverified@example.com'],
      ['foreign', 'elsewhere.org addresses may not sign in to org-a'],
      ['no-email', 'sent no e-mail address'],
      ['shared', 'shared@example.com has an account outside org-a'],
    ] as const;
    for (const [login, message] of cases) {
      const page = await signInWithSso(login);
      expect(page.status, login).toBe(403);
      expect(errorOf(page).message).toContain(message);
      expect((await sessionOf(page.browser)).status).toBe(401);
    }
    expect(await countRows('users')).toBe(users);
    expect(await countRows('user_identities')).toBe(identities);
  });

  it('switches password sign-in off once an owner signed in with SSO; owners keep a way in', async () => {
    const password = (slug?: string) =>
      env().app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: {
          email: 'owner@org-a.test',
          password: TEST_PASSWORD,
          ...(slug ? { organizationSlug: slug } : {}),
        },
      });
    expect((await password()).statusCode).toBe(200);
    const owner = await signInWithSso('owner-a');
    expect(owner.status).toBe(302);
    expect((await sessionOf(owner.browser)).body.role).toBe('owner');

    const off = await put({ ...settings(), clientSecret: undefined, passwordSignIn: false });
    expect(off.statusCode).toBe(200);
    expect(off.json<TSsoSettings>().passwordSignIn).toBe(false);
    for (const refused of [await password(), await password('org-a')]) {
      expect(refused.statusCode).toBe(403);
      expect(refused.json<TError>().error.message).toBe(
        'org-a signs in with single sign-on (SSO) only: continue with SSO',
      );
    }
    // Other organizations' members still sign in with their password.
    const other = await env().app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: 'owner@org-b.test', password: TEST_PASSWORD },
    });
    expect(other.statusCode).toBe(200);
    // The owner still gets in through the provider, and can switch passwords back on.
    const back = await signInWithSso('owner-a');
    expect(back.status).toBe(302);
    const on = await put({ ...settings(), clientSecret: undefined, passwordSignIn: true });
    expect(on.json<TSsoSettings>().passwordSignIn).toBe(true);
    expect((await password('org-a')).statusCode).toBe(200);
  });

  it('removes single sign-on: starts are refused, linked accounts stay', async () => {
    const removed = await env().as('admin', { method: 'DELETE', url: '/api/sso-settings' });
    expect(removed.statusCode).toBe(204);
    const start = await new RedirectBrowser().request(
      new URL('/api/auth/sso/start?org=org-a', origin),
    );
    expect(start.status).toBe(404);
    const read = await env().as('admin', { method: 'GET', url: '/api/sso-settings' });
    expect(read.json<TSsoSettings>()).toMatchObject({ configured: false, allowedDomains: [] });
    expect(await countRows('user_identities')).toBe(2);
  });
});
