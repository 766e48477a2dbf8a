/**
 * The embeddable widget: `<script src="https://<host>/widget.js" data-key="<public key>" async>`.
 * Loads the organization's widget configuration, watches the triggers, applies the display rules
 * and shows a survey in a slide-in that submits through the public response API.
 *
 * Page API: `touchstone.track('checkout_completed')` fires event triggers and
 * `touchstone.identify('<customer external id>')` attaches the customer to responses. Calls made
 * before the script has loaded can be queued as `window.touchstone = { q: [['track', 'x']] }`.
 */
import surveyCss from './styles/survey.css?inline';
import widgetCss from './styles/widget.css?inline';
import { messagesFor } from './messages.js';
import { publicApi } from './public-api.js';
import { mountSurvey } from './survey-view.js';
import { applyTheme, resolveTheme } from './theme.js';
import { mayShow, urlMatches, type TWidgetConfig, type TWidgetSurvey } from './widget-rules.js';
import { openSlideIn } from './widget-dialog.js';

/** The page-facing API on `window.touchstone`. */
export interface TTouchstoneApi {
  track(event: string): void;
  identify(customerExternalId: string): void;
}

type TQueued = [string, ...unknown[]];

declare global {
  interface Window {
    touchstone?: TTouchstoneApi | { q?: TQueued[] };
  }
}

const script = document.currentScript as HTMLScriptElement | null;

function lastShown(key: string, slug: string): number | null {
  try {
    const stored = localStorage.getItem(`touchstone:widget:${key}:${slug}`);
    return stored === null ? null : Number(stored);
  } catch {
    return null;
  }
}

function markShown(key: string, slug: string, nowMs: number): void {
  try {
    localStorage.setItem(`touchstone:widget:${key}:${slug}`, String(nowMs));
  } catch {
    // Without storage the frequency cap cannot hold across pages; the page-level guard still does.
  }
}

function startWidget(publicKey: string, origin: string): TTouchstoneApi {
  const api = publicApi(origin);
  const listeners = new Map<string, TWidgetSurvey[]>();
  let customer: string | null = null;
  // One survey per page view: a second trigger never stacks another slide-in.
  let busy = false;

  const show = async (survey: TWidgetSurvey) => {
    if (busy || !mayShow(survey, lastShown(publicKey, survey.slug), Date.now(), Math.random()))
      return;
    busy = true;
    try {
      const loaded = await api.survey(survey.slug, navigator.language || null);
      markShown(publicKey, survey.slug, Date.now());
      const m = messagesFor(loaded.language);
      const slideIn = openSlideIn(`${surveyCss}\n${widgetCss}`, m, () => undefined);
      applyTheme(slideIn.panel, resolveTheme(loaded.style));
      const handle = mountSurvey(slideIn.body, {
        definition: loaded.definition,
        language: loaded.language,
        hidden: {},
        piping: {},
        answers: {},
        logo: null,
        brandName: loaded.brandName ?? null,
        submit: async (answers) => {
          await api.create(survey.slug, {
            answers,
            hidden: {},
            language: loaded.language,
            channel: 'widget',
            complete: true,
            ...(customer !== null ? { customerExternalId: customer } : {}),
          });
        },
      });
      slideIn.labelBy(handle.titleId);
      const heading = slideIn.body.querySelector<HTMLElement>('.ts-q-title');
      heading?.focus();
    } catch {
      busy = false; // the survey could not be loaded; a later trigger may try again
    }
  };

  const load = async () => {
    const response = await fetch(
      `${origin}/api/public/widget/${encodeURIComponent(publicKey)}/config`,
      {
        credentials: 'omit',
      },
    );
    if (!response.ok) return;
    const config = (await response.json()) as TWidgetConfig;
    for (const survey of config.surveys) {
      for (const trigger of survey.triggers) {
        if (trigger.type === 'event') {
          listeners.set(trigger.event, [...(listeners.get(trigger.event) ?? []), survey]);
        } else if (urlMatches(trigger.urlPattern, window.location)) {
          const delay = trigger.type === 'timeOnPage' ? trigger.seconds * 1000 : 0;
          setTimeout(() => void show(survey), delay);
        }
      }
    }
  };

  const ready = load().catch(() => undefined);
  return {
    track(event) {
      void ready.then(() => {
        for (const survey of listeners.get(event) ?? []) void show(survey);
      });
    },
    identify(customerExternalId) {
      customer = String(customerExternalId);
    },
  };
}

const publicKey = script?.dataset['key'];
if (script && publicKey) {
  const queued = window.touchstone && 'q' in window.touchstone ? (window.touchstone.q ?? []) : [];
  const touchstone = startWidget(publicKey, new URL(script.src).origin);
  window.touchstone = touchstone;
  for (const [method, ...args] of queued) {
    if (method === 'identify' || method === 'track') touchstone[method](String(args[0]));
  }
}
