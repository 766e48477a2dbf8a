import type { TSession } from '@touchstone/core';
import { AppError } from '@touchstone/core';
import type { TStorage } from '../storage/database.js';
import type { TActor } from './actor.js';
import { findSessionUser } from './auth.repository.js';

/** The session as the dashboard needs it: who, where, which role, and the CSRF token. */
export async function getSessionView(storage: TStorage, actor: TActor): Promise<TSession> {
  if (actor.userId === null || actor.csrfToken === null) {
    throw new AppError('unauthenticated', 'not signed in');
  }
  const row = await findSessionUser(storage.db, actor.userId, actor.organizationId);
  if (!row) throw new AppError('unauthenticated', 'not signed in');
  return {
    user: { id: row.userId, email: row.email, name: row.userName },
    organization: { id: row.orgId, name: row.orgName, slug: row.slug },
    role: actor.role,
    csrfToken: actor.csrfToken,
  };
}
