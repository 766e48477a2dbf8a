import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';

describeEachDatabase('attribute keys', (env) => {
  it('declares, lists, reads, relabels and deletes keys; viewers read but do not write', async () => {
    const created = await env().as('admin', {
      method: 'POST',
      url: '/api/attribute-keys',
      payload: { entity: 'customer', key: 'tier', label: 'Tier', type: 'enum', options: ['gold'] },
    });
    expect(created.statusCode).toBe(201);
    const tier = created.json<{ id: string }>();
    expect(tier).toMatchObject({
      entity: 'customer',
      key: 'tier',
      type: 'enum',
      options: ['gold'],
    });
    await env().as('admin', {
      method: 'POST',
      url: '/api/attribute-keys',
      payload: { entity: 'interaction', key: 'seat', label: 'Seat', type: 'string' },
    });

    const all = await env().as('viewer', { method: 'GET', url: '/api/attribute-keys' });
    expect(all.json<{ items: { key: string }[] }>().items.map((k) => k.key)).toEqual([
      'tier',
      'seat',
    ]);
    const only = await env().as('viewer', {
      method: 'GET',
      url: '/api/attribute-keys?entity=interaction',
    });
    expect(only.json<{ items: { key: string }[] }>().items.map((k) => k.key)).toEqual(['seat']);

    const patched = await env().as('admin', {
      method: 'PATCH',
      url: `/api/attribute-keys/${tier.id}`,
      payload: { label: 'Loyalty tier', options: ['gold', 'silver'] },
    });
    expect(patched.json()).toMatchObject({ label: 'Loyalty tier', options: ['gold', 'silver'] });

    const denied = await env().as('viewer', {
      method: 'POST',
      url: '/api/attribute-keys',
      payload: { entity: 'customer', key: 'x', label: 'X', type: 'string' },
    });
    expect(denied.statusCode).toBe(403);

    const otherOrg = await env().as(
      'admin',
      { method: 'GET', url: `/api/attribute-keys/${tier.id}` },
      env().orgB,
    );
    expect(otherOrg.statusCode).toBe(404);

    const deleted = await env().as('admin', {
      method: 'DELETE',
      url: `/api/attribute-keys/${tier.id}`,
    });
    expect(deleted.statusCode).toBe(204);
    const gone = await env().as('admin', { method: 'GET', url: `/api/attribute-keys/${tier.id}` });
    expect(gone.statusCode).toBe(404);
  });

  it('rejects duplicates, options on non-enum keys, and an enum without options', async () => {
    const body = { entity: 'customer', key: 'region', label: 'Region', type: 'string' };
    await env().as('admin', { method: 'POST', url: '/api/attribute-keys', payload: body });
    const dup = await env().as('admin', {
      method: 'POST',
      url: '/api/attribute-keys',
      payload: body,
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({
      error: { code: 'conflict', details: [{ field: 'body.key' }] },
    });

    // The same key on the other entity, or in the other organization, is a different key.
    const interactionKey = await env().as('admin', {
      method: 'POST',
      url: '/api/attribute-keys',
      payload: { ...body, entity: 'interaction' },
    });
    expect(interactionKey.statusCode).toBe(201);
    const inOrgB = await env().as(
      'admin',
      { method: 'POST', url: '/api/attribute-keys', payload: body },
      env().orgB,
    );
    expect(inOrgB.statusCode).toBe(201);

    const optionsOnNumber = await env().as('admin', {
      method: 'POST',
      url: '/api/attribute-keys',
      payload: { entity: 'customer', key: 'age', label: 'Age', type: 'number', options: ['1'] },
    });
    expect(optionsOnNumber.statusCode).toBe(422);
    expect(optionsOnNumber.json()).toMatchObject({
      error: { details: [{ field: 'body.options' }] },
    });

    const emptyEnum = await env().as('admin', {
      method: 'POST',
      url: '/api/attribute-keys',
      payload: { entity: 'customer', key: 'band', label: 'Band', type: 'enum' },
    });
    expect(emptyEnum.statusCode).toBe(422);
    expect(emptyEnum.json()).toMatchObject({ error: { details: [{ field: 'body.options' }] } });
  });

  it('refuses to remove an option or a key that customers still carry', async () => {
    const key = (
      await env().as('admin', {
        method: 'POST',
        url: '/api/attribute-keys',
        payload: {
          entity: 'customer',
          key: 'cabin',
          label: 'Cabin',
          type: 'enum',
          options: ['first', 'business', 'economy'],
        },
      })
    ).json<{ id: string }>();
    const customer = await env().as('admin', {
      method: 'POST',
      url: '/api/customers',
      payload: { externalId: 'cabin-1', attributes: { cabin: 'business' } },
    });
    expect(customer.statusCode).toBe(201);

    const dropUsed = await env().as('admin', {
      method: 'PATCH',
      url: `/api/attribute-keys/${key.id}`,
      payload: { options: ['first', 'economy'] },
    });
    expect(dropUsed.statusCode).toBe(409);
    expect(dropUsed.json()).toMatchObject({ error: { details: [{ field: 'body.options' }] } });

    const dropUnused = await env().as('admin', {
      method: 'PATCH',
      url: `/api/attribute-keys/${key.id}`,
      payload: { options: ['business', 'economy'] },
    });
    expect(dropUnused.json()).toMatchObject({ options: ['business', 'economy'] });

    const deleteUsed = await env().as('admin', {
      method: 'DELETE',
      url: `/api/attribute-keys/${key.id}`,
    });
    expect(deleteUsed.statusCode).toBe(409);
  });
});
