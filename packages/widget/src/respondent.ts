/**
 * The respondent page at /s/<slug>: reads the link (language, hidden fields, channel, resume
 * token), loads the survey, resumes a partial response, and saves answers as they are given.
 */
import './styles/survey.css';
import './styles/respondent.css';
import type { TAnswers } from '@touchstone/core';
import { el, clear } from './dom.js';
import { messagesFor } from './messages.js';
import { ApiFailure, publicApi, type TStoredResponse } from './public-api.js';
import { responseSaver } from './response-saver.js';
import { mountSurvey } from './survey-view.js';
import { applyTheme, inlineLogo, resolveTheme } from './theme.js';

/** Query parameters that steer the page rather than fill hidden fields. */
const RESERVED = new Set(['lang', 'r', 'channel']);
/** Channels a link may name; anything else counts as a plain link. */
const LINK_CHANNELS = new Set(['link', 'qr', 'email']);

const storageKey = (slug: string) => `touchstone:resume:${slug}`;

function remembered(slug: string): string | null {
  try {
    return localStorage.getItem(storageKey(slug));
  } catch {
    return null; // storage disabled (private mode): the URL still carries the token
  }
}

function remember(slug: string, token: string | null): void {
  try {
    if (token === null) localStorage.removeItem(storageKey(slug));
    else localStorage.setItem(storageKey(slug), token);
  } catch {
    // Nothing to do: resuming then works through the ?r= link only.
  }
}

function setTokenInUrl(token: string | null): void {
  const url = new URL(window.location.href);
  if (token === null) url.searchParams.delete('r');
  else url.searchParams.set('r', token);
  window.history.replaceState(window.history.state, '', url.toString());
}

function showMessage(main: HTMLElement, language: string, text: string): void {
  clear(main);
  main.append(
    el(
      'div',
      { class: 'ts-survey', lang: language },
      el('h1', { class: 'ts-title', tabindex: '-1' }, text),
    ),
  );
}

async function readStored(api: ReturnType<typeof publicApi>, token: string) {
  try {
    return await api.read(token);
  } catch (error) {
    // A token that is unknown (or for another survey) is forgotten; a network error is not.
    if (error instanceof ApiFailure && error.status >= 400 && error.status < 500) return null;
    throw error;
  }
}

async function start(main: HTMLElement): Promise<void> {
  const url = new URL(window.location.href);
  const slug = decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() ?? '');
  const requestedLanguage = url.searchParams.get('lang');
  const channelParam = url.searchParams.get('channel') ?? 'link';
  const channel = LINK_CHANNELS.has(channelParam) ? channelParam : 'link';
  const api = publicApi(window.location.origin);
  const browserLanguage = navigator.language || 'en';

  let survey;
  try {
    survey = await api.survey(slug, requestedLanguage, url.searchParams.get('touchpoint'));
  } catch (error) {
    const m = messagesFor(requestedLanguage ?? browserLanguage);
    const status = error instanceof ApiFailure ? error.status : 0;
    showMessage(
      main,
      browserLanguage,
      status === 410 ? m.closed : status === 404 ? m.notFound : m.sendFailed,
    );
    return;
  }
  const def = survey.definition;
  const declared = new Set(def.hiddenFields.map((f) => f.key));
  let hidden: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    if (!RESERVED.has(key) && declared.has(key)) hidden[key] = value;
  }

  let token = url.searchParams.get('r') ?? remembered(slug);
  let stored: TStoredResponse | null = null;
  if (token !== null) {
    stored = await readStored(api, token);
    if (stored === null) {
      token = null;
      remember(slug, null);
      setTokenInUrl(null);
    } else {
      hidden = { ...stored.hidden, ...hidden };
      setTokenInUrl(token);
    }
  }
  // A resumed response keeps its language unless the link asks for another one.
  const language =
    stored && requestedLanguage === null && def.languages.includes(stored.language)
      ? stored.language
      : survey.language;

  document.documentElement.lang = language;
  applyTheme(document.body, resolveTheme(survey.styleGuide));
  const answers: TAnswers = stored?.answers ?? {};
  const saver = responseSaver(api, slug, { hidden, language, channel }, token, (t) => {
    remember(slug, t);
    setTokenInUrl(t);
  });
  const handle = mountSurvey(main, {
    definition: def,
    language,
    hidden,
    piping: { touchpoint: survey.touchpoint ?? null },
    answers,
    logo: inlineLogo(survey.styleGuide),
    completed: stored?.status === 'complete',
    onChange: (shown) => saver.schedule(shown),
    submit: async (shown) => {
      await saver.complete(shown);
      remember(slug, null);
    },
  });
  document.title = document.getElementById(handle.titleId)?.textContent ?? document.title;
}

const main = document.getElementById('touchstone-survey');
if (main) {
  start(main).catch(() => {
    showMessage(
      main,
      navigator.language || 'en',
      messagesFor(navigator.language || 'en').sendFailed,
    );
  });
}
