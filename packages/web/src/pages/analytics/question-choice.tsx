import { useQuery } from '@tanstack/react-query';
import type { TAnalyticsQuestion } from '@touchstone/core';
import { analyticsEndpoints, analyticsKeys } from './analytics-api.js';

/** The organization's numeric questions by their text (cached: every analytics page names keys). */
export function useQuestions(): TAnalyticsQuestion[] {
  const questions = useQuery({
    queryKey: analyticsKeys.questions,
    queryFn: analyticsEndpoints.questions,
    staleTime: 60_000,
  });
  return questions.data?.items ?? [];
}

/** Questions a rating metric can read: scaled ratings, Likert and matrix items (not outcomes). */
export function useRatingQuestions(): TAnalyticsQuestion[] {
  return useQuestions().filter((q) => !q.outcome && q.scale !== null);
}

/** A key's text (`experience.feel` -> "The trip ...: made me feel welcome"), or the key. */
export function useQuestionLabel(): (key: string) => string {
  const questions = useQuestions();
  const byKey = new Map(questions.map((q) => [q.key, q.label]));
  return (key) => byKey.get(key) ?? key;
}

/** Asks for the question a metric needs, in words, instead of querying without one. */
export function QuestionPrompt({ what }: { what: string }) {
  return (
    <section className="card empty-state" role="status">
      <h2>Choose a question</h2>
      <p>
        Ratings are read one question at a time: choose the question for {what} in the options
        above.
      </p>
    </section>
  );
}
