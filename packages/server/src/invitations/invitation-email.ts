import type { TStyleGuide } from '@touchstone/core';
import type { TCampaignMessage } from './campaigns.schema.js';

/** Everything one e-mail says, already in the recipient's language. */
export interface TInvitationEmailInput {
  kind: 'invitation' | 'reminder';
  language: string;
  message: TCampaignMessage;
  surveyTitle: string;
  customerName: string | null;
  brandName: string | null;
  style: TStyleGuide;
  /** The personal link: `<base>/s/<slug>?t=<token>`. */
  surveyUrl: string;
  unsubscribeUrl: string;
  /** When the survey opens with an NPS question: its text, shown above 0-10 score links. */
  nps: { question: string; minLabel: string | null; maxLabel: string | null } | null;
}

export interface TRenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const WORDS = {
  en: {
    start: 'Start the survey',
    hello: 'Hello',
    reminder: 'Reminder',
    unsubscribe: 'Unsubscribe',
    why: 'You receive this e-mail because you agreed to hear from us. Do not want surveys by e-mail any more?',
    scoreHint: 'Choose a score to open the survey with it:',
  },
  de: {
    start: 'Zur Umfrage',
    hello: 'Hallo',
    reminder: 'Erinnerung',
    unsubscribe: 'Abmelden',
    why: 'Sie erhalten diese E-Mail, weil Sie zugestimmt haben, von uns zu hören. Keine Umfragen per E-Mail mehr?',
    scoreHint: 'Wählen Sie eine Bewertung, um die Umfrage damit zu öffnen:',
  },
  fr: {
    start: 'Commencer le questionnaire',
    hello: 'Bonjour',
    reminder: 'Rappel',
    unsubscribe: 'Se désinscrire',
    why: 'Vous recevez cet e-mail car vous avez accepté d’être contacté. Vous ne souhaitez plus recevoir d’enquêtes ?',
    scoreHint: 'Choisissez une note pour ouvrir le questionnaire avec celle-ci :',
  },
} as const;

function wordsFor(language: string) {
  const primary = language.split('-')[0] ?? 'en';
  return primary in WORDS ? WORDS[primary as keyof typeof WORDS] : WORDS.en;
}

/** Escapes text for HTML content and double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A font stack from the style guide, reduced to characters that cannot leave a CSS value. */
function fontStack(value: string): string {
  const safe = value.replace(/[^A-Za-z0-9 ,'-]/g, '').trim();
  return safe === '' ? 'system-ui, sans-serif' : safe;
}

/** Paragraphs from plain text: blank lines separate paragraphs, single newlines break lines. */
function paragraphs(text: string, style: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p style="${style}">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

function npsBlock(input: TInvitationEmailInput, textColor: string, accent: string): string {
  if (!input.nps) return '';
  const cells = Array.from({ length: 11 }, (_, score) => {
    const href = escapeHtml(`${input.surveyUrl}&nps=${score}`);
    return `<td style="padding:2px"><a href="${href}" style="display:block;width:30px;line-height:30px;text-align:center;border:1px solid ${accent};border-radius:4px;color:${textColor};text-decoration:none;font-weight:bold">${score}</a></td>`;
  }).join('');
  const labels =
    input.nps.minLabel !== null || input.nps.maxLabel !== null
      ? `<tr><td colspan="6" style="font-size:12px;text-align:left">${escapeHtml(input.nps.minLabel ?? '')}</td><td colspan="5" style="font-size:12px;text-align:right">${escapeHtml(input.nps.maxLabel ?? '')}</td></tr>`
      : '';
  return `<p style="margin:24px 0 8px;font-weight:bold">${escapeHtml(input.nps.question)}</p>
<p style="margin:0 0 8px;font-size:13px">${escapeHtml(wordsFor(input.language).scoreHint)}</p>
<table role="presentation" cellspacing="0" cellpadding="0" style="border-collapse:collapse"><tr>${cells}</tr>${labels}</table>`;
}

/**
 * The invitation (or reminder) as branded HTML and plain text. Every piece of text from people
 * (campaign text, names, survey titles) is escaped: it is data, never markup.
 */
export function renderInvitationEmail(input: TInvitationEmailInput): TRenderedEmail {
  const words = wordsFor(input.language);
  const { colors, fonts, logoUrl } = input.style;
  const subject =
    input.kind === 'reminder'
      ? `${words.reminder}: ${input.message.subject}`
      : input.message.subject;
  const button = input.message.buttonLabel ?? words.start;
  const greeting = input.customerName ? `${words.hello} ${input.customerName},` : null;
  const body = `margin:0 0 16px;font-family:${fontStack(fonts.body)};font-size:16px;line-height:1.5;color:${colors.text}`;
  // Only https logos: mail clients block data: images and http would be mixed content.
  const logo =
    logoUrl !== null && logoUrl.startsWith('https://')
      ? `<img src="${escapeHtml(logoUrl)}" alt="${escapeHtml(input.brandName ?? '')}" style="max-height:48px;margin-bottom:16px">`
      : '';
  const html = `<!DOCTYPE html>
<html lang="${escapeHtml(input.language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:${colors.background}">
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" style="background:${colors.background}"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="600" cellspacing="0" cellpadding="0" style="max-width:600px;width:100%;border-top:6px solid ${colors.primary};background:#ffffff"><tr><td style="padding:32px 28px;font-family:${fontStack(fonts.body)};color:${colors.text}">
${logo}
<h1 style="margin:0 0 16px;font-family:${fontStack(fonts.heading)};font-size:22px;color:${colors.primary}">${escapeHtml(input.surveyTitle)}</h1>
${greeting === null ? '' : `<p style="${body}">${escapeHtml(greeting)}</p>`}
${paragraphs(input.message.intro, body)}
<table role="presentation" cellspacing="0" cellpadding="0" style="margin:24px 0"><tr><td style="border-radius:6px;background:${colors.primary}"><a href="${escapeHtml(input.surveyUrl)}" style="display:inline-block;padding:14px 28px;font-family:${fontStack(fonts.body)};font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none">${escapeHtml(button)}</a></td></tr></table>
${npsBlock(input, colors.text, colors.accent)}
<p style="margin:32px 0 0;font-size:12px;line-height:1.5;color:#666666">${escapeHtml(words.why)} <a href="${escapeHtml(input.unsubscribeUrl)}" style="color:${colors.secondary}">${escapeHtml(words.unsubscribe)}</a></p>
</td></tr></table>
</td></tr></table>
</body></html>
`;
  const text = [
    input.surveyTitle,
    '',
    ...(greeting === null ? [] : [greeting, '']),
    ...(input.message.intro.trim() === '' ? [] : [input.message.intro.trim(), '']),
    ...(input.nps ? [input.nps.question, ''] : []),
    `${button}: ${input.surveyUrl}`,
    '',
    '--',
    words.why,
    `${words.unsubscribe}: ${input.unsubscribeUrl}`,
    '',
  ].join('\n');
  return { subject, html, text };
}
