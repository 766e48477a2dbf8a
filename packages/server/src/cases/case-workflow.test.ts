/**
 * A case's way through the API: opened for the touchpoint's team, moved through the legal
 * statuses, kept to its team's agents, assigned, linked to the customer's other cases, paged.
 */
import { expect, it } from 'vitest';
import { describeCases, type TCaseBody } from '../../test/support/cases-fixture.js';

describeCases('case workflow', (setup) => {
  it("opens a case for the touchpoint's owner team, numbered, with an event and notifications", async () => {
    const { env, w, openByHand } = setup();
    const first = await openByHand();
    const second = await openByHand({ title: 'Second' });
    expect(second.number).toBe(first.number + 1);
    expect(first).toMatchObject({ status: 'new', teamId: w.lounge, assigneeId: null });
    expect(first.timeline.map((a) => a.kind)).toEqual(['created']);
    expect(first.allowedTransitions).toEqual(['open', 'pending', 'resolved', 'closed']);

    const event = await env.storage.db
      .selectFrom('domain_events')
      .selectAll()
      .where('subject_id', '=', first.id)
      .executeTakeFirstOrThrow();
    expect(event.type).toBe('case.created');
    expect(JSON.parse(event.payload_json)).toMatchObject({
      caseId: first.id,
      number: first.number,
      status: 'new',
      teamId: w.lounge,
      touchpointId: w.touchpoint,
    });
    const notified = await env.storage.db
      .selectFrom('notifications')
      .select('user_id')
      .where('subject_id', '=', first.id)
      .execute();
    expect(notified.map((n) => n.user_id).sort()).toEqual([w.ana.id, w.lee.id].sort());
  });

  it('allows only legal status moves, names both statuses otherwise, and checks the version', async () => {
    const { env, w, openByHand } = setup();
    const c = await openByHand();
    const open = await w.ana.request({
      method: 'PATCH',
      url: `/api/cases/${c.id}`,
      payload: { status: 'open', version: c.version },
    });
    expect(open.statusCode, open.body).toBe(200);
    const opened = open.json<TCaseBody>();
    expect(opened).toMatchObject({ status: 'open', version: c.version + 1 });
    // A status change by a person is the first response.
    expect(opened.sla.firstResponse.metAt).not.toBeNull();

    const back = await w.ana.request({
      method: 'PATCH',
      url: `/api/cases/${c.id}`,
      payload: { status: 'new' },
    });
    expect(back.statusCode).toBe(409);
    expect(back.json<{ error: { message: string } }>().error.message).toContain('from open to new');

    const stale = await w.ana.request({
      method: 'PATCH',
      url: `/api/cases/${c.id}`,
      headers: { 'if-match': `"${c.version}"` },
      payload: { status: 'resolved' },
    });
    expect(stale.statusCode).toBe(409);

    const resolved = await w.ana.request({
      method: 'PATCH',
      url: `/api/cases/${c.id}`,
      headers: { 'if-match': `"${opened.version}"` },
      payload: { status: 'resolved', note: 'Refunded the lounge pass' },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json<TCaseBody>().allowedTransitions).toEqual(['open', 'closed']);
    const reopened = await w.ana.request({
      method: 'PATCH',
      url: `/api/cases/${c.id}`,
      payload: { status: 'open' },
    });
    expect(reopened.json<TCaseBody>()).toMatchObject({ status: 'open' });
    const kinds = reopened.json<TCaseBody>().timeline.map((a) => a.kind);
    expect(kinds).toEqual([
      'created',
      'status_changed',
      'status_changed',
      'note',
      'status_changed',
    ]);

    const events = await env.storage.db
      .selectFrom('domain_events')
      .select(['type', 'payload_json'])
      .where('subject_id', '=', c.id)
      .where('type', '=', 'case.updated')
      .orderBy('seq')
      .execute();
    expect(
      events.map(
        (e) => (JSON.parse(e.payload_json) as { change: Record<string, unknown> }).change['status'],
      ),
    ).toEqual([
      { from: 'new', to: 'open' },
      { from: 'open', to: 'resolved' },
      { from: 'resolved', to: 'open' },
    ]);
  });

  it("keeps agents to their teams' cases: another team's case is not found", async () => {
    const { env, w, openByHand } = setup();
    const c = await openByHand({ title: 'Only for the lounge' });
    const seen = await w.ben.request({ method: 'GET', url: `/api/cases/${c.id}` });
    expect(seen.statusCode).toBe(404);
    const changed = await w.ben.request({
      method: 'PATCH',
      url: `/api/cases/${c.id}`,
      payload: { status: 'open' },
    });
    expect(changed.statusCode).toBe(404);
    const noted = await w.ben.request({
      method: 'POST',
      url: `/api/cases/${c.id}/notes`,
      payload: { body: 'sneaky' },
    });
    expect(noted.statusCode).toBe(404);
    const bensList = await w.ben.request({ method: 'GET', url: '/api/cases' });
    expect(bensList.json<{ items: { id: string }[] }>().items.map((i) => i.id)).not.toContain(c.id);
    const anasList = await w.ana.request({ method: 'GET', url: '/api/cases?view=team' });
    expect(anasList.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toContain(c.id);
    const analyst = await env.as('analyst', { method: 'GET', url: `/api/cases/${c.id}` });
    expect(analyst.statusCode).toBe(200);
    const analystWrite = await env.as('analyst', {
      method: 'PATCH',
      url: `/api/cases/${c.id}`,
      payload: { status: 'open' },
    });
    expect(analystWrite.statusCode).toBe(403);
    const unchanged = await env.as('owner', { method: 'GET', url: `/api/cases/${c.id}` });
    expect(unchanged.json<TCaseBody>()).toMatchObject({ status: 'new', version: 1 });
    const otherOrg = await env.as('owner', { method: 'GET', url: `/api/cases/${c.id}` }, env.orgB);
    expect(otherOrg.statusCode).toBe(404);
  });

  it('assigns within the team only, notifies the assignee and lists my cases', async () => {
    const { env, w, openByHand } = setup();
    const c = await openByHand({ title: 'To assign' });
    const outsider = await w.ana.request({
      method: 'PATCH',
      url: `/api/cases/${c.id}`,
      payload: { assigneeId: w.ben.id },
    });
    expect(outsider.statusCode).toBe(422);
    expect(outsider.json()).toMatchObject({
      error: { details: [{ field: 'body.assigneeId' }] },
    });
    expect(outsider.json<{ error: { message: string } }>().error.message).toContain(w.ben.id);

    const assigned = await env.as('admin', {
      method: 'PATCH',
      url: `/api/cases/${c.id}`,
      payload: { assigneeId: w.ana.id, priority: 'urgent' },
    });
    expect(assigned.json<TCaseBody>()).toMatchObject({ assigneeId: w.ana.id });
    const note = await env.storage.db
      .selectFrom('notifications')
      .select('user_id')
      .where('subject_id', '=', c.id)
      .where('kind', '=', 'case.assigned')
      .execute();
    expect(note.map((n) => n.user_id)).toEqual([w.ana.id]);
    const mine = await w.ana.request({ method: 'GET', url: '/api/cases?assignee=me' });
    expect(mine.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toContain(c.id);
    const byKey = await env.as('agent', { method: 'GET', url: '/api/cases?view=mine' });
    expect(byKey.statusCode).toBe(422);

    const handOff = await w.ana.request({
      method: 'PATCH',
      url: `/api/cases/${c.id}`,
      payload: { teamId: w.cabin },
    });
    expect(handOff.statusCode).toBe(403);
    expect(handOff.json()).toMatchObject({ error: { details: [{ field: 'body.teamId' }] } });

    // Moving the case to Cabin drops Ana, who is not in Cabin.
    const moved = await env.as('admin', {
      method: 'PATCH',
      url: `/api/cases/${c.id}`,
      payload: { teamId: w.cabin },
    });
    expect(moved.json<TCaseBody>()).toMatchObject({ teamId: w.cabin, assigneeId: null });
    expect((await w.ana.request({ method: 'GET', url: `/api/cases/${c.id}` })).statusCode).toBe(
      404,
    );
  });

  it('sets a team lead who must be a member', async () => {
    const { env, w } = setup();
    const notMember = await env.as('admin', {
      method: 'PATCH',
      url: `/api/teams/${w.lounge}`,
      payload: { leadUserId: w.ben.id },
    });
    expect(notMember.statusCode).toBe(422);
    const lead = await env.as('admin', {
      method: 'PATCH',
      url: `/api/teams/${w.lounge}`,
      payload: { leadUserId: w.lee.id },
    });
    expect(lead.json()).toMatchObject({ leadUserId: w.lee.id });
  });

  it("links the customer's other cases and interactions, and pages the list by keyset", async () => {
    const { env, w, openByHand } = setup();
    const customer = await env.as('admin', {
      method: 'POST',
      url: '/api/customers',
      payload: { externalId: 'CASE-LINKS', name: 'Linda Links' },
    });
    const customerId = customer.json<{ id: string }>().id;
    const visit = await env.as('admin', {
      method: 'POST',
      url: '/api/interactions',
      payload: {
        customerId,
        touchpointId: w.touchpoint,
        occurredAt: '2026-03-01T10:00:00.000Z',
        type: 'lounge_visit',
      },
    });
    expect(visit.statusCode, visit.body).toBe(201);
    const first = await openByHand({ title: 'Links one', customerId });
    const second = await openByHand({ title: 'Links two', customerId });
    const detail = await env.as('admin', { method: 'GET', url: `/api/cases/${second.id}` });
    expect(detail.json()).toMatchObject({
      customerName: 'Linda Links',
      links: {
        cases: [{ id: first.id, title: 'Links one', status: 'new' }],
        interactions: [{ type: 'lounge_visit', touchpointName: expect.any(String) }],
        responses: [],
      },
    });
    const byCustomer = await env.as('admin', {
      method: 'GET',
      url: `/api/cases?customer=${customerId}&q=links`,
    });
    expect(byCustomer.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toEqual([
      second.id,
      first.id,
    ]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/cases?status=new&limit=2${cursor === null ? '' : `&cursor=${cursor}`}`;
      const page = await env.as('admin', { method: 'GET', url });
      const body = page.json<{ items: { id: string }[]; nextCursor: string | null }>();
      seen.push(...body.items.map((i) => i.id));
      cursor = body.nextCursor;
    } while (cursor !== null);
    const all = await env.as('admin', { method: 'GET', url: '/api/cases?status=new&limit=500' });
    const ids = all.json<{ items: { id: string }[] }>().items.map((i) => i.id);
    expect(seen).toEqual(ids);
    expect(new Set(seen).size).toBe(seen.length);
    expect(ids.length).toBeGreaterThan(4);
  });
});
