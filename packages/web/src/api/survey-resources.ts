import type {
  TResponse,
  TSurvey,
  TSurveyCreate,
  TSurveyDefinition,
  TSurveyUpdate,
} from '@touchstone/core';
import { api, apiUrl, fetchAll, type TPage, type TQuery } from './client.js';

/** One stored version of a survey (`GET /api/surveys/:id/versions/:version`). */
export interface TSurveyVersion {
  version: number;
  definition: TSurveyDefinition;
  createdAt: string;
}

/** Who an e-mail campaign invites; the dashboard offers segments (no filter: everyone). */
export type TCampaignAudience =
  | { type: 'segment'; attr: string[] }
  | { type: 'customers'; customerIds: string[] }
  | { type: 'interactions'; interactionIds: string[] };

/** The e-mail text in one language. */
export interface TCampaignMessage {
  subject: string;
  intro: string;
  buttonLabel?: string;
}

/** What became of a campaign's audience so far. */
export interface TCampaignCounts {
  eligible: number;
  skipped: { noEmail: number; noConsent: number; optedOut: number; frequency: number };
  queued: number;
  sent: number;
  failed: number;
  responded: number;
  reminded: number;
  unsubscribed: number;
}

/** An e-mail campaign as `GET /api/campaigns` returns it (the schema lives in the server). */
export interface TCampaign {
  id: string;
  name: string;
  surveyId: string;
  status: 'draft' | 'scheduled' | 'sending' | 'sent';
  audience: TCampaignAudience;
  touchpointId: string | null;
  messages: Record<string, TCampaignMessage>;
  reminderDays: number;
  scheduledAt: string | null;
  sentAt: string | null;
  counts: TCampaignCounts;
  createdAt: string;
  updatedAt: string;
}

/** `POST /api/campaigns`. */
export interface TCampaignCreate {
  name: string;
  surveyId: string;
  audience: TCampaignAudience;
  touchpointId: string | null;
  messages: Record<string, TCampaignMessage>;
  reminderDays?: number;
  scheduledAt: string | null;
}

/** When a web widget offers a survey. */
export type TWidgetTrigger =
  | { type: 'pageView'; urlPattern?: string }
  | { type: 'timeOnPage'; seconds: number; urlPattern?: string }
  | { type: 'event'; event: string };

/** A survey a widget may show, with its display rules. */
export interface TWidgetSurveyRule {
  surveyId: string;
  triggers: TWidgetTrigger[];
  samplingPercent: number;
  oncePerDays: number;
}

/** A web widget: its public key goes in the script tag on a customer's site. */
export interface TWidget {
  id: string;
  name: string;
  publicKey: string;
  enabled: boolean;
  surveys: TWidgetSurveyRule[];
  createdAt: string;
  updatedAt: string;
}

/** The survey, response, campaign and widget endpoints the survey pages use. */
export const surveyEndpoints = {
  surveys: (query: TQuery) => api.get<TPage<TSurvey>>('/surveys', query),
  allSurveys: () => fetchAll<TSurvey>('/surveys', { sort: 'name' }),
  survey: (id: string) => api.get<TSurvey>(`/surveys/${id}`),
  createSurvey: (body: TSurveyCreate) => api.post<TSurvey>('/surveys', body),
  updateSurvey: (id: string, body: TSurveyUpdate) => api.patch<TSurvey>(`/surveys/${id}`, body),
  deleteSurvey: (id: string) => api.delete(`/surveys/${id}`),
  surveyVersion: (id: string, version: number) =>
    api.get<TSurveyVersion>(`/surveys/${id}/versions/${version}`),

  responses: (query: TQuery) => api.get<TPage<TResponse>>('/responses', query),
  response: (id: string) => api.get<TResponse>(`/responses/${id}`),

  campaigns: (surveyId: string) =>
    fetchAll<TCampaign>('/campaigns', { surveyId, sort: '-createdAt' }, 2),
  createCampaign: (body: TCampaignCreate) => api.post<TCampaign>('/campaigns', body),
  sendCampaign: (id: string, scheduledAt?: string) =>
    api.post<TCampaign>(`/campaigns/${id}/send`, scheduledAt ? { scheduledAt } : {}),

  widgets: async () => (await api.get<{ items: TWidget[] }>('/widgets')).items,
  createWidget: (body: { name: string; surveys: TWidgetSurveyRule[] }) =>
    api.post<TWidget>('/widgets', body),
  updateWidget: (id: string, body: { surveys: TWidgetSurveyRule[] }) =>
    api.patch<TWidget>(`/widgets/${id}`, body),
};

/** Links the browser follows itself (downloads, images): same-origin, with the session cookie. */
export const surveyLinks = {
  export: (surveyId: string, format: 'csv' | 'ndjson') =>
    apiUrl(`/surveys/${surveyId}/responses/export`, { format }),
  qr: (touchpointId: string, surveyId: string, format: 'png' | 'svg') =>
    apiUrl(`/touchpoints/${touchpointId}/qr.${format}`, { surveyId }),
};

/** react-query keys of the survey pages. */
export const surveyKeys = {
  surveys: ['surveys'] as const,
  surveyList: (query: TQuery) => ['surveys', 'list', query] as const,
  allSurveys: ['surveys', 'all'] as const,
  survey: (id: string) => ['surveys', id] as const,
  surveyVersion: (id: string, version: number) => ['surveys', id, 'versions', version] as const,
  responses: ['responses'] as const,
  responseList: (query: TQuery) => ['responses', 'list', query] as const,
  response: (id: string) => ['responses', id] as const,
  campaigns: (surveyId: string) => ['campaigns', surveyId] as const,
  widgets: ['widgets'] as const,
};
