/**
 * The respondent page's HTML: a small shell that loads the survey script and stylesheet from
 * this host only, under a CSP that allows nothing else (no inline script or style, no other host).
 */
import { firstNameOf } from '@touchstone/core';

/**
 * The respondent page's Content-Security-Policy. Theme colours are set through the CSSOM. Images
 * come from this host or data: URLs, and from the one origin of the brand's https logo if it has
 * one (`logoOrigin`), nowhere else.
 */
export function respondentCsp(logoOrigin: string | null = null): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data:${logoOrigin === null ? '' : ` ${logoOrigin}`}`,
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The origin of an https logo URL, for the page's CSP; null for data: URLs and anything else. */
export function logoOriginOf(logoUrl: string | null): string | null {
  if (logoUrl === null || !logoUrl.startsWith('https://')) return null;
  try {
    return new URL(logoUrl).origin;
  } catch {
    return null;
  }
}

/** Escapes text for an HTML text node or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** What the shell tells the script beyond the URL, for piping and the language. */
export interface TPageFacts {
  touchpointName: string | null;
  /** The invited customer's name (personal e-mail links only). */
  customerName: string | null;
  /** The invitation's language, used when the link names none. */
  language: string | null;
  /** The page's script and stylesheet by their hashed names (cached for a year); plain names if absent. */
  assets?: { script: string; style: string };
}

function meta(name: string, content: string | null): string {
  return content === null ? '' : `\n<meta name="${name}" content="${escapeHtml(content)}">`;
}

/** The page that runs a survey. */
export function respondentPage(facts: TPageFacts): string {
  const metas =
    meta('touchstone-touchpoint', facts.touchpointName) +
    meta('touchstone-customer-name', facts.customerName) +
    meta('touchstone-customer-first-name', firstNameOf(facts.customerName)) +
    meta('touchstone-language', facts.language);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Survey</title>${metas}
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/${escapeHtml(facts.assets?.style ?? 'respondent.css')}">
<script src="/assets/${escapeHtml(facts.assets?.script ?? 'respondent.js')}" defer></script>
</head>
<body>
<main id="touchstone-survey" class="ts-page"><p class="ts-loading">Loading the survey…</p></main>
<noscript><p class="ts-page">This survey needs JavaScript to run.</p></noscript>
</body>
</html>
`;
}

/** A page that says the survey cannot be answered (unknown or closed), with the right status. */
export function unavailablePage(message: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(message)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/respondent.css">
</head>
<body>
<main class="ts-page"><div class="ts-survey"><h1 class="ts-title">${escapeHtml(message)}</h1></div></main>
</body>
</html>
`;
}
