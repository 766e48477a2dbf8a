import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';

describeEachDatabase('teams', (env) => {
  it('creates, reads, updates, lists with a cursor and deletes a team', async () => {
    const created = await env().as('admin', {
      method: 'POST',
      url: '/api/teams',
      payload: { name: 'Lounge crew', description: 'Runs the lounges' },
    });
    expect(created.statusCode).toBe(201);
    const team = created.json<{ id: string; name: string; archived: boolean }>();
    expect(team).toMatchObject({ name: 'Lounge crew', archived: false });

    const read = await env().as('viewer', { method: 'GET', url: `/api/teams/${team.id}` });
    expect(read.json()).toMatchObject({ id: team.id, description: 'Runs the lounges' });

    const patched = await env().as('owner', {
      method: 'PATCH',
      url: `/api/teams/${team.id}`,
      payload: { archived: true, memberIds: [env().orgA.ownerUserId] },
    });
    expect(patched.json()).toMatchObject({ archived: true, memberIds: [env().orgA.ownerUserId] });

    for (const name of ['Cabin crew', 'Airport services', 'Digital']) {
      await env().as('admin', { method: 'POST', url: '/api/teams', payload: { name } });
    }
    const first = await env().as('viewer', { method: 'GET', url: '/api/teams?limit=2&sort=name' });
    const page1 = first.json<{ items: { name: string }[]; nextCursor: string }>();
    expect(page1.items.map((t) => t.name)).toEqual(['Airport services', 'Cabin crew']);
    const second = await env().as('viewer', {
      method: 'GET',
      url: `/api/teams?limit=2&sort=name&cursor=${page1.nextCursor}`,
    });
    const page2 = second.json<{ items: { name: string }[]; nextCursor: string | null }>();
    expect(page2.items.map((t) => t.name)).toEqual(['Digital', 'Lounge crew']);
    expect(page2.nextCursor).toBeNull();

    const archivedOnly = await env().as('viewer', {
      method: 'GET',
      url: '/api/teams?archived=true',
    });
    expect(archivedOnly.json<{ items: unknown[] }>().items).toHaveLength(1);

    const deleted = await env().as('admin', { method: 'DELETE', url: `/api/teams/${team.id}` });
    expect(deleted.statusCode).toBe(204);
    const gone = await env().as('admin', { method: 'GET', url: `/api/teams/${team.id}` });
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('rejects duplicates, unknown fields, members of another organization and bad cursors', async () => {
    await env().as('admin', { method: 'POST', url: '/api/teams', payload: { name: 'Duplicate' } });
    const dup = await env().as('admin', {
      method: 'POST',
      url: '/api/teams',
      payload: { name: 'Duplicate' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({
      error: { code: 'conflict', details: [{ field: 'body.name' }] },
    });

    const unknown = await env().as('admin', {
      method: 'POST',
      url: '/api/teams',
      payload: { name: 'X', colour: 'red' },
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ error: { code: 'validation_failed' } });

    const foreign = await env().as('admin', {
      method: 'POST',
      url: '/api/teams',
      payload: { name: 'Foreign', memberIds: [env().orgB.ownerUserId] },
    });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json()).toMatchObject({ error: { details: [{ field: 'body.memberIds.0' }] } });
    const list = await env().as('admin', { method: 'GET', url: '/api/teams?q=Foreign' });
    expect(list.json<{ items: unknown[] }>().items).toHaveLength(0);

    const badCursor = await env().as('admin', { method: 'GET', url: '/api/teams?cursor=zzz' });
    expect(badCursor.statusCode).toBe(400);
  });

  it('answers malformed JSON with a 400 in the one error shape', async () => {
    const res = await env().as('admin', {
      method: 'POST',
      url: '/api/teams',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'bad_request' } });
  });
});

describe('harness', () => {
  it('runs PostgreSQL suites when TOUCHSTONE_TEST_PG_URL is set', () => {
    // Printed so that CI output shows which databases ran.
    console.log(
      `storage suites run on: sqlite${process.env['TOUCHSTONE_TEST_PG_URL'] ? ', postgres' : ''}`,
    );
    expect(true).toBe(true);
  });
});

describeEachDatabase('request conventions', (env) => {
  it('refuses an oversized body with 413 and stores nothing', async () => {
    const res = await env().as('admin', {
      method: 'POST',
      url: '/api/teams',
      payload: { name: 'Huge', description: 'x'.repeat(1_200_000) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    const list = await env().as('admin', { method: 'GET', url: '/api/teams?q=Huge' });
    expect(list.json<{ items: unknown[] }>().items).toHaveLength(0);
  });

  it('echoes a given request id and makes one otherwise', async () => {
    const given = await env().as('viewer', {
      method: 'GET',
      url: '/api/teams',
      headers: { 'x-request-id': 'trace-123' },
    });
    expect(given.headers['x-request-id']).toBe('trace-123');
    const made = await env().as('viewer', { method: 'GET', url: '/api/teams' });
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('records administrative actions in the audit log, visible to admins only', async () => {
    const created = await env().as('admin', {
      method: 'POST',
      url: '/api/teams',
      payload: { name: 'Audited' },
    });
    const id = created.json<{ id: string }>().id;
    const log = await env().as('admin', {
      method: 'GET',
      url: `/api/audit-log?entity=team&entityId=${id}`,
    });
    expect(log.json()).toMatchObject({
      items: [{ action: 'create', entity: 'team', entityId: id }],
    });
    const viewer = await env().as('viewer', { method: 'GET', url: '/api/audit-log' });
    expect(viewer.statusCode).toBe(403);
  });

  it('keeps the lead among the members', async () => {
    const owner = env().orgA.ownerUserId;
    const created = await env().as('admin', {
      method: 'POST',
      url: '/api/teams',
      payload: { name: 'Led', memberIds: [owner] },
    });
    const id = created.json<{ id: string; leadUserId: string | null }>().id;
    expect(created.json()).toMatchObject({ leadUserId: null });
    const stranger = await env().as('admin', {
      method: 'PATCH',
      url: `/api/teams/${id}`,
      payload: { leadUserId: env().orgB.ownerUserId },
    });
    expect(stranger.statusCode).toBe(422);
    expect(stranger.json()).toMatchObject({ error: { details: [{ field: 'body.leadUserId' }] } });
    const led = await env().as('admin', {
      method: 'PATCH',
      url: `/api/teams/${id}`,
      payload: { leadUserId: owner },
    });
    expect(led.json()).toMatchObject({ leadUserId: owner });
    // Taking the lead off the team leaves it without one.
    const emptied = await env().as('admin', {
      method: 'PATCH',
      url: `/api/teams/${id}`,
      payload: { memberIds: [] },
    });
    expect(emptied.json()).toMatchObject({ memberIds: [], leadUserId: null });
  });
});
