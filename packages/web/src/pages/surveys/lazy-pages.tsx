import { lazy, Suspense, type ComponentType } from 'react';
import { Loading } from '../../components/forms.js';

/**
 * The survey and response pages load on first visit: the builder brings the instrument library,
 * the survey engine's checks and the respondent renderer, which no other page needs.
 */
function deferred(load: () => Promise<ComponentType>) {
  const Page = lazy(async () => ({ default: await load() }));
  return function DeferredPage() {
    return (
      <Suspense fallback={<Loading what="Loading the page" />}>
        <Page />
      </Suspense>
    );
  };
}

export const SurveysPage = deferred(async () => (await import('./surveys-page.js')).SurveysPage);
export const NewSurveyPage = deferred(
  async () => (await import('./survey-builder-page.js')).NewSurveyPage,
);
export const SurveyBuilderPage = deferred(
  async () => (await import('./survey-builder-page.js')).SurveyBuilderPage,
);
export const DistributionPage = deferred(
  async () => (await import('./distribution-page.js')).DistributionPage,
);
export const ResponsesPage = deferred(
  async () => (await import('../responses/responses-page.js')).ResponsesPage,
);
export const ResponsePage = deferred(
  async () => (await import('../responses/response-page.js')).ResponsePage,
);
