/**
 * Runs a survey in an element, one question per screen (mobile first): progress, display logic
 * re-evaluated on every change, per-question checks with focus on the first error, and the
 * thank-you screen. Shared by the respondent page and the widget.
 */
import type { TAnswer, TAnswers, TQuestion, TSurveyDefinition, TText } from '@touchstone/core';
import { append, clear, el, uid } from './dom.js';
import { localize, pipeText, visibleQuestions, type TPipingContext } from './engine.js';
import { format, messagesFor, type TMessages } from './messages.js';
import { checkAnswer, isAnswered } from './question-checks.js';
import { renderQuestion, type TQuestionView } from './questions/index.js';

/** What the survey runner needs to know about the survey and the respondent. */
export interface TSurveyRun {
  definition: TSurveyDefinition;
  language: string;
  hidden: Record<string, string>;
  piping: Omit<TPipingContext, 'hidden'>;
  /** Answers given earlier (a resumed partial response). */
  answers: TAnswers;
  /** A data: URL of the brand logo, or null. */
  logo: string | null;
  /** The brand's name, shown above the title; null or absent without a brand. */
  brandName?: string | null;
  /** The response was completed before (a reopened link): show the thank-you screen. */
  completed?: boolean;
  /** Called after every change with the answers of the questions shown. */
  onChange?(answers: TAnswers): void;
  /** Sends the completed response; a rejection keeps the respondent on the last screen. */
  submit(answers: TAnswers): Promise<void>;
}

/** A running survey. */
export interface TSurveyHandle {
  /** The id of the survey title, for aria-labelledby of a surrounding dialog. */
  titleId: string;
  /** The answers of the questions currently shown. */
  answers(): TAnswers;
}

/** Keeps only answers of questions that are shown and answered: hidden ones are never sent. */
export function shownAnswers(
  def: TSurveyDefinition,
  answers: TAnswers,
  hidden: Record<string, string>,
): TAnswers {
  const kept: TAnswers = {};
  for (const q of visibleQuestions(def, answers, hidden)) {
    const answer = answers[q.id];
    if (answer !== undefined && isAnswered(q, answer)) kept[q.id] = answer;
  }
  return kept;
}

/** Renders the survey into `mount` and runs it until the thank-you screen. */
export function mountSurvey(mount: HTMLElement, run: TSurveyRun): TSurveyHandle {
  const { definition: def, language, hidden } = run;
  const m: TMessages = messagesFor(language);
  // A link without a touchpoint still reads as a sentence ("... with your visit?").
  const piping: TPipingContext = {
    ...run.piping,
    touchpoint: run.piping.touchpoint ?? { name: m.touchpointFallback },
    hidden,
  };
  const text = (value: TText | undefined) =>
    value ? pipeText(localize(value, language, def), piping) : '';
  const answers: TAnswers = { ...run.answers };
  const visible = () => visibleQuestions(def, answers, hidden);

  const titleId = uid('title');
  const root = el('div', { class: 'ts-survey', lang: language });
  const header = el(
    'header',
    { class: 'ts-header' },
    run.logo ? el('img', { class: 'ts-logo', src: run.logo, alt: '' }) : null,
    el(
      'div',
      { class: 'ts-heading' },
      run.brandName ? el('p', { class: 'ts-brand' }, run.brandName) : null,
      el('h1', { id: titleId, class: 'ts-title' }, text(def.title)),
    ),
  );
  const bar = el('div', { class: 'ts-progress-bar' });
  const progress = el(
    'div',
    { class: 'ts-progress-track', role: 'progressbar', 'aria-label': m.progressLabel },
    bar,
  );
  const progressText = el('p', { class: 'ts-progress-text', 'aria-hidden': 'true' });
  const progressBox = el('div', { class: 'ts-progress' }, progress, progressText);
  const screen = el('div', { class: 'ts-screen' });
  const back = el('button', { type: 'button', class: 'ts-button ts-secondary' }, m.back);
  const next = el('button', { type: 'submit', class: 'ts-button ts-primary' }, m.next);
  const status = el('p', { class: 'ts-status', role: 'status' });
  const form = el(
    'form',
    { class: 'ts-form', novalidate: true },
    screen,
    el('div', { class: 'ts-nav' }, back, next),
  );
  append(root, header, def.showProgress ? progressBox : null, form, status);
  clear(mount);
  mount.append(root);

  let current: TQuestion | undefined;
  let view: TQuestionView | undefined;
  let showingError = false;
  let sending = false;

  const updateChrome = () => {
    const list = visible();
    const position = current ? list.findIndex((q) => q.id === current?.id) : -1;
    const n = position + 1;
    const label = format(m.progress, { n, total: list.length });
    progress.setAttribute('aria-valuemin', '0');
    progress.setAttribute('aria-valuemax', String(list.length));
    progress.setAttribute('aria-valuenow', String(n));
    progress.setAttribute('aria-valuetext', label);
    progressText.textContent = label;
    bar.style.setProperty('--ts-progress', `${Math.round((100 * n) / Math.max(1, list.length))}%`);
    back.hidden = position <= 0;
    next.textContent = position === list.length - 1 ? m.submit : m.next;
  };

  const problemNow = () => {
    if (!current || !view) return null;
    const pending = view.pendingProblem();
    return pending ? { message: pending } : checkAnswer(current, answers[current.id], m);
  };

  const show = (question: TQuestion, focus: boolean) => {
    current = question;
    showingError = false;
    view = renderQuestion({
      question,
      text,
      m,
      answer: answers[question.id],
      onChange(answer: TAnswer | undefined) {
        if (answer === undefined) delete answers[question.id];
        else answers[question.id] = answer;
        // Display logic may add or remove later questions: progress and the button follow.
        updateChrome();
        if (showingError && problemNow() === null) {
          view?.showProblem(null);
          showingError = false;
        }
        run.onChange?.(shownAnswers(def, answers, hidden));
      },
    });
    clear(screen);
    const first = visible()[0]?.id === question.id;
    append(
      screen,
      first && def.intro ? el('p', { class: 'ts-intro' }, text(def.intro)) : null,
      view.root,
    );
    status.textContent = '';
    updateChrome();
    if (focus) view.heading.focus();
  };

  const thankYou = () => {
    const message = el('h2', { class: 'ts-thanks-text', tabindex: '-1' }, text(def.thankYou));
    clear(form);
    form.append(
      el(
        'div',
        { class: 'ts-thanks' },
        el('div', { class: 'ts-check-mark', 'aria-hidden': 'true' }),
        message,
      ),
    );
    progressBox.remove();
    message.focus();
  };

  const step = (delta: number) => {
    const list = visible();
    const position = list.findIndex((q) => q.id === current?.id);
    const target = list[position + delta];
    if (target) show(target, true);
  };

  back.addEventListener('click', () => step(-1));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (sending || !view) return;
    const problem = problemNow();
    if (problem) {
      const control = view.showProblem(problem);
      showingError = true;
      (control ?? view.heading).focus();
      return;
    }
    const list = visible();
    if (list[list.length - 1]?.id !== current?.id) {
      step(1);
      return;
    }
    sending = true;
    next.disabled = true;
    status.textContent = '';
    run.submit(shownAnswers(def, answers, hidden)).then(thankYou, () => {
      sending = false;
      next.disabled = false;
      status.textContent = m.sendFailed;
    });
  });

  if (run.completed) {
    thankYou();
    return { titleId, answers: () => shownAnswers(def, answers, hidden) };
  }
  // Resume where the respondent left off: the first shown question without an answer.
  const list = visible();
  const resumeAt = list.find((q) => !isAnswered(q, answers[q.id])) ?? list[list.length - 1];
  if (resumeAt) show(resumeAt, false);
  return { titleId, answers: () => shownAnswers(def, answers, hidden) };
}
