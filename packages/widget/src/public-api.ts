/** The public survey and response API, as the respondent page and the widget call it. */
import type { TAnswers, TSurveyDefinition } from '@touchstone/core';
import type { TThemeSource } from './theme.js';

/** A live survey as `GET /api/public/surveys/:slug` returns it. */
export interface TPublicSurvey {
  slug: string;
  version: number;
  definition: TSurveyDefinition;
  /** The language the server resolved from `?lang=` or Accept-Language. */
  language: string;
  /** The brand's style guide. */
  style: TThemeSource | null;
  /** The brand's name, shown above the survey; null without a brand. */
  brandName?: string | null;
}

/** Starts a response (`complete: false`) or submits it whole. */
export interface TStartBody {
  answers: TAnswers;
  hidden: Record<string, string>;
  language: string;
  complete: boolean;
  /** Left out, the server decides (link, or email for an invitation). */
  channel?: string;
  touchpointKey?: string;
  /** The personal token of an e-mail invitation (`?t=` of the link). */
  invitation?: string;
  /** The customer named by `touchstone.identify()` on a widget page. */
  customerExternalId?: string;
}

/** Continues a partial response: the answers replace those so far. */
export interface TContinueBody {
  answers: TAnswers;
  language: string;
  complete: boolean;
}

/** The server's answer to a response write. */
export interface TResponseReceipt {
  id: string;
  status: 'partial' | 'complete';
  /** Continue with this token; null once complete. */
  resumeToken: string | null;
}

/** A response read back with its resume token, with the survey version it answers. */
export interface TStoredResponse {
  status: 'partial' | 'complete';
  answers: TAnswers;
  hidden: Record<string, string>;
  language: string;
  survey: TPublicSurvey;
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
    // Writes finish even when the page is left right after (respondent bodies are far below
    // the 64 KB keepalive budget).
    keepalive: init?.method !== undefined,
    headers: init?.body ? { 'content-type': 'application/json' } : {},
  });
  if (!response.ok) throw new ApiFailure(response.status);
  return (await response.json()) as T;
}

/** The public API under one origin (the page's own, or the widget script's). */
export function publicApi(origin: string) {
  const base = `${origin}/api/public`;
  return {
    survey(slug: string, language: string | null) {
      const query = new URLSearchParams();
      if (language) query.set('lang', language);
      const suffix = query.size > 0 ? `?${query.toString()}` : '';
      return call<TPublicSurvey>(`${base}/surveys/${encodeURIComponent(slug)}${suffix}`);
    },
    create(slug: string, body: TStartBody) {
      return call<TResponseReceipt>(`${base}/surveys/${encodeURIComponent(slug)}/responses`, {
        method: 'POST',
        body: JSON.stringify(body),
      });
    },
    update(token: string, body: TContinueBody) {
      return call<TResponseReceipt>(`${base}/responses/${encodeURIComponent(token)}`, {
        method: 'PUT',
        body: JSON.stringify(body),
      });
    },
    /** The resume token of the response given through an invitation; null before the first. */
    async reopen(slug: string, invitation: string): Promise<{ resumeToken: string } | null> {
      try {
        return await call<{ resumeToken: string }>(
          `${base}/surveys/${encodeURIComponent(slug)}/reopen`,
          { method: 'POST', body: JSON.stringify({ invitation }) },
        );
      } catch (error) {
        if (error instanceof ApiFailure && (error.status === 404 || error.status === 422))
          return null;
        throw error;
      }
    },
    read(token: string) {
      return call<TStoredResponse>(`${base}/responses/${encodeURIComponent(token)}`);
    },
  };
}

export type TPublicApi = ReturnType<typeof publicApi>;
