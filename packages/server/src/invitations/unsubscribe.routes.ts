import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TStorage } from '../storage/database.js';
import { escapeHtml } from './invitation-email.js';
import { resolveInvitationToken } from './invitation-tokens.js';
import { optOutByToken } from './unsubscribe.js';

type TPageState = 'confirm' | 'done' | 'unknown';

const TEXT: Record<TPageState, { title: string; body: string }> = {
  confirm: {
    title: 'Unsubscribe from surveys',
    body: 'Press the button and we will not send you surveys or reminders by e-mail any more.',
  },
  done: {
    title: 'You are unsubscribed',
    body: 'We will not send you surveys or reminders by e-mail any more.',
  },
  unknown: {
    title: 'Link not recognised',
    body: 'This unsubscribe link is not valid. Please use the link from the most recent e-mail.',
  },
};

/** The small page a person sees at `/u/<token>`: a button, then a confirmation. */
export function unsubscribePage(state: TPageState, token: string): string {
  const { title, body } = TEXT[state];
  const form =
    state === 'confirm'
      ? `<form method="post" action="/u/${escapeHtml(encodeURIComponent(token))}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit" style="font:inherit;padding:12px 24px;border:0;border-radius:6px;background:#1f4e79;color:#fff;cursor:pointer">Unsubscribe</button></form>`
      : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;font-family:system-ui,sans-serif;background:#f5f5f5;color:#1a1a1a">
<main style="max-width:480px;margin:64px auto;padding:32px;background:#fff;border-radius:8px">
<h1 style="font-size:22px;margin-top:0">${escapeHtml(title)}</h1>
<p>${escapeHtml(body)}</p>
${form}
</main></body></html>
`;
}

function sendPage(reply: FastifyReply, status: number, html: string) {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .send(html);
}

/**
 * `GET /u/:token` shows a confirmation page (mail scanners follow links, so a GET never changes
 * anything); `POST /u/:token` unsubscribes: RFC 8058 one-click from the mail client, or the page's
 * button. Outside /api: respondents have no session and need no CSRF token for their own link.
 */
export function registerUnsubscribeRoutes(app: FastifyInstance, storage: TStorage): void {
  void app.register((scope, _options, done) => {
    // One-click posts are form-encoded (or multipart); the token in the URL is all that counts.
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 16_384 }, (_req, body, next) =>
      next(null, body),
    );
    const limit = { rateLimit: { max: 60, timeWindow: '1 minute' } };
    const params = z.object({ token: z.string().max(100) });
    const r = scope.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/u/:token',
      { config: limit, schema: { hide: true, params } },
      async (request, reply) => {
        const known = await resolveInvitationToken(storage.db, request.params.token);
        return known
          ? sendPage(reply, 200, unsubscribePage('confirm', request.params.token))
          : sendPage(reply, 404, unsubscribePage('unknown', request.params.token));
      },
    );

    r.post(
      '/u/:token',
      { config: limit, schema: { hide: true, params } },
      async (request, reply) => {
        const done = await optOutByToken(storage, request.params.token);
        return sendPage(
          reply,
          done ? 200 : 404,
          unsubscribePage(done ? 'done' : 'unknown', request.params.token),
        );
      },
    );
    done();
  });
}
