// Masking of e-mail addresses and phone numbers in free text, before a comment is stored.

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

// A run of digits with the separators phone numbers are written with, not touching a letter or
// digit: "+44 20 7946 0958", "(555) 123-4567", "06 12 34 56 78", "0044-20-79460958".
const PHONE_CANDIDATE =
  /(?<![\p{L}\p{N}+$€£¥#/.,-])(?:\(?\+|00)?\(?\d[\d ().\u00a0-]{5,}\d(?![\p{L}\p{N}]|[.,]\d)/gu;

// Dates and times are written with the same characters: 2024-03-12, 12.03.2024, 12/03/24.
const DATE_LIKE = /^(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4})(?:[ T]\d{1,2}[:.]\d{2})?$/;
const CURRENCY_BEFORE = /(?:[$€£¥₹]|\b(?:usd|eur|gbp|chf|jpy|aud|cad|inr|rs)\.?)\s*$/iu;
const CURRENCY_AFTER =
  /^\s*(?:[$€£¥₹]|(?:usd|eur|gbp|chf|jpy|aud|cad|inr|dollars?|euros?|pounds?)\b)/iu;

/** True when a candidate (with its surroundings) reads as a phone number. */
function isPhone(candidate: string, before: string, after: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  const international = /^\(?\+|^00/.test(candidate);
  if (DATE_LIKE.test(candidate.trim())) return false;
  if (CURRENCY_BEFORE.test(before) || CURRENCY_AFTER.test(after)) return false;
  if (international) return digits.length >= 9 && digits.length <= 15;
  if (digits.length < 9 || digits.length > 12) return false;
  // National numbers start with a trunk 0 or are grouped (555-123-4567, (555) 123 4567); a bare
  // run of digits that starts otherwise is an order or account number, not a phone.
  const grouped = /[\s().-]/.test(candidate);
  if (candidate.startsWith('0') || candidate.startsWith('(')) return true;
  return grouped && /^(?:1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}$/.test(candidate);
}

/**
 * The text with e-mail addresses replaced by `[email]` and phone numbers (international and
 * national formats) by `[phone]`; dates, prices, flight numbers and booking references are kept.
 */
export function maskPersonalData(text: string): string {
  const withoutEmails = text.replace(EMAIL, '[email]');
  return withoutEmails.replace(PHONE_CANDIDATE, (match: string, offset: number, whole: string) => {
    const candidate = match.trimEnd();
    const trailing = match.slice(candidate.length);
    const before = whole.slice(Math.max(0, offset - 6), offset);
    const after = whole.slice(offset + candidate.length, offset + candidate.length + 10);
    return isPhone(candidate, before, after) ? `[phone]${trailing}` : match;
  });
}
