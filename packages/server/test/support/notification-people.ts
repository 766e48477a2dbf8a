/** People of a test organization who sign in, for the notification tests (which are per person). */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { TRole } from '@touchstone/core';
import type { TTestEnv, TTestOrg } from '../harness.js';

const PASSWORD = 'a long enough password';

/** A signed-in person: their id and a request function carrying their session and CSRF token. */
export interface TPerson {
  id: string;
  email: string;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
}

/** Creates a person in the organization through the API and signs them in. */
export async function createPerson(
  env: TTestEnv,
  email: string,
  role: TRole = 'agent',
  org: TTestOrg = env.orgA,
): Promise<TPerson> {
  const created = await env.as(
    'owner',
    {
      method: 'POST',
      url: '/api/users',
      payload: { email, name: email.split('@')[0], role, password: PASSWORD },
    },
    org,
  );
  if (created.statusCode !== 201) throw new Error(`user ${email}: ${created.body}`);
  const id = created.json<{ id: string }>().id;
  const signIn = await env.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { email, password: PASSWORD, organizationSlug: org.slug },
  });
  if (signIn.statusCode !== 200) throw new Error(`sign in ${email}: ${signIn.body}`);
  const cookie = signIn.cookies.find((c) => c.name === 'ts_session');
  if (!cookie) throw new Error('no session cookie');
  const csrf = signIn.json<{ csrfToken: string }>().csrfToken;
  return {
    id,
    email,
    request: (options) =>
      env.app.inject({
        ...options,
        headers: {
          ...options.headers,
          cookie: `ts_session=${cookie.value}`,
          'x-csrf-token': csrf,
        },
      }),
  };
}

/** Creates a team of the people through the API; returns its id. */
export async function createTeam(env: TTestEnv, name: string, memberIds: string[]) {
  const res = await env.as('owner', {
    method: 'POST',
    url: '/api/teams',
    payload: { name, memberIds },
  });
  if (res.statusCode !== 201) throw new Error(`team ${name}: ${res.body}`);
  return res.json<{ id: string }>().id;
}
