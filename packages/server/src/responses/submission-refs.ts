import type { TFieldIssue } from '@touchstone/core';
import type { TOrgRuntime, TSurveyRuntime } from '../surveys/survey-cache.js';

/** How a submission names its touchpoint: by id, by key, or in the `touchpoint` hidden field. */
export interface TTouchpointRef {
  touchpointId?: string | undefined;
  touchpointKey?: string | undefined;
  hidden: Record<string, string>;
}

/** The hidden field that may carry a touchpoint key (QR codes and links at a touchpoint). */
export const TOUCHPOINT_HIDDEN_FIELD = 'touchpoint';

/**
 * The touchpoint of a submission, from the cached organization (no query): it must be the
 * organization's and, when the survey lists touchpoints, one of them. A survey with exactly one
 * touchpoint answers for it when none is named.
 */
export function resolveTouchpoint(
  ref: TTouchpointRef,
  survey: TSurveyRuntime,
  org: TOrgRuntime,
  prefix: string,
  issues: TFieldIssue[],
): string | null {
  let id: string | null = null;
  let field = `${prefix}touchpointId`;
  if (ref.touchpointId !== undefined) {
    if (!org.touchpointKeyById.has(ref.touchpointId)) {
      issues.push({ field, message: 'not a touchpoint of this organization' });
      return null;
    }
    id = ref.touchpointId;
  }
  const key = ref.touchpointKey ?? ref.hidden[TOUCHPOINT_HIDDEN_FIELD];
  if (key !== undefined) {
    field =
      ref.touchpointKey !== undefined
        ? `${prefix}touchpointKey`
        : `${prefix}hidden.${TOUCHPOINT_HIDDEN_FIELD}`;
    const byKey = org.touchpointIdByKey.get(key);
    if (byKey === undefined) {
      issues.push({ field, message: `no touchpoint has the key ${key}` });
      return null;
    }
    if (id !== null && id !== byKey) {
      issues.push({ field, message: 'names another touchpoint than touchpointId' });
      return null;
    }
    id = byKey;
  }
  if (id === null) {
    if (survey.touchpointIds.size === 1) return [...survey.touchpointIds][0] ?? null;
    return null;
  }
  if (survey.touchpointIds.size > 0 && !survey.touchpointIds.has(id)) {
    issues.push({ field, message: 'not one of the touchpoints this survey is attached to' });
    return null;
  }
  return id;
}

/** The language of a submission: one of the survey's, or the default language. */
export function resolveSubmissionLanguage(
  languages: readonly string[],
  defaultLanguage: string,
  given: string | undefined,
  field: string,
  issues: TFieldIssue[],
): string {
  if (given === undefined) return defaultLanguage;
  if (languages.includes(given)) return given;
  issues.push({ field, message: `the survey is in ${languages.join(', ')}` });
  return defaultLanguage;
}
