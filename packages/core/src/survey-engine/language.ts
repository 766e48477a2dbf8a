import type { TSurveyDefinition, TText } from '../contracts/survey-definition.js';

/** Longest Accept-Language header read; the rest is ignored rather than parsed. */
const MAX_ACCEPT_LANGUAGE = 1000;

function primarySubtag(tag: string): string {
  return tag.split('-')[0] ?? tag;
}

/**
 * The survey language for one requested tag, or undefined: the tag itself (case-insensitive, as
 * BCP 47 tags are), then its primary subtag (`pt-BR` -> `pt`), then a regional variant of that
 * subtag (`de` -> `de-AT` when the survey has no plain `de`).
 */
function matchLanguage(languages: string[], requested: string): string | undefined {
  const wanted = requested.trim().toLowerCase();
  if (wanted === '' || wanted === '*') return undefined;
  const exact = languages.find((l) => l.toLowerCase() === wanted);
  if (exact !== undefined) return exact;
  const primary = primarySubtag(wanted);
  return (
    languages.find((l) => l.toLowerCase() === primary) ??
    languages.find((l) => primarySubtag(l.toLowerCase()) === primary)
  );
}

/** The tags of an Accept-Language header by descending q (ties keep header order; q=0 dropped). */
export function parseAcceptLanguage(header: string): string[] {
  const entries: { tag: string; q: number; position: number }[] = [];
  header
    .slice(0, MAX_ACCEPT_LANGUAGE)
    .split(',')
    .forEach((part, position) => {
      const [tagPart, ...params] = part.split(';');
      const tag = (tagPart ?? '').trim();
      if (tag === '') return;
      let q = 1;
      for (const param of params) {
        const [name, value] = param.split('=').map((s) => s.trim());
        if (name?.toLowerCase() !== 'q') continue;
        q = value !== undefined && /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value) ? Number(value) : 0;
      }
      if (q > 0) entries.push({ tag, q, position });
    });
  entries.sort((a, b) => b.q - a.q || a.position - b.position);
  return entries.map((e) => e.tag);
}

/**
 * Picks the language to show a survey in: the requested language (e.g. `?lang=`), matched
 * exactly, by primary subtag, or to a regional variant; then the browser's Accept-Language
 * entries in q order, matched the same way; then the survey's default language.
 */
export function resolveLanguage(
  def: TSurveyDefinition,
  requested: string | undefined,
  acceptLanguage: string | undefined,
): string {
  if (requested !== undefined) {
    const match = matchLanguage(def.languages, requested);
    if (match !== undefined) return match;
  }
  if (acceptLanguage !== undefined) {
    for (const tag of parseAcceptLanguage(acceptLanguage)) {
      const match = matchLanguage(def.languages, tag);
      if (match !== undefined) return match;
    }
  }
  return def.defaultLanguage;
}

/** A text in the given language, falling back to the survey's default language (then ''). */
export function localize(text: TText, language: string, def: TSurveyDefinition): string {
  if (Object.hasOwn(text, language)) {
    const value = text[language];
    if (value !== undefined && value.trim() !== '') return value;
  }
  return Object.hasOwn(text, def.defaultLanguage) ? (text[def.defaultLanguage] ?? '') : '';
}
