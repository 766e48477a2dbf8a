import { toFlag } from '../storage/rows.js';
import type { TSkipReason } from './campaigns.schema.js';
import type { TRecipient } from './audience.repository.js';

/**
 * Why a customer may not be e-mailed now, or null when they may: an address, no opt-out, consent
 * to e-mail, and (at invitation time only) no invitation to any survey within the frequency window.
 */
export function skipReasonOf(recipient: TRecipient, recentlyInvited: boolean): TSkipReason | null {
  if (recipient.email === null || recipient.email.trim() === '') return 'no_email';
  if (recipient.opted_out_at !== null) return 'opted_out';
  if (!toFlag(recipient.email_consent)) return 'no_consent';
  if (recentlyInvited) return 'frequency';
  return null;
}

/**
 * The language to write to a customer in: their locale when the campaign has it, else its primary
 * subtag (`pt` for `pt-BR`), else the survey's default language, else the campaign's first.
 */
export function pickLanguage(
  locale: string | null,
  available: readonly string[],
  surveyDefault: string,
): string {
  if (locale !== null) {
    if (available.includes(locale)) return locale;
    const primary = locale.split('-')[0] ?? locale;
    if (available.includes(primary)) return primary;
  }
  if (available.includes(surveyDefault)) return surveyDefault;
  return available[0] ?? surveyDefault;
}
