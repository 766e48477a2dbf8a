import type { FastifyReply } from 'fastify';
import type { TConfig } from '../config.js';
import { SESSION_COOKIE } from './auth.plugin.js';

/** Sets the session cookie of a new session: http-only, same-site lax, until it expires. */
export function setSessionCookie(
  reply: FastifyReply,
  config: TConfig,
  session: { token: string; expiresAt: Date },
): void {
  void reply.setCookie(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    path: '/',
    expires: session.expiresAt,
  });
}
