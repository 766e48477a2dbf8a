import {
  ZAnswers,
  ZExternalId,
  ZId,
  ZKey,
  ZLanguage,
  ZResponseStatus,
  ZStyleGuide,
  ZSurveyDefinition,
} from '@touchstone/core';
import { z } from 'zod';

/** Channels a respondent page or the widget may report. */
export const ZPublicChannel = z.enum(['link', 'qr', 'widget', 'email']);

const ZHiddenValues = z.record(z.string().max(64), z.string().max(1000));

/** Starts a response, or submits it whole (`complete`, the default). */
export const ZPublicSubmit = z.strictObject({
  answers: ZAnswers.default({}),
  /** Hidden fields; the query string may carry them too (the body wins). */
  hidden: ZHiddenValues.default({}),
  language: ZLanguage.optional(),
  /** False saves part-way and returns a resume token; true runs the full validation. */
  complete: z.boolean().default(true),
  channel: ZPublicChannel.optional(),
  touchpointKey: ZKey.optional(),
  /** The personal token of an e-mail invitation. */
  invitation: z.string().min(16).max(200).optional(),
  /** Widget only: the customer the page named with `touchstone.identify()`; unknown ids are left out. */
  customerExternalId: ZExternalId.optional(),
});
export type TPublicSubmit = z.infer<typeof ZPublicSubmit>;

/** Continues a partial response: `answers` replaces the answers so far (send all of them). */
export const ZPublicContinue = z.strictObject({
  answers: ZAnswers,
  /** Merged over the hidden fields given when the response started. */
  hidden: ZHiddenValues.optional(),
  language: ZLanguage.optional(),
  complete: z.boolean().default(true),
});
export type TPublicContinue = z.infer<typeof ZPublicContinue>;

/** Query parameters of respondent links: `lang`, `channel`, and hidden fields by their keys. */
export const ZPublicQuery = z.looseObject({
  /** The language asked for (the browser's Accept-Language is the fallback). */
  lang: z.string().max(35).optional(),
  channel: z.string().max(20).optional(),
});
export type TPublicQuery = z.infer<typeof ZPublicQuery>;

export const ZPublicSubmitResult = z.object({
  id: ZId,
  status: ZResponseStatus,
  /** Continue with PUT /api/public/responses/{token}; null once complete. */
  resumeToken: z.string().nullable(),
  /** The thank-you text in the response's language, once complete. */
  thankYou: z.string().nullable(),
});
export type TPublicSubmitResult = z.infer<typeof ZPublicSubmitResult>;

/** A live survey as respondents get it: the definition, the brand's look, the chosen language. */
export const ZPublicSurvey = z.object({
  slug: z.string(),
  version: z.number().int(),
  language: z.string(),
  definition: ZSurveyDefinition,
  style: ZStyleGuide,
  /** The brand respondents see the survey from; null without a brand. */
  brandName: z.string().nullable(),
});
export type TPublicSurvey = z.infer<typeof ZPublicSurvey>;

/** A response read back with its resume token, with the survey version it answers. */
export const ZPublicResponse = z.object({
  id: ZId,
  status: ZResponseStatus,
  language: z.string(),
  answers: ZAnswers,
  hidden: z.record(z.string(), z.string()),
  survey: ZPublicSurvey,
});
export type TPublicResponse = z.infer<typeof ZPublicResponse>;

/** Reopens the response given through a personal invitation link. */
export const ZPublicReopen = z.object({
  /** The personal token of the e-mail invitation (`?t=` of the link). */
  invitation: z.string().min(1).max(200),
});
export type TPublicReopen = z.infer<typeof ZPublicReopen>;

export const ZPublicReopenResult = z.object({
  /** Read the response with GET /api/public/responses/{token}; continue it while partial. */
  resumeToken: z.string(),
  status: ZResponseStatus,
});

export const ZSlugParams = z.object({ slug: z.string().min(1).max(64) });
export const ZTokenParams = z.object({ token: z.string().min(16).max(200) });
