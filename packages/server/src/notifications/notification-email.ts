/** The text of notification e-mails: one notification, or a person's daily digest. */
import { escapeHtml } from '../invitations/invitation-email.js';
import type { TRenderedEmail } from '../invitations/invitation-email.js';

/** What an e-mail says about one notification. */
export interface TMailItem {
  title: string;
  body: string;
  /** A dashboard path, or null. */
  link: string | null;
  /** ISO instant. */
  createdAt: string;
}

/** How many notifications a digest lists; the rest are counted and wait on the dashboard. */
export const DIGEST_MAX_ITEMS = 50;

/**
 * The absolute URL of a dashboard path (`/cases/<id>`) on the server's public address (kept
 * whole when the server is reached under a path prefix, as invitation links are).
 */
export function absoluteLink(baseUrl: string, path: string): string {
  return `${baseUrl}${path}`;
}

/** `2026-03-03 09:15 UTC`: e-mail has no reader's time zone to show it in. */
function whenText(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

function itemHtml(item: TMailItem, baseUrl: string): string {
  const title = escapeHtml(item.title);
  const heading =
    item.link === null
      ? `<strong>${title}</strong>`
      : `<a href="${escapeHtml(absoluteLink(baseUrl, item.link))}"><strong>${title}</strong></a>`;
  const body = item.body === '' ? '' : `<br>${escapeHtml(item.body)}`;
  const when = `<br><span style="color:#666;font-size:13px">${whenText(item.createdAt)}</span>`;
  return `<p style="margin:0 0 16px">${heading}${body}${when}</p>`;
}

function itemText(item: TMailItem, baseUrl: string): string {
  const lines = [item.title];
  if (item.body !== '') lines.push(item.body);
  if (item.link !== null) lines.push(absoluteLink(baseUrl, item.link));
  lines.push(whenText(item.createdAt));
  return lines.join('\n');
}

function page(content: string, settingsUrl: string): string {
  return [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#222;max-width:600px">',
    content,
    '<p style="color:#666;font-size:13px">You receive this e-mail because of your notification ',
    `settings in Touchstone. <a href="${escapeHtml(settingsUrl)}">Change them</a>.</p>`,
    '</body></html>',
  ].join('');
}

/** The immediate e-mail of one notification. */
export function renderNotificationEmail(item: TMailItem, baseUrl: string): TRenderedEmail {
  const settingsUrl = absoluteLink(baseUrl, '/notifications');
  return {
    subject: item.title,
    html: page(itemHtml(item, baseUrl), settingsUrl),
    text: `${itemText(item, baseUrl)}\n\n--\nChange your notification settings: ${settingsUrl}\n`,
  };
}

/** The daily digest of one person: the first `DIGEST_MAX_ITEMS`, and how many more wait. */
export function renderDigestEmail(
  name: string,
  items: TMailItem[],
  baseUrl: string,
): TRenderedEmail {
  const settingsUrl = absoluteLink(baseUrl, '/notifications');
  const shown = items.slice(0, DIGEST_MAX_ITEMS);
  const more = items.length - shown.length;
  const subject =
    items.length === 1
      ? 'Your daily digest: 1 notification'
      : `Your daily digest: ${items.length} notifications`;
  const moreText = more > 0 ? `And ${more} more on the dashboard.` : '';
  const greeting = `Hello ${name}, here is what happened in the last day.`;
  const html = page(
    [
      `<p>${escapeHtml(greeting)}</p>`,
      ...shown.map((item) => itemHtml(item, baseUrl)),
      moreText === '' ? '' : `<p><a href="${escapeHtml(settingsUrl)}">${moreText}</a></p>`,
    ].join(''),
    settingsUrl,
  );
  const text = [
    greeting,
    '',
    ...shown.map((item) => `${itemText(item, baseUrl)}\n`),
    ...(moreText === '' ? [] : [`${moreText} ${settingsUrl}`, '']),
    '--',
    `Change your notification settings: ${settingsUrl}`,
    '',
  ].join('\n');
  return { subject, html, text };
}
