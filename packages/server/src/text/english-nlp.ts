// The wink-nlp English pipeline, loaded once per process on first use, with the lexicon hits of
// its sentiment step kept so the analyser can weigh each hit itself (wink only averages them).
import winkNLP from 'wink-nlp';
import type { ItsFunction, Model, WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

/** One lexicon match of wink's sentiment step: tokens `start..end`, score from -1 to 1. */
export interface TLexiconHit {
  start: number;
  end: number;
  score: number;
}

/** The token and span properties read here, as plain functions to pass to `out`. */
export interface TItsUsed {
  normal: ItsFunction<string>;
  lemma: ItsFunction<string>;
  pos: ItsFunction<string>;
  type: ItsFunction<string>;
  negationFlag: ItsFunction<boolean>;
  span: ItsFunction<number[]>;
}

/** The loaded pipeline and the lexicon hits of the document it read last. */
export interface TEnglishNlp {
  nlp: WinkMethods;
  its: TItsUsed;
  /** Hits of the last `readDoc`, replaced by every call (reading is synchronous). */
  readonly lastHits: TLexiconHit[];
}

interface SentimentStep {
  machines: unknown;
  setter: (px: number[][], ...rest: unknown[]) => void;
}

let loaded: TEnglishNlp | undefined;

/**
 * The English pipeline (sentences, negation, sentiment, part of speech, lemmas); named entities
 * and custom entities are left out of the pipe because nothing here reads them.
 */
export function englishNlp(): TEnglishNlp {
  if (loaded !== undefined) return loaded;
  const hits: { last: TLexiconHit[] } = { last: [] };
  const original = model.sa as () => SentimentStep;
  const recording: Model = {
    ...model,
    sa: (): SentimentStep => {
      const step = original();
      return {
        machines: step.machines,
        setter: (px: number[][], ...rest: unknown[]) => {
          // wink scales the scores in place (thousandths to units) before averaging them.
          step.setter(px, ...rest);
          hits.last = px.map((hit) => ({
            start: hit[0] ?? 0,
            end: hit[1] ?? 0,
            score: hit[2] ?? 0,
          }));
        },
      };
    },
  };
  const nlp = winkNLP(recording, ['sbd', 'negation', 'sentiment', 'pos']);
  const state: TEnglishNlp = {
    nlp,
    its: nlp.its as unknown as TItsUsed,
    get lastHits() {
      return hits.last;
    },
  };
  loaded = state;
  return state;
}
