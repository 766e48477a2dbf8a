/**
 * The signed-in person's notifications: list, unread count, mark read, and their e-mail choice.
 * Every query is scoped to the actor's own user and organization, so another person's
 * notification is a 404 like one that does not exist.
 */
import {
  AppError,
  notFound,
  type TNotification,
  type TNotificationListQuery,
  type TNotificationPreferences,
} from '@touchstone/core';
import type { TServiceContext } from '../auth/actor.js';
import type { TNotificationsTable } from '../storage/schema.js';
import { ensureDigestSchedule } from './notification-digest.js';
import {
  DEFAULT_EMAIL_CHOICE,
  countUnread,
  emailChoicesOf,
  findOwnNotification,
  listNotificationRows,
  markAllRead,
  markRead,
  upsertEmailChoice,
  type TOwner,
} from './notifications.repository.js';

function toNotification(row: TNotificationsTable): TNotification {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    subject:
      row.subject_type === null || row.subject_id === null
        ? null
        : { type: row.subject_type, id: row.subject_id },
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}

/** The person acting; an API key is no person and has no notifications. */
function ownerOf(ctx: TServiceContext): TOwner {
  const userId = ctx.actor.userId;
  if (userId === null) {
    throw new AppError(
      'bad_request',
      'notifications belong to people: sign in as one (an API key has none)',
    );
  }
  return { orgId: ctx.actor.organizationId, userId };
}

export async function listNotifications(
  ctx: TServiceContext,
  query: TNotificationListQuery,
): Promise<{ items: TNotification[]; nextCursor: string | null }> {
  const { rows, nextCursor } = await listNotificationRows(ctx.storage.db, ownerOf(ctx), query);
  return { items: rows.map(toNotification), nextCursor };
}

export async function countUnreadNotifications(ctx: TServiceContext): Promise<{ count: number }> {
  return { count: await countUnread(ctx.storage.db, ownerOf(ctx)) };
}

/** Marks one of the person's notifications read and returns it. */
export async function readNotification(ctx: TServiceContext, id: string): Promise<TNotification> {
  // An API key has no notifications: any id is one it cannot find.
  if (ctx.actor.userId === null) throw notFound('notification', id);
  const owner = ownerOf(ctx);
  const db = ctx.storage.db;
  if ((await findOwnNotification(db, owner, id)) === undefined) throw notFound('notification', id);
  await markRead(db, owner, id, new Date().toISOString());
  const row = await findOwnNotification(db, owner, id);
  if (row === undefined) throw notFound('notification', id);
  return toNotification(row);
}

export async function readAllNotifications(ctx: TServiceContext): Promise<{ marked: number }> {
  return { marked: await markAllRead(ctx.storage.db, ownerOf(ctx), new Date().toISOString()) };
}

export async function getNotificationPreferences(
  ctx: TServiceContext,
): Promise<TNotificationPreferences> {
  const owner = ownerOf(ctx);
  const choices = await emailChoicesOf(ctx.storage.db, owner.orgId, [owner.userId]);
  return { email: choices.get(owner.userId) ?? DEFAULT_EMAIL_CHOICE };
}

/** Sets the person's e-mail choice; choosing the digest makes sure the daily run is queued. */
export async function setNotificationPreferences(
  ctx: TServiceContext,
  input: TNotificationPreferences,
): Promise<TNotificationPreferences> {
  const owner = ownerOf(ctx);
  const now = new Date();
  await ctx.storage.db.transaction().execute(async (trx) => {
    await upsertEmailChoice(trx, owner, input.email, now.toISOString());
    if (input.email === 'digest') {
      await ensureDigestSchedule(trx, owner.orgId, now, { repair: true });
    }
  });
  return { email: input.email };
}
