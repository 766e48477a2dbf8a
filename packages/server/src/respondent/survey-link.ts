import type { FastifyRequest } from 'fastify';
import type { TConfig } from '../config.js';

/** Channels a printed or shared link may name. */
export const LINK_CHANNELS = ['qr', 'link'] as const;
export type TLinkChannel = (typeof LINK_CHANNELS)[number];

/**
 * The absolute respondent link of a survey at a touchpoint:
 * `<origin>/s/<slug>?touchpoint=<key>&channel=qr`. QR codes encode exactly this string.
 */
export function surveyLink(
  origin: string,
  slug: string,
  touchpointKey: string,
  channel: TLinkChannel = 'qr',
): string {
  const query = new URLSearchParams({ touchpoint: touchpointKey, channel });
  return `${origin.replace(/\/+$/, '')}/s/${encodeURIComponent(slug)}?${query.toString()}`;
}

/** The origin respondents reach: the configured public URL, else the request's own host. */
export function publicOrigin(config: TConfig, request: FastifyRequest): string {
  if (config.publicBaseUrl !== null) return new URL(config.publicBaseUrl).origin;
  return `${request.protocol}://${request.host}`;
}
