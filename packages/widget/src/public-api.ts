/** The public survey and response API, as the respondent page and the widget call it. */
import type { TAnswers, TSurveyDefinition } from '@touchstone/core';
import type { TThemeSource } from './theme.js';

/** A live survey as `GET /api/public/surveys/:slug` returns it. */
export interface TPublicSurvey {
  slug: string;
  version: number;
  definition: TSurveyDefinition;
  language: string;
  styleGuide: TThemeSource | null;
  touchpoint?: { key: string; name: string } | null;
}

/** What a respondent sends, partial or complete. */
export interface TResponseBody {
  answers: TAnswers;
  hidden: Record<string, string>;
  language: string;
  channel: string;
  complete: boolean;
  customerExternalId?: string;
}

/** The server's answer to a response write. */
export interface TResponseReceipt {
  id: string;
  resumeToken: string;
  status: 'partial' | 'complete';
}

/** A partial response read back with its resume token. */
export interface TStoredResponse {
  status: 'partial' | 'complete';
  answers: TAnswers;
  hidden: Record<string, string>;
  language: string;
}

/** An HTTP failure, with the status so callers can tell "closed" from "offline". */
export class ApiFailure extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, {
    ...init,
    credentials: 'omit',
    headers: init?.body ? { 'content-type': 'application/json' } : {},
  });
  if (!response.ok) throw new ApiFailure(response.status);
  return (await response.json()) as T;
}

/** The public API under one origin (the page's own, or the widget script's). */
export function publicApi(origin: string) {
  const base = `${origin}/api/public`;
  return {
    survey(slug: string, language: string | null, touchpoint: string | null) {
      const query = new URLSearchParams();
      if (language) query.set('lang', language);
      if (touchpoint) query.set('touchpoint', touchpoint);
      const suffix = query.size > 0 ? `?${query.toString()}` : '';
      return call<TPublicSurvey>(`${base}/surveys/${encodeURIComponent(slug)}${suffix}`);
    },
    create(slug: string, body: TResponseBody) {
      return call<TResponseReceipt>(`${base}/surveys/${encodeURIComponent(slug)}/responses`, {
        method: 'POST',
        body: JSON.stringify(body),
      });
    },
    update(token: string, body: TResponseBody) {
      return call<TResponseReceipt>(`${base}/responses/${encodeURIComponent(token)}`, {
        method: 'PUT',
        body: JSON.stringify(body),
      });
    },
    read(token: string) {
      return call<TStoredResponse>(`${base}/responses/${encodeURIComponent(token)}`);
    },
  };
}

export type TPublicApi = ReturnType<typeof publicApi>;
