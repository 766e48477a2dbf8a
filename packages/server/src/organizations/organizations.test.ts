import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import { ensureAccount } from '../users/users.service.js';
import { createOrganization } from './organizations.service.js';

describeEachDatabase('organization numbers', (env) => {
  it('gives organizations created at the same time distinct numbers, after the existing ones', async () => {
    const { userId } = await ensureAccount(env().storage.db, {
      email: 'founder@touchstone.local',
      name: 'Founder',
      password: 'founder-password-123',
    });
    const before = await env()
      .storage.db.selectFrom('organizations')
      .select((eb) => eb.fn.max('seq').as('max'))
      .executeTakeFirstOrThrow();
    const created = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        createOrganization(env().storage, { name: `Parallel ${i}`, slug: `parallel-${i}` }, userId),
      ),
    );
    const rows = await env()
      .storage.db.selectFrom('organizations')
      .select(['id', 'seq'])
      .where(
        'id',
        'in',
        created.map((o) => o.id),
      )
      .execute();
    const numbers = rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(6);
    expect(numbers[0]).toBeGreaterThan(Number(before.max));
  });
});
