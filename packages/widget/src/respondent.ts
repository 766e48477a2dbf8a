/**
 * The respondent page at /s/<slug>: reads the link (language, hidden fields, touchpoint,
 * channel, invitation, resume token), loads the survey, resumes a partial response, and saves
 * answers as they are given.
 */
import './styles/survey.css';
import './styles/respondent.css';
import type { TAnswers, TSurveyDefinition } from '@touchstone/core';
import { clear, el } from './dom.js';
import { messagesFor } from './messages.js';
import {
  ApiFailure,
  publicApi,
  type TPublicApi,
  type TStartBody,
  type TStoredResponse,
} from './public-api.js';
import { responseSaver } from './response-saver.js';
import { mountSurvey } from './survey-view.js';
import { applyTheme, pageLogo, resolveTheme } from './theme.js';

/** Channels a link may name; anything else is left to the server (link, or email). */
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
    // Resuming then works through the ?r= link only.
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
    el('div', { class: 'ts-survey', lang: language }, el('h1', { class: 'ts-title' }, text)),
  );
}

async function readStored(api: TPublicApi, token: string): Promise<TStoredResponse | null> {
  try {
    return await api.read(token);
  } catch (error) {
    // A token the server does not know is forgotten; a network error is not.
    if (error instanceof ApiFailure && error.status >= 400 && error.status < 500) return null;
    throw error;
  }
}

/** A fact the server put in the page's head (touchpoint, invited customer, language). */
function pageFact(name: string): string | null {
  return document.querySelector(`meta[name="${name}"]`)?.getAttribute('content') || null;
}

/**
 * The 0-10 links of an invitation e-mail add `nps=<score>`: when the survey opens with an NPS
 * question that has no answer yet, the score becomes its answer and the page opens on the next
 * question. Returns whether it did.
 */
function applyEmailScore(def: TSurveyDefinition, answers: TAnswers, params: URLSearchParams) {
  const first = def.questions[0];
  const score = params.get('nps');
  if (first?.type !== 'nps' || score === null || !/^(?:10|\d)$/.test(score)) return false;
  if (answers[first.id] !== undefined) return false;
  answers[first.id] = Number(score);
  return true;
}

async function start(main: HTMLElement): Promise<void> {
  const url = new URL(window.location.href);
  const params = url.searchParams;
  const slug = decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() ?? '');
  // A personal e-mail link opens in the invitation's language unless the link names one.
  const requestedLanguage = params.get('lang') ?? pageFact('touchstone-language');
  const api = publicApi(window.location.origin);
  const fallbackLanguage = requestedLanguage ?? navigator.language ?? 'en';

  const invitation = params.get('t');
  let token = params.get('r') ?? remembered(slug);
  // A personal link takes one response: opened again, it reopens that response (editable while
  // partial, shown as answered once complete) instead of starting a second one.
  if (token === null && invitation !== null) {
    token = (await api.reopen(slug, invitation))?.resumeToken ?? null;
  }
  const stored = token === null ? null : await readStored(api, token);
  if (token !== null && stored === null) {
    token = null;
    remember(slug, null);
  }
  setTokenInUrl(token);

  let survey;
  try {
    // A resumed response goes on with the survey version it started on.
    survey = stored?.survey ?? (await api.survey(slug, requestedLanguage));
  } catch (error) {
    const m = messagesFor(fallbackLanguage);
    const status = error instanceof ApiFailure ? error.status : 0;
    const text = status === 410 ? m.closed : status === 404 ? m.notFound : m.sendFailed;
    showMessage(main, fallbackLanguage, text);
    return;
  }
  const def = survey.definition;
  const hidden: Record<string, string> = { ...stored?.hidden };
  for (const field of def.hiddenFields) {
    const value = params.get(field.key);
    if (value !== null) hidden[field.key] = value;
  }
  // A resumed response keeps its language unless the link asks for another one.
  const language =
    stored && (requestedLanguage === null || !def.languages.includes(requestedLanguage))
      ? stored.language
      : survey.language;

  const startBody: Omit<TStartBody, 'answers' | 'complete'> = { hidden, language };
  const channel = params.get('channel');
  if (channel !== null && LINK_CHANNELS.has(channel)) startBody.channel = channel;
  const touchpointKey = params.get('touchpoint');
  if (touchpointKey !== null) startBody.touchpointKey = touchpointKey;
  if (invitation !== null) startBody.invitation = invitation;

  document.documentElement.lang = language;
  applyTheme(document.body, resolveTheme(survey.style));
  const saver = responseSaver(api, slug, startBody, token, (t) => {
    remember(slug, t);
    setTokenInUrl(t);
  });
  // Leaving or hiding the page (switching apps on a phone) saves what is waiting at once.
  window.addEventListener('pagehide', () => saver.flush());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') saver.flush();
  });
  const touchpointName = pageFact('touchstone-touchpoint');
  const customerName = pageFact('touchstone-customer-name');
  const answers = { ...stored?.answers };
  const scored = stored?.status === 'complete' ? false : applyEmailScore(def, answers, params);
  const handle = mountSurvey(main, {
    definition: def,
    language,
    hidden,
    piping: {
      touchpoint: touchpointName ? { name: touchpointName } : null,
      customer: customerName
        ? { name: customerName, firstName: pageFact('touchstone-customer-first-name') }
        : null,
    },
    answers,
    logo: pageLogo(survey.style),
    brandName: survey.brandName ?? null,
    completed: stored?.status === 'complete',
    onChange: (shown) => saver.schedule(shown),
    submit: async (shown) => {
      await saver.complete(shown);
      remember(slug, null);
    },
  });
  document.title = document.getElementById(handle.titleId)?.textContent || document.title;
  // The score clicked in the e-mail is an answer given: save it as the respondent goes on.
  if (scored) saver.schedule(handle.answers());
}

const main = document.getElementById('touchstone-survey');
if (main) {
  start(main).catch(() => {
    const language = navigator.language || 'en';
    showMessage(main, language, messagesFor(language).sendFailed);
  });
}
