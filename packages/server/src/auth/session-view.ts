import type { TSession } from '@touchstone/core';
import { AppError } from '../http/app-error.js';
import type { TStorage } from '../storage/database.js';
import type { TActor } from './actor.js';

/** The session as the dashboard needs it: who, where, which role, and the CSRF token. */
export async function getSessionView(storage: TStorage, actor: TActor): Promise<TSession> {
  if (actor.userId === null || actor.csrfToken === null) {
    throw new AppError('unauthenticated', 'not signed in');
  }
  const row = await storage.db
    .selectFrom('users')
    .innerJoin('organizations', (j) => j.on('organizations.id', '=', actor.organizationId))
    .select([
      'users.id as userId',
      'users.email',
      'users.name as userName',
      'organizations.id as orgId',
      'organizations.name as orgName',
      'organizations.slug',
    ])
    .where('users.id', '=', actor.userId)
    .executeTakeFirst();
  if (!row) throw new AppError('unauthenticated', 'not signed in');
  return {
    user: { id: row.userId, email: row.email, name: row.userName },
    organization: { id: row.orgId, name: row.orgName, slug: row.slug },
    role: actor.role,
    csrfToken: actor.csrfToken,
  };
}
