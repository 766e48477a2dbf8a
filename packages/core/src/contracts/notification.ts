import { z } from 'zod';
import { ZId, ZListQuery, ZTimestamp, page } from './common.js';

/** How a person wants notifications by e-mail: each at once, once a day, or not at all. */
export const NOTIFICATION_EMAIL_CHOICES = ['immediate', 'digest', 'off'] as const;
export const ZNotificationEmailChoice = z.enum(NOTIFICATION_EMAIL_CHOICES);
export type TNotificationEmailChoice = z.infer<typeof ZNotificationEmailChoice>;

/** One in-app notification of the signed-in person. */
export const ZNotification = z.object({
  id: ZId,
  /** What happened: `case.created`, `case.assigned`, `case.sla_breached`, `rule.matched`, ... */
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  /** A dashboard path (`/cases/<id>`), or null. */
  link: z.string().nullable(),
  /** The record it is about. */
  subject: z.object({ type: z.string(), id: z.string() }).nullable(),
  createdAt: ZTimestamp,
  /** Null while unread. */
  readAt: ZTimestamp.nullable(),
});
export type TNotification = z.infer<typeof ZNotification>;

/** Newest first; `unread=true` lists the unread only. */
export const ZNotificationListQuery = ZListQuery.extend({ unread: z.stringbool().optional() });
export type TNotificationListQuery = z.infer<typeof ZNotificationListQuery>;
export const ZNotificationList = page(ZNotification);

export const ZNotificationUnreadCount = z.object({ count: z.number().int().min(0) });

/** What `read-all` changed. */
export const ZNotificationReadAll = z.object({ marked: z.number().int().min(0) });

/** The signed-in person's e-mail choice in this organization (the daily digest unless chosen). */
export const ZNotificationPreferences = z.object({ email: ZNotificationEmailChoice });
export type TNotificationPreferences = z.infer<typeof ZNotificationPreferences>;

export const ZNotificationPreferencesUpdate = z.strictObject({ email: ZNotificationEmailChoice });
