/**
 * A case e-mail in the brand's style: the style guide's colours, fonts and logo around the plain
 * text an agent wrote. All text is escaped; it is data, never markup.
 */
import type { TStyleGuide } from '@touchstone/core';
import { escapeHtml } from '../invitations/invitation-email.js';

export interface TCaseEmailInput {
  subject: string;
  body: string;
  brandName: string | null;
  style: TStyleGuide;
  caseNumber: number;
}

/** A font stack reduced to characters that cannot leave a CSS value. */
function fontStack(value: string): string {
  const safe = value.replace(/[^A-Za-z0-9 ,'-]/g, '').trim();
  return safe === '' ? 'system-ui, sans-serif' : safe;
}

/** A colour from the style guide, or the fallback when it is not a plain hex colour. */
function colour(value: string, fallback: string): string {
  return /^#[0-9a-fA-F]{3,8}$/.test(value) ? value : fallback;
}

export function renderCaseEmail(input: TCaseEmailInput): { html: string; text: string } {
  const { colors, fonts, logoUrl } = input.style;
  const primary = colour(colors.primary, '#1f4b99');
  const text = colour(colors.text, '#222222');
  const background = colour(colors.background, '#f5f5f5');
  const font = fontStack(fonts.body);
  const paragraphStyle = `margin:0 0 16px;font-family:${font};font-size:16px;line-height:1.5;color:${text}`;
  const paragraphs = input.body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p style="${paragraphStyle}">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  // Only https logos: mail clients block data: images and http would be mixed content.
  const logo =
    logoUrl !== null && logoUrl.startsWith('https://')
      ? `<img src="${escapeHtml(logoUrl)}" alt="${escapeHtml(input.brandName ?? '')}" style="max-height:48px;margin-bottom:16px">`
      : '';
  const heading =
    input.brandName === null
      ? ''
      : `<p style="margin:0 0 20px;font-family:${fontStack(fonts.heading)};font-size:20px;font-weight:bold;color:${primary}">${escapeHtml(input.brandName)}</p>`;
  const reference = `Case #${input.caseNumber}`;
  const html = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(input.subject)}</title></head>
<body style="margin:0;padding:0;background:${background}">
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" style="background:${background}"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="600" cellspacing="0" cellpadding="0" style="max-width:600px;width:100%;border-top:6px solid ${primary};background:#ffffff"><tr><td style="padding:32px 28px;font-family:${font};color:${text}">
${logo}
${heading}
${paragraphs}
<p style="margin:32px 0 0;font-size:12px;color:#666666">${escapeHtml(reference)}</p>
</td></tr></table>
</td></tr></table>
</body></html>
`;
  const plain = [
    ...(input.brandName === null ? [] : [input.brandName, '']),
    input.body.trim(),
    '',
    '--',
    reference,
    '',
  ].join('\n');
  return { html, text: plain };
}
