import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';

const promise = { sense: 80, feel: 70, think: 30, act: 40, relate: 60 };

interface TBrandBody {
  id: string;
  name: string;
  promise: Record<string, number>;
  styleGuide: { colors: Record<string, string>; toneWords: string[]; logoUrl: string | null };
  archived: boolean;
}

interface TPage {
  items: { name: string }[];
  nextCursor: string | null;
}

describeEachDatabase('brands', (env) => {
  it('creates, reads, updates, archives and deletes a brand, with audit entries', async () => {
    const created = await env().as('admin', {
      method: 'POST',
      url: '/api/brands',
      payload: {
        name: 'Skyline Lounges',
        positioning: 'The calm between flights',
        promise,
        promiseStatement: 'You arrive rested',
        implementationTheme: 'Quiet light',
      },
    });
    expect(created.statusCode).toBe(201);
    const brand = created.json<TBrandBody>();
    expect(brand).toMatchObject({
      name: 'Skyline Lounges',
      positioning: 'The calm between flights',
      promise,
      promiseStatement: 'You arrive rested',
      implementationTheme: 'Quiet light',
      archived: false,
    });
    // The default style guide is filled in.
    expect(brand.styleGuide.colors['primary']).toBe('#1f4e79');
    expect(brand.styleGuide.toneWords).toEqual([]);

    const read = await env().as('viewer', { method: 'GET', url: `/api/brands/${brand.id}` });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(brand);

    const styleGuide = {
      colors: {
        primary: '#000000',
        secondary: '#111111',
        accent: '#ff0000',
        background: '#fafafa',
        text: '#222222',
      },
      logoUrl: 'https://example.test/logo.svg',
      fonts: { heading: 'Georgia', body: 'Inter' },
      toneWords: ['calm', 'warm'],
    };
    const patched = await env().as('owner', {
      method: 'PATCH',
      url: `/api/brands/${brand.id}`,
      payload: { promise: { ...promise, think: 55 }, styleGuide, archived: true },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      name: 'Skyline Lounges',
      promise: { sense: 80, feel: 70, think: 55, act: 40, relate: 60 },
      styleGuide,
      archived: true,
    });

    const restored = await env().as('admin', {
      method: 'PATCH',
      url: `/api/brands/${brand.id}`,
      payload: { archived: false },
    });
    expect(restored.json()).toMatchObject({ archived: false, styleGuide });

    const deleted = await env().as('admin', { method: 'DELETE', url: `/api/brands/${brand.id}` });
    expect(deleted.statusCode).toBe(204);
    const gone = await env().as('admin', { method: 'GET', url: `/api/brands/${brand.id}` });
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ error: { code: 'not_found' } });

    const audit = await env()
      .storage.db.selectFrom('audit_log')
      .select(['action'])
      .where('entity', '=', 'brand')
      .where('entity_id', '=', brand.id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'update', 'delete']);
  });

  it('lists with filters, sorting and a cursor', async () => {
    // Capitalised alike, so that the order is the same under any collation.
    for (const name of ['Aurora', 'Borealis Air', 'Cirrus', '100% Comfort']) {
      const res = await env().as('admin', {
        method: 'POST',
        url: '/api/brands',
        payload: { name, promise },
      });
      expect(res.statusCode).toBe(201);
    }
    const cirrus = await env().as('admin', { method: 'GET', url: '/api/brands?q=cirrus' });
    const cirrusPage = cirrus.json<{ items: { id: string; name: string }[] }>();
    expect(cirrusPage.items.map((b) => b.name)).toEqual(['Cirrus']);
    const cirrusId = cirrusPage.items[0]?.id ?? '';
    await env().as('admin', {
      method: 'PATCH',
      url: `/api/brands/${cirrusId}`,
      payload: { archived: true },
    });

    const first = await env().as('viewer', {
      method: 'GET',
      url: '/api/brands?limit=2&sort=name&q=r',
    });
    const page1 = first.json<TPage>();
    expect(page1.items.map((b) => b.name)).toEqual(['100% Comfort', 'Aurora']);
    const second = await env().as('viewer', {
      method: 'GET',
      url: `/api/brands?limit=2&sort=name&q=r&cursor=${page1.nextCursor}`,
    });
    const page2 = second.json<TPage>();
    expect(page2.items.map((b) => b.name)).toEqual(['Borealis Air', 'Cirrus']);
    expect(page2.nextCursor).toBeNull();

    const descending = await env().as('viewer', { method: 'GET', url: '/api/brands?sort=-name' });
    expect(descending.json<TPage>().items.map((b) => b.name)).toEqual([
      'Cirrus',
      'Borealis Air',
      'Aurora',
      '100% Comfort',
    ]);

    // `%` is a literal character in a search, not a wildcard.
    const percent = await env().as('viewer', { method: 'GET', url: '/api/brands?q=%25' });
    expect(percent.json<TPage>().items.map((b) => b.name)).toEqual(['100% Comfort']);

    const archived = await env().as('viewer', { method: 'GET', url: '/api/brands?archived=true' });
    expect(archived.json<TPage>().items.map((b) => b.name)).toEqual(['Cirrus']);
    const active = await env().as('viewer', {
      method: 'GET',
      url: '/api/brands?archived=false&sort=createdAt',
    });
    expect(active.json<TPage>().items.map((b) => b.name)).toEqual([
      'Aurora',
      'Borealis Air',
      '100% Comfort',
    ]);
  });

  it('rejects bad input naming the field, and duplicate names', async () => {
    const post = (payload: object) =>
      env().as('admin', { method: 'POST', url: '/api/brands', payload });

    const outOfRange = await post({ name: 'Too much', promise: { ...promise, sense: 101 } });
    expect(outOfRange.statusCode).toBe(422);
    expect(outOfRange.json()).toMatchObject({
      error: { code: 'validation_failed', details: [{ field: 'body.promise.sense' }] },
    });

    const wrongType = await post({ name: 'Wrong', promise: { ...promise, feel: 'high' } });
    expect(wrongType.statusCode).toBe(422);
    expect(wrongType.json()).toMatchObject({
      error: { details: [{ field: 'body.promise.feel' }] },
    });

    const missingModule = await post({ name: 'Partial', promise: { sense: 1 } });
    expect(missingModule.statusCode).toBe(422);

    const unknown = await post({ name: 'Unknown', promise, slogan: 'Fly' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ error: { code: 'validation_failed' } });

    const badColour = await post({
      name: 'Colour',
      promise,
      styleGuide: {
        colors: { primary: 'red', secondary: '#000000', accent: '#000000' },
        logoUrl: null,
        fonts: { heading: 'a', body: 'b' },
        toneWords: [],
      },
    });
    expect(badColour.statusCode).toBe(422);
    const fields = badColour
      .json<{ error: { details: { field: string }[] } }>()
      .error.details.map((d) => d.field);
    expect(fields).toContain('body.styleGuide.colors.primary');

    const badLogo = await env().as('admin', {
      method: 'POST',
      url: '/api/brands',
      payload: { name: 'Logo', promise, styleGuide: { logoUrl: 'javascript:alert(1)' } },
    });
    expect(badLogo.statusCode).toBe(422);

    expect((await post({ name: 'Unique', promise })).statusCode).toBe(201);
    const dup = await post({ name: 'Unique', promise });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({
      error: { code: 'conflict', details: [{ field: 'body.name' }] },
    });

    const other = (await post({ name: 'Other', promise })).json<TBrandBody>();
    const rename = await env().as('admin', {
      method: 'PATCH',
      url: `/api/brands/${other.id}`,
      payload: { name: 'Unique' },
    });
    expect(rename.statusCode).toBe(409);
    expect(rename.json()).toMatchObject({ error: { details: [{ field: 'body.name' }] } });

    const badPatch = await env().as('admin', {
      method: 'PATCH',
      url: `/api/brands/${other.id}`,
      payload: { promise: { ...promise, relate: -1 } },
    });
    expect(badPatch.statusCode).toBe(422);
    expect(badPatch.json()).toMatchObject({
      error: { details: [{ field: 'body.promise.relate' }] },
    });
    const unchanged = await env().as('admin', { method: 'GET', url: `/api/brands/${other.id}` });
    expect(unchanged.json()).toMatchObject({ name: 'Other', promise });

    const viewerWrite = await env().as('viewer', {
      method: 'POST',
      url: '/api/brands',
      payload: { name: 'Viewer', promise },
    });
    expect(viewerWrite.statusCode).toBe(403);

    const missing = '0190a7c4-0000-7000-8000-000000000000';
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const res = await env().as('admin', {
        method,
        url: `/api/brands/${missing}`,
        ...(method === 'PATCH' && { payload: { name: 'x' } }),
      });
      expect(res.statusCode).toBe(404);
    }
    const notUuid = await env().as('admin', { method: 'GET', url: '/api/brands/nope' });
    expect(notUuid.statusCode).toBe(422);
  });

  it('keeps each organization to its own brands', async () => {
    const created = await env().as('admin', {
      method: 'POST',
      url: '/api/brands',
      payload: { name: 'Org A only', promise },
    });
    const id = created.json<TBrandBody>().id;
    const orgB = env().orgB;
    const read = await env().as('owner', { method: 'GET', url: `/api/brands/${id}` }, orgB);
    expect(read.statusCode).toBe(404);
    const patch = await env().as(
      'owner',
      { method: 'PATCH', url: `/api/brands/${id}`, payload: { name: 'Taken over' } },
      orgB,
    );
    expect(patch.statusCode).toBe(404);
    const del = await env().as('owner', { method: 'DELETE', url: `/api/brands/${id}` }, orgB);
    expect(del.statusCode).toBe(404);
    const list = await env().as('owner', { method: 'GET', url: '/api/brands' }, orgB);
    expect(list.json<TPage>().items).toEqual([]);

    // The same name is free in another organization.
    const sameName = await env().as(
      'owner',
      { method: 'POST', url: '/api/brands', payload: { name: 'Org A only', promise } },
      orgB,
    );
    expect(sameName.statusCode).toBe(201);
    const stillA = await env().as('viewer', { method: 'GET', url: `/api/brands/${id}` });
    expect(stillA.json()).toMatchObject({ name: 'Org A only' });
  });
});
