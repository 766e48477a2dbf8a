/**
 * Saves a response as the respondent goes: a debounced partial write after changes, then the
 * completing write. Writes run one after another, so the first one's resume token is known to
 * the next, and a partial never lands after the completion.
 */
import type { TAnswers } from '@touchstone/core';
import type { TPublicApi, TStartBody } from './public-api.js';

/** How long the respondent must pause before a partial response is saved. */
export const SAVE_DELAY_MS = 700;

export interface TResponseSaver {
  /** Saves these answers as a partial response after a pause. */
  schedule(answers: TAnswers): void;
  /** Saves a waiting partial now (the page is being hidden or left). */
  flush(): void;
  /** Completes the response; rejects when the server refused or could not be reached. */
  complete(answers: TAnswers): Promise<void>;
}

/**
 * Creates a saver for one survey. `start` is what the first write sends besides the answers;
 * `onToken` hears the resume token once the server gives it.
 */
export function responseSaver(
  api: TPublicApi,
  slug: string,
  start: Omit<TStartBody, 'answers' | 'complete'>,
  token: string | null,
  onToken: (token: string) => void,
): TResponseSaver {
  let chain: Promise<unknown> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: TAnswers | null = null;

  const write = (answers: TAnswers, complete: boolean) => {
    const next = chain.then(async () => {
      const receipt = token
        ? await api.update(token, { answers, language: start.language, complete })
        : await api.create(slug, { ...start, answers, complete });
      if (receipt.resumeToken !== null && receipt.resumeToken !== token) {
        token = receipt.resumeToken;
        onToken(token);
      }
    });
    // A failed partial save is retried with the next change; the chain itself goes on.
    chain = next.catch(() => undefined);
    return next;
  };

  const saveWaiting = () => {
    timer = undefined;
    if (pending === null) return;
    const answers = pending;
    pending = null;
    write(answers, false).catch(() => undefined);
  };

  return {
    flush() {
      if (timer !== undefined) clearTimeout(timer);
      saveWaiting();
    },
    schedule(answers) {
      pending = answers;
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(saveWaiting, SAVE_DELAY_MS);
    },
    complete(answers) {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      pending = null;
      return write(answers, true);
    },
  };
}
