import type { TInvitationResolver } from '../responses/invitations.js';
import type { TServices } from '../composition/services.js';
import { findTouchpoint } from '../touchpoints/touchpoints.repository.js';
import { hashedName, readAsset } from './respondent-assets.js';
import { logoOriginOf, respondentCsp, respondentPage, type TPageFacts } from './respondent-page.js';

/** The respondent page of a slug with its HTTP status: 404 unknown or draft, 410 closed. */
export interface TRespondentPage {
  status: 200 | 404 | 410;
  html: string;
  /** The page's Content-Security-Policy (it admits the brand's logo). */
  csp: string;
}

/** What the link says: the slug, and a touchpoint key and personal invitation token if given. */
export interface TPageLink {
  slug: string;
  touchpointKey?: string | undefined;
  invitationToken?: string | undefined;
}

const NO_FACTS: TPageFacts = { touchpointName: null, customerName: null, language: null };

/**
 * Builds the respondent page. The shell is the same in every case (its script shows the message
 * in the respondent's language); the status tells crawlers and monitors the truth. A touchpoint
 * named in the link is looked up for `{{touchpoint.name}}`; a personal e-mail link (`t=`) adds
 * the invited customer's name, the invitation's touchpoint and its language.
 */
export async function respondentPageFor(
  services: TServices,
  link: TPageLink,
  invitations?: TInvitationResolver,
): Promise<TRespondentPage> {
  const { storage } = services;
  const cache = services.surveys;
  const survey = await cache.surveyBySlug(link.slug);
  if (!survey || survey.status === 'draft') {
    return { status: 404, html: respondentPage(NO_FACTS), csp: respondentCsp() };
  }
  if (survey.status === 'closed') {
    return { status: 410, html: respondentPage(NO_FACTS), csp: respondentCsp() };
  }
  const invitation =
    link.invitationToken === undefined || invitations === undefined
      ? undefined
      : await invitations.resolve(storage, survey, link.invitationToken);
  // The invitation's touchpoint wins over the link's, as it does for the stored response.
  let touchpointId = invitation?.touchpointId ?? null;
  if (touchpointId === null && link.touchpointKey !== undefined) {
    const org = await cache.org(survey.organizationId);
    touchpointId = org.touchpointIdByKey.get(link.touchpointKey) ?? null;
  }
  const touchpoint =
    touchpointId === null
      ? undefined
      : await findTouchpoint(storage.db, survey.organizationId, touchpointId);
  return {
    status: 200,
    html: respondentPage({
      touchpointName: touchpoint?.name ?? null,
      customerName: invitation?.customerName ?? null,
      language: invitation?.language ?? null,
      assets: await hashedAssets(),
    }),
    csp: respondentCsp(logoOriginOf(survey.styleGuide.logoUrl)),
  };
}

/** The hashed names of the page's script and stylesheet; undefined while they are not built. */
async function hashedAssets(): Promise<TPageFacts['assets']> {
  try {
    const [script, style] = await Promise.all([
      readAsset('respondent.js'),
      readAsset('respondent.css'),
    ]);
    return {
      script: hashedName('respondent.js', script.hash),
      style: hashedName('respondent.css', style.hash),
    };
  } catch {
    return undefined;
  }
}
