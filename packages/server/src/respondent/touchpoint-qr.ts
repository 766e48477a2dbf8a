import QRCode from 'qrcode';
import type { TServiceContext } from '../auth/actor.js';
import { invalidField } from '@touchstone/core';
import { getSurvey } from '../surveys/surveys.service.js';
import { getTouchpoint } from '../touchpoints/touchpoints.service.js';
import { surveyLink, type TLinkChannel } from './survey-link.js';

/** A QR code request: the touchpoint, the survey to open, how the link names its channel. */
export interface TQrRequest {
  touchpointId: string;
  surveyId: string | undefined;
  channel: TLinkChannel;
  /** Edge length of the PNG in pixels. */
  size: number;
  origin: string;
}

/**
 * The respondent link a touchpoint's QR code encodes. The touchpoint is looked up first, so a
 * touchpoint of another organization is a 404 whatever the query says.
 */
export async function touchpointQrLink(ctx: TServiceContext, request: TQrRequest): Promise<string> {
  const touchpoint = await getTouchpoint(ctx, request.touchpointId);
  if (request.surveyId === undefined) {
    throw invalidField('query.surveyId', 'required: the survey the code opens');
  }
  const survey = await getSurvey(ctx, request.surveyId);
  return surveyLink(request.origin, survey.slug, touchpoint.key, request.channel);
}

// Medium error correction survives a smudged or partly covered print; margin 2 modules is the
// smallest quiet zone scanners read reliably on a plain background.
const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 2 } as const;

/** The touchpoint's QR code as a PNG. */
export async function touchpointQrPng(ctx: TServiceContext, request: TQrRequest): Promise<Buffer> {
  const link = await touchpointQrLink(ctx, request);
  return QRCode.toBuffer(link, { ...QR_OPTIONS, type: 'png', width: request.size });
}

/** The touchpoint's QR code as SVG, for print at any size. */
export async function touchpointQrSvg(ctx: TServiceContext, request: TQrRequest): Promise<string> {
  const link = await touchpointQrLink(ctx, request);
  return QRCode.toString(link, { ...QR_OPTIONS, type: 'svg' });
}
