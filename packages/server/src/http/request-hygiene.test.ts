/**
 * Requests refused the same way on both databases before any route sees them: text with a NUL
 * character, JSON bodies that are not UTF-8; and 405 with Allow for a method a path does not take.
 */
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import { firstInvalidByte, RouteMethods } from './request-hygiene.js';

describeEachDatabase('request hygiene', (env) => {
  const teamNames = async () =>
    (await env().as('owner', { method: 'GET', url: '/api/teams' }))
      .json<{ items: { name: string }[] }>()
      .items.map((t) => t.name);

  it('refuses a NUL character in any text: body, query, path, public routes; stores nothing', async () => {
    const before = await teamNames();
    const body = await env().as('owner', {
      method: 'POST',
      url: '/api/teams',
      payload: { name: 'Lounge\u0000team' },
    });
    expect(body.statusCode).toBe(422);
    expect(body.json()).toMatchObject({
      error: { code: 'validation_failed', details: [{ field: 'body.name' }] },
    });
    const nested = await env().as('owner', {
      method: 'POST',
      url: '/api/customers',
      payload: { externalId: 'nul-1', attributes: { tier: 'go\u0000ld' } },
    });
    expect(nested.json()).toMatchObject({
      error: { details: [{ field: 'body.attributes.tier' }] },
    });
    const query = await env().as('owner', { method: 'GET', url: '/api/customers?q=a%00b' });
    expect(query.statusCode).toBe(422);
    expect(query.json()).toMatchObject({ error: { details: [{ field: 'query.q' }] } });
    for (const url of ['/api/public/surveys/a%00b', '/s/a%00b']) {
      const res = await env().app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(422);
      expect(res.json(), url).toMatchObject({ error: { details: [{ field: 'params.slug' }] } });
    }
    expect(await teamNames()).toEqual(before);
  });

  it('refuses a JSON body that is not valid UTF-8, naming the byte, and stores nothing', async () => {
    const before = await teamNames();
    const bytes = Buffer.concat([
      Buffer.from('{"name":"Caf'),
      Buffer.from([0xe9]), // Latin-1 é: not UTF-8
      Buffer.from(' team"}'),
    ]);
    const res = await env().as('owner', {
      method: 'POST',
      url: '/api/teams',
      headers: { 'content-type': 'application/json' },
      payload: bytes,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: { code: 'bad_request', message: expect.stringContaining('offset 12') },
    });
    const good = await env().as('owner', {
      method: 'POST',
      url: '/api/teams',
      headers: { 'content-type': 'application/json' },
      payload: Buffer.from('{"name":"Café team"}'),
    });
    expect(good.statusCode).toBe(201);
    expect(await teamNames()).toEqual([...before, 'Café team'].sort());
  });

  it('answers 405 with Allow for a method a path does not take, 404 for an unknown path', async () => {
    const put = await env().as('owner', { method: 'PUT', url: '/api/teams' });
    expect(put.statusCode).toBe(405);
    expect(put.headers['allow']).toBe('GET, HEAD, POST');
    expect(put.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
    const publicPatch = await env().app.inject({ method: 'PATCH', url: '/api/public/surveys/x' });
    expect(publicPatch.statusCode).toBe(405);
    // The public API answers CORS preflights too.
    expect(publicPatch.headers['allow']).toBe('GET, HEAD, OPTIONS');
    const unknown = await env().as('owner', { method: 'GET', url: '/api/no-such-thing' });
    expect(unknown.statusCode).toBe(404);
  });
});

it('finds the first byte that breaks UTF-8', () => {
  expect(firstInvalidByte(Buffer.from('plain'))).toBe(5);
  expect(firstInvalidByte(Buffer.from('Café'))).toBe(5);
  expect(firstInvalidByte(Buffer.from([0x61, 0xc3]))).toBe(1); // a sequence cut short
  expect(firstInvalidByte(Buffer.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1); // a surrogate
  expect(firstInvalidByte(Buffer.from([0xc0, 0x80]))).toBe(0); // an overlong NUL
});

it('matches paths against route patterns, leaving the dashboard fallback out', () => {
  const table = new RouteMethods();
  table.add('GET', '/api/teams/:id');
  table.add('PATCH', '/api/teams/:id');
  table.add('GET', '/*');
  expect(table.allowed('/api/teams/abc')).toEqual(['GET', 'HEAD', 'PATCH']);
  expect(table.allowed('/api/teams/abc/members')).toEqual([]);
  expect(table.allowed('/anything')).toEqual([]);
});
