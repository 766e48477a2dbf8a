import {
  AppError,
  notFound,
  canGrantRole,
  newId,
  type TRole,
  type TUser,
  type TUserCreate,
  type TUserUpdate,
} from '@touchstone/core';
import { recordAudit } from '../audit/audit.repository.js';
import type { TServiceContext } from '../auth/actor.js';
import { hashPassword } from '../auth/passwords.js';
import { insertMembership } from '../organizations/organizations.repository.js';
import type { TDb } from '../storage/database.js';
import { nowIso } from '../storage/rows.js';
import {
  countOwners,
  deleteMembership,
  findMember,
  findUserIdByEmail,
  insertUser,
  listMembers,
  updateMembershipRole,
  updateUserRow,
} from './users.repository.js';

export { listMembers };

export async function getUser(ctx: TServiceContext, userId: string): Promise<TUser> {
  const user = await findMember(ctx.storage.db, ctx.actor.organizationId, userId);
  if (!user) throw notFound('user', userId);
  return user;
}

function assertMayGrant(actorRole: TRole, role: TRole) {
  if (!canGrantRole(actorRole, role)) {
    throw new AppError('forbidden', `a ${actorRole} cannot grant the ${role} role`, [
      { field: 'body.role', message: 'not grantable by you' },
    ]);
  }
}

/** Creates an account, or returns the existing one with the same email (its password unchanged). */
export async function ensureAccount(
  db: TDb,
  input: { email: string; name: string; password: string },
): Promise<{ userId: string; created: boolean }> {
  const existing = await findUserIdByEmail(db, input.email);
  if (existing) return { userId: existing.id, created: false };
  const userId = newId();
  await insertUser(db, {
    id: userId,
    email: input.email,
    name: input.name,
    password_hash: await hashPassword(input.password),
    created_at: nowIso(),
  });
  return { userId, created: true };
}

/** Creates an account (or reuses one with the same email) and makes it a member with a role. */
export async function createAccountWithMembership(
  db: TDb,
  orgId: string,
  input: TUserCreate,
): Promise<string> {
  const { userId, created } = await ensureAccount(db, input);
  if (!created && (await findMember(db, orgId, userId))) {
    throw new AppError('conflict', `${input.email} is already a member`, [
      { field: 'body.email', message: 'already a member of this organization' },
    ]);
  }
  await insertMembership(db, {
    organization_id: orgId,
    user_id: userId,
    role: input.role,
    created_at: nowIso(),
  });
  return userId;
}

export async function createUser(ctx: TServiceContext, input: TUserCreate): Promise<TUser> {
  assertMayGrant(ctx.actor.role, input.role);
  const userId = await ctx.storage.db.transaction().execute(async (trx) => {
    const id = await createAccountWithMembership(trx, ctx.actor.organizationId, input);
    await recordAudit(trx, ctx.actor, {
      action: 'create',
      entity: 'user',
      entityId: id,
      details: { role: input.role },
    });
    return id;
  });
  return getUser(ctx, userId);
}

export async function updateUser(
  ctx: TServiceContext,
  userId: string,
  input: TUserUpdate,
): Promise<TUser> {
  const orgId = ctx.actor.organizationId;
  await ctx.storage.db.transaction().execute(async (trx) => {
    const current = await findMember(trx, orgId, userId);
    if (!current) throw notFound('user', userId);
    if (input.role !== undefined && input.role !== current.role) {
      assertMayGrant(ctx.actor.role, input.role);
      if (current.role === 'owner' && ctx.actor.role !== 'owner') {
        throw new AppError('forbidden', 'only an owner can change an owner');
      }
      if (current.role === 'owner' && (await countOwners(trx, orgId)) === 1) {
        throw new AppError('conflict', 'the last owner cannot be demoted');
      }
      await updateMembershipRole(trx, orgId, userId, input.role);
    }
    // An account may belong to several organizations: its name and password are its own.
    if ((input.password !== undefined || input.name !== undefined) && ctx.actor.userId !== userId) {
      throw new AppError('forbidden', 'only the person themself can change their name or password');
    }
    if (input.password !== undefined || input.name !== undefined) {
      await updateUserRow(trx, userId, {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.password !== undefined && { password_hash: await hashPassword(input.password) }),
        updated_at: nowIso(),
      });
    }
    await recordAudit(trx, ctx.actor, {
      action: 'update',
      entity: 'user',
      entityId: userId,
      details: { fields: Object.keys(input).filter((k) => k !== 'password') },
    });
  });
  return getUser(ctx, userId);
}

/** Removes a person from the organization (the account stays for their other organizations). */
export async function removeUser(ctx: TServiceContext, userId: string): Promise<void> {
  const orgId = ctx.actor.organizationId;
  await ctx.storage.db.transaction().execute(async (trx) => {
    const current = await findMember(trx, orgId, userId);
    if (!current) throw notFound('user', userId);
    if (current.role === 'owner' && ctx.actor.role !== 'owner') {
      throw new AppError('forbidden', 'only an owner can remove an owner');
    }
    if (current.role === 'owner' && (await countOwners(trx, orgId)) === 1) {
      throw new AppError('conflict', 'the last owner cannot be removed');
    }
    await deleteMembership(trx, orgId, userId);
    await recordAudit(trx, ctx.actor, { action: 'delete', entity: 'user', entityId: userId });
  });
}
