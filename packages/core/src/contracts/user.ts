import { z } from 'zod';
import { ROLES } from '../roles.js';
import { ZId, ZName, ZTimestamp, sortParam, ZListQuery } from './common.js';

export const ZRole = z.enum(ROLES);
export const ZEmail = z
  .email()
  .max(320)
  .transform((e) => e.toLowerCase());
export const ZPassword = z.string().min(10, 'at least 10 characters').max(200);

/** A person's membership of the current organization. */
export const ZUser = z.object({
  id: ZId,
  email: z.string(),
  name: z.string(),
  role: ZRole,
  createdAt: ZTimestamp,
});
export type TUser = z.infer<typeof ZUser>;

export const ZUserCreate = z.strictObject({
  email: ZEmail,
  name: ZName,
  role: ZRole,
  /** Required for a new person; ignored when the email already has an account elsewhere. */
  password: ZPassword,
});
export type TUserCreate = z.infer<typeof ZUserCreate>;

export const ZUserUpdate = z.strictObject({
  name: ZName.optional(),
  role: ZRole.optional(),
  password: ZPassword.optional(),
});
export type TUserUpdate = z.infer<typeof ZUserUpdate>;

export const ZUserListQuery = ZListQuery.extend({
  sort: sortParam(['email', 'name', 'createdAt']),
  role: ZRole.optional(),
  q: z.string().max(200).optional(),
});

export const ZSignIn = z.strictObject({ email: ZEmail, password: z.string().min(1).max(200) });

export const ZSession = z.object({
  user: z.object({ id: ZId, email: z.string(), name: z.string() }),
  organization: z.object({ id: ZId, name: z.string(), slug: z.string() }),
  role: ZRole,
  /** Send back as the `x-csrf-token` header on every cookie-authenticated write. */
  csrfToken: z.string(),
});
export type TSession = z.infer<typeof ZSession>;
