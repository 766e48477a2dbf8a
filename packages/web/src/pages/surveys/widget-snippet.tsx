import type { TSurvey } from '@touchstone/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { surveyEndpoints, surveyKeys, type TWidget } from '../../api/survey-resources.js';
import { useCan } from '../../auth/session.js';
import { CopyButton } from '../../components/copy-button.js';
import { Loading, QueryError } from '../../components/forms.js';

/** The script tag of a widget, as a customer's site embeds it. */
export function widgetSnippet(widget: TWidget): string {
  return `<script src="${window.location.origin}/widget.js" data-key="${widget.publicKey}" async></script>`;
}

function Snippet({ widget }: { widget: TWidget }) {
  const snippet = widgetSnippet(widget);
  const rule = widget.surveys.find((s) => s.triggers.length > 0);
  const triggers = rule?.triggers.map((t) =>
    t.type === 'event'
      ? `on the event ${t.event}`
      : t.type === 'timeOnPage'
        ? `after ${t.seconds} s on a page`
        : 'on page view',
  );
  return (
    <div className="snippet">
      <p>
        <strong>{widget.name}</strong>
        {!widget.enabled && <span className="badge">Disabled</span>}
        {triggers && <span className="muted"> · shows {triggers.join(', ')}</span>}
      </p>
      <pre className="code-block" data-testid="widget-snippet">
        <code>{snippet}</code>
      </pre>
      <CopyButton text={snippet} label="Copy snippet" />
    </div>
  );
}

/**
 * The web widget: the script tag of each widget that offers this survey, or a way to make one.
 * Pages may call `touchstone.identify(id)` and `touchstone.track(event)`.
 */
export function WidgetSection({ survey }: { survey: TSurvey }) {
  const canWrite = useCan('model:write');
  const client = useQueryClient();
  const widgets = useQuery({ queryKey: surveyKeys.widgets, queryFn: surveyEndpoints.widgets });
  const create = useMutation({
    mutationFn: () =>
      surveyEndpoints.createWidget({
        name: `${survey.name} widget`,
        surveys: [
          {
            surveyId: survey.id,
            triggers: [{ type: 'pageView' }],
            samplingPercent: 100,
            oncePerDays: 30,
          },
        ],
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: surveyKeys.widgets }),
  });
  const offering = (widgets.data ?? []).filter((w) =>
    w.surveys.some((s) => s.surveyId === survey.id),
  );
  return (
    <section className="card" aria-labelledby="widget">
      <h2 id="widget">Web widget</h2>
      <p className="field-hint">
        Paste the snippet into your site’s pages. It shows the survey in a slide-in; call{' '}
        <code>touchstone.identify(&apos;customer-id&apos;)</code> to tie responses to a customer and{' '}
        <code>touchstone.track(&apos;event&apos;)</code> for event triggers.
      </p>
      {widgets.isPending && <Loading what="Loading widgets" />}
      {widgets.isError && <QueryError error={widgets.error} />}
      {offering.map((w) => (
        <Snippet key={w.id} widget={w} />
      ))}
      {widgets.data && offering.length === 0 && (
        <>
          <p className="muted">No widget offers this survey yet.</p>
          {canWrite && (
            <button
              type="button"
              className="button"
              disabled={create.isPending}
              onClick={() => create.mutate()}
            >
              Create a widget for this survey
            </button>
          )}
        </>
      )}
      {create.isError && <QueryError error={create.error} />}
    </section>
  );
}
