/**
 * In-app notifications on every database: who `notify` reaches, and the API by which each person
 * reads their own (and only their own).
 */
import type { TNotification } from '@touchstone/core';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import { createPerson, createTeam, type TPerson } from '../../test/support/notification-people.js';
import { notify, type TNotifyInput } from './notify.js';

const NOW = new Date('2026-03-02T10:00:00.000Z');

describeEachDatabase('notifications', (env) => {
  const people: Record<string, TPerson> = {};
  let teams: { desk: string; lounge: string } = { desk: '', lounge: '' };

  const send = (input: Partial<TNotifyInput> & Pick<TNotifyInput, 'recipients'>) =>
    env()
      .storage.db.transaction()
      .execute((trx) =>
        notify(trx, {
          organizationId: env().orgA.id,
          kind: 'case.created',
          title: 'A case for you',
          body: 'Details',
          link: '/cases/1',
          subject: null,
          now: NOW,
          ...input,
        }),
      );

  const recipientsOf = async (kind: string) =>
    (
      await env()
        .storage.db.selectFrom('notifications')
        .select('user_id')
        .where('kind', '=', kind)
        .execute()
    )
      .map((r) => r.user_id)
      .sort();

  it('reaches named people, team members and team leads once each, current members only', async () => {
    for (const name of ['alice', 'bob', 'carol', 'dave', 'erin']) {
      people[name] = await createPerson(env(), `${name}@${env().dialect}.example`);
    }
    const p = (name: string) => people[name]?.id ?? '';
    const outsider = await createPerson(
      env(),
      `olga@${env().dialect}.example`,
      'agent',
      env().orgB,
    );
    teams = {
      desk: await createTeam(env(), 'Desk', [p('alice'), p('bob'), p('erin')]),
      lounge: await createTeam(env(), 'Lounge', [p('carol'), p('dave')]),
    };
    await env()
      .storage.db.updateTable('teams')
      .set({ lead_user_id: p('dave') })
      .where('id', '=', teams.lounge)
      .execute();
    // Erin leaves the organization: named directly or through her old team, she is not notified.
    const removed = await env().as('owner', { method: 'DELETE', url: `/api/users/${p('erin')}` });
    expect(removed.statusCode).toBe(204);

    const count = await send({
      kind: 'test.reach',
      recipients: {
        userIds: [p('alice'), p('erin'), outsider.id],
        teamIds: [teams.desk],
        teamLeadsOf: [teams.lounge],
      },
    });
    expect(count).toBe(3);
    expect(await recipientsOf('test.reach')).toEqual([p('alice'), p('bob'), p('dave')].sort());

    // Nobody to tell: nothing stored.
    expect(await send({ kind: 'test.nobody', recipients: { teamIds: [] } })).toBe(0);
    expect(await recipientsOf('test.nobody')).toEqual([]);
  });

  it('refuses a link that is not a dashboard path, storing nothing', async () => {
    for (const link of ['https://phish.example/x', '//phish.example/x']) {
      await expect(
        send({ kind: 'test.link', link, recipients: { userIds: [people['alice']?.id ?? ''] } }),
      ).rejects.toThrow(/dashboard path/);
    }
    expect(await recipientsOf('test.link')).toEqual([]);
  });

  it('lists my notifications newest first, pages them, filters unread and counts them', async () => {
    const carol = people['carol'];
    if (!carol) throw new Error('no carol');
    for (let i = 1; i <= 3; i++) {
      await send({
        kind: 'test.list',
        title: `Number ${i}`,
        subject: { type: 'case', id: `c${i}` },
        now: new Date(NOW.getTime() + i * 1000),
        recipients: { userIds: [carol.id] },
      });
    }
    const first = await carol.request({ method: 'GET', url: '/api/notifications?limit=2' });
    expect(first.statusCode).toBe(200);
    const page1 = first.json<{ items: TNotification[]; nextCursor: string | null }>();
    expect(page1.items.map((n) => n.title)).toEqual(['Number 3', 'Number 2']);
    expect(page1.items[0]).toMatchObject({
      kind: 'test.list',
      body: 'Details',
      link: '/cases/1',
      subject: { type: 'case', id: 'c3' },
      readAt: null,
    });
    const second = await carol.request({
      method: 'GET',
      url: `/api/notifications?limit=2&cursor=${page1.nextCursor ?? ''}`,
    });
    const page2 = second.json<{ items: TNotification[]; nextCursor: string | null }>();
    expect(page2.items.map((n) => n.title)).toEqual(['Number 1']);
    expect(page2.nextCursor).toBeNull();

    const count = () =>
      carol
        .request({ method: 'GET', url: '/api/notifications/unread-count' })
        .then((r) => r.json<{ count: number }>().count);
    expect(await count()).toBe(3);
    const target = page1.items[1];
    if (!target) throw new Error('no notification');
    const read = await carol.request({
      method: 'POST',
      url: `/api/notifications/${target.id}/read`,
    });
    expect(read.statusCode).toBe(200);
    expect(read.json<TNotification>().readAt).not.toBeNull();
    expect(await count()).toBe(2);
    const unread = await carol.request({ method: 'GET', url: '/api/notifications?unread=true' });
    expect(unread.json<{ items: TNotification[] }>().items.map((n) => n.title)).toEqual([
      'Number 3',
      'Number 1',
    ]);

    const all = await carol.request({ method: 'POST', url: '/api/notifications/read-all' });
    expect(all.json()).toEqual({ marked: 2 });
    expect(await count()).toBe(0);
  });

  it("answers another person's notification with a 404 and leaves it unread", async () => {
    const [alice, bob] = [people['alice'], people['bob']];
    if (!alice || !bob) throw new Error('no people');
    await send({ kind: 'test.private', recipients: { userIds: [alice.id] } });
    const mine = await alice.request({ method: 'GET', url: '/api/notifications?unread=true' });
    const id = mine.json<{ items: TNotification[] }>().items[0]?.id ?? '';
    const stolen = await bob.request({ method: 'POST', url: `/api/notifications/${id}/read` });
    expect(stolen.statusCode).toBe(404);
    expect(stolen.json()).toMatchObject({ error: { code: 'not_found' } });
    const theirs = await bob.request({ method: 'GET', url: '/api/notifications' });
    expect(theirs.json<{ items: TNotification[] }>().items.map((n) => n.id)).not.toContain(id);
    const still = await alice.request({ method: 'GET', url: '/api/notifications?unread=true' });
    expect(still.json<{ items: TNotification[] }>().items.map((n) => n.id)).toContain(id);
    // Bob marking all of his read leaves Alice's alone.
    await bob.request({ method: 'POST', url: '/api/notifications/read-all' });
    const count = await alice.request({ method: 'GET', url: '/api/notifications/unread-count' });
    expect(count.json<{ count: number }>().count).toBeGreaterThan(0);
  });

  it('tells an API key that notifications belong to people', async () => {
    const list = await env().as('agent', { method: 'GET', url: '/api/notifications' });
    expect(list.statusCode).toBe(400);
    expect(list.json<{ error: { message: string } }>().error.message).toMatch(/API key/);
  });

  it('keeps my e-mail choice: the daily digest until I choose, and only known choices', async () => {
    const bob = people['bob'];
    if (!bob) throw new Error('no bob');
    const get = () => bob.request({ method: 'GET', url: '/api/notification-preferences' });
    expect((await get()).json()).toEqual({ email: 'digest' });
    const put = (email: string) =>
      bob.request({ method: 'PUT', url: '/api/notification-preferences', payload: { email } });
    expect((await put('immediate')).json()).toEqual({ email: 'immediate' });
    expect((await get()).json()).toEqual({ email: 'immediate' });
    const bad = await put('hourly');
    expect(bad.statusCode).toBe(422);
    expect(bad.json<{ error: { details: { field: string }[] } }>().error.details[0]?.field).toBe(
      'body.email',
    );
    expect((await get()).json()).toEqual({ email: 'immediate' });
  });
});
