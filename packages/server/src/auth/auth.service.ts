import type { TSession } from '@touchstone/core';
import { AppError } from '@touchstone/core';
import type { TStorage } from '../storage/database.js';
import { nowIso } from '../storage/rows.js';
import {
  deleteSession,
  findSessionByTokenHash,
  findUserByEmail,
  insertSession,
  listMemberships,
  type TMembershipSummary,
} from './auth.repository.js';
import { findSsoOnlyOrganizations } from '../sso/sso.repository.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { hashToken, randomToken } from './tokens.js';

/** Verifying against a real hash when the email is unknown keeps the timing the same. */
let decoyHash: Promise<string> | null = null;

export interface TSignInResult {
  token: string;
  expiresAt: Date;
  session: TSession;
}

/** Checks the password and opens a session in the chosen (or first) organization. */
export async function signIn(
  storage: TStorage,
  input: { email: string; password: string; organizationSlug?: string },
  sessionHours: number,
): Promise<TSignInResult> {
  const user = await findUserByEmail(storage.db, input.email);
  decoyHash ??= hashPassword(randomToken());
  const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash), input.password);
  if (!user || !ok) throw new AppError('unauthenticated', 'wrong email or password');
  const memberships = await listMemberships(storage.db, user.userId);
  const ssoOnly = await findSsoOnlyOrganizations(
    storage.db,
    memberships.map((m) => m.organizationId),
  );
  const membership = pickMembership(memberships, input.organizationSlug, ssoOnly);
  return openSession(storage, user, membership, sessionHours);
}

/** Opens a session of a user in one of their organizations (password or single sign-on). */
export async function openSession(
  storage: TStorage,
  user: { userId: string; email: string; name: string },
  membership: TMembershipSummary,
  sessionHours: number,
): Promise<TSignInResult> {
  const token = randomToken();
  const csrfToken = randomToken(24);
  const expiresAt = new Date(Date.now() + sessionHours * 3_600_000);
  await insertSession(storage.db, {
    tokenHash: hashToken(token),
    userId: user.userId,
    organizationId: membership.organizationId,
    csrfToken,
    createdAt: nowIso(),
    expiresAt: expiresAt.toISOString(),
  });
  return {
    token,
    expiresAt,
    session: {
      user: { id: user.userId, email: user.email, name: user.name },
      organization: { id: membership.organizationId, name: membership.name, slug: membership.slug },
      role: membership.role,
      csrfToken,
    },
  };
}

/**
 * The organization a password opens: the named one, or the first that allows passwords. An
 * organization that switched passwords off is refused by name, so the person knows to use SSO.
 */
function pickMembership(
  memberships: TMembershipSummary[],
  slug: string | undefined,
  ssoOnly: ReadonlySet<string>,
): TMembershipSummary {
  const chosen =
    slug === undefined
      ? (memberships.find((m) => !ssoOnly.has(m.organizationId)) ?? memberships[0])
      : memberships.find((m) => m.slug === slug);
  if (!chosen) {
    throw new AppError(
      'forbidden',
      slug === undefined ? 'this account belongs to no organization' : `not a member of ${slug}`,
    );
  }
  if (ssoOnly.has(chosen.organizationId)) {
    throw new AppError(
      'forbidden',
      `${chosen.slug} signs in with single sign-on (SSO) only: continue with SSO`,
    );
  }
  return chosen;
}

/** Ends the session behind the cookie's token; a live session also needs its CSRF token sent. */
export async function signOut(
  storage: TStorage,
  token: string,
  sentCsrfToken: string | string[] | undefined,
): Promise<void> {
  const tokenHash = hashToken(token);
  const session = await findSessionByTokenHash(storage.db, tokenHash);
  if (session && sentCsrfToken !== session.csrfToken) {
    throw new AppError('csrf_failed', 'missing or wrong x-csrf-token header');
  }
  await deleteSession(storage.db, tokenHash);
}

/** The organizations a signed-in user belongs to, oldest membership first. */
export function listUserOrganizations(
  storage: TStorage,
  userId: string,
): Promise<TMembershipSummary[]> {
  return listMemberships(storage.db, userId);
}
