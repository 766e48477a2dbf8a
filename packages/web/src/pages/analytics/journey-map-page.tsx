import { useQuery } from '@tanstack/react-query';
import type { TJourneyMapResponse } from '@touchstone/core';
import { Link } from 'react-router';
import type { TQuery } from '../../api/client.js';
import { endpoints, keys } from '../../api/resources.js';
import { Loading, QueryError } from '../../components/forms.js';
import { humanize } from '../../components/page.js';
import { analyticsEndpoints, analyticsKeys } from './analytics-api.js';
import { AnalyticsLayout, OptionSelect } from './analytics-layout.js';
import {
  describeResult,
  formatInterval,
  formatValue,
  METRIC_LABELS,
  missingText,
} from './format.js';
import { ChangeLegend, ChangeMark } from './change-mark.js';
import { drillDownHref } from './drill-link.js';
import { heatBand, heatColor } from './heat.js';
import { QuestionPrompt, useRatingQuestions } from './question-choice.js';
import { useAnalyticsFilters } from './use-analytics-filters.js';
import { useDefaultWindow } from './use-default-window.js';

type TStage = TJourneyMapResponse['stages'][number];
type TCell = TStage['touchpoints'][number];

const METRICS = ['nps', 'csat', 'ces', 'rating'].map((m) => ({
  value: m,
  label: METRIC_LABELS[m] ?? m,
}));

/** The journey as a heat map: stages in order, touchpoints coloured by the metric; pain points. */
export function JourneyMapPage() {
  const { filters, attrs, option, set } = useAnalyticsFilters();
  const window = useDefaultWindow(filters, 'quarter');
  const ratingQuestions = useRatingQuestions();
  const journeys = useQuery({ queryKey: keys.journeys, queryFn: endpoints.allJourneys });
  const active = (journeys.data ?? []).filter((j) => !j.archived);
  const journeyId = option('journeyId', active[0]?.id ?? '');
  const metric = option('metric', 'nps');
  const question = option('question', '');
  const hasSegment = Object.values(attrs).some((v) => v !== '');
  const compareChoice = option('compare', 'previous-period');
  const compare = compareChoice === 'rest' && !hasSegment ? 'previous-period' : compareChoice;
  const needsQuestion = metric === 'rating' && question === '';
  const query = {
    from: window.from,
    to: window.to,
    touchpointId: filters['touchpointId'],
    stageId: filters['stageId'],
    attr: filters['attr'],
    journeyId,
    metric,
    question: metric === 'rating' ? question || undefined : undefined,
    compare: compare === 'none' ? undefined : compare,
  };
  const map = useQuery({
    queryKey: analyticsKeys.journeyMap(query),
    queryFn: () => analyticsEndpoints.journeyMap(query),
    enabled: journeyId !== '' && window.ready && !needsQuestion,
  });
  return (
    <AnalyticsLayout
      title="Journey map"
      lead="Each stage in order; each touchpoint coloured by the metric, with its n and interval."
      options={
        <>
          <OptionSelect
            id="map-journey"
            label="Journey"
            value={journeyId}
            options={active.map((j) => ({ value: j.id, label: j.name }))}
            onChange={(v) => set('journeyId', v)}
          />
          <OptionSelect
            id="map-metric"
            label="Metric"
            value={metric}
            options={METRICS}
            onChange={(v) => set('metric', v)}
          />
          {metric === 'rating' && (
            <OptionSelect
              id="map-question"
              label="Question"
              value={question}
              options={[
                { value: '', label: 'Choose a question' },
                ...ratingQuestions.map((q) => ({ value: q.key, label: q.label })),
              ]}
              onChange={(v) => set('question', v)}
            />
          )}
          <OptionSelect
            id="map-compare"
            label="Compare with"
            value={compare}
            options={[
              { value: 'previous-period', label: 'The previous period' },
              ...(hasSegment ? [{ value: 'rest', label: 'Everyone outside the segment' }] : []),
              { value: 'none', label: 'No comparison' },
            ]}
            onChange={(v) => set('compare', v)}
          />
        </>
      }
    >
      {journeys.isPending && <Loading what="Loading journeys" />}
      {journeys.isError && <QueryError error={journeys.error} />}
      {journeys.data && journeyId === '' && <p className="muted">No journey to map yet.</p>}
      {needsQuestion && <QuestionPrompt what="the journey map" />}
      {map.isLoading && <Loading what="Loading the journey map" />}
      {map.isError && <QueryError error={map.error} />}
      {map.data && !needsQuestion && <JourneyMap data={map.data} filters={filters} />}
    </AnalyticsLayout>
  );
}

function JourneyMap({ data, filters }: { data: TJourneyMapResponse; filters: TQuery }) {
  const against = data.comparison?.against === 'rest' ? 'the rest' : 'the previous period';
  const drill = (touchpointId: string | undefined, stageId: string | undefined, n: number) =>
    drillDownHref({
      filters,
      from: data.query.from ?? undefined,
      to: data.query.to ?? undefined,
      metric: data.query.metric,
      question: data.query.metric === 'rating' ? data.query.keys[0] : undefined,
      touchpointId,
      stageId,
      n,
    });
  const metricName = METRIC_LABELS[data.query.metric] ?? data.query.metric;
  const names = new Map(data.stages.flatMap((s) => s.touchpoints.map((t) => [t.id, t.name])));
  return (
    <>
      <section className="card" aria-labelledby="heatmap-title">
        <h2 id="heatmap-title">
          {data.journey.name}: {metricName} by touchpoint
        </h2>
        <p className="muted heat-legend">
          {data.query.from ?? 'From the start'} to {data.query.to ?? 'today'}. Colour runs from red
          (low) through amber to green (high) on a 0–100 scale; every cell also names its band.
          {data.comparison && ` Compared with ${data.comparison.label}.`}
        </p>
        {data.comparison && <ChangeLegend alpha={data.comparison.adjustment?.alpha} />}
        <ol
          className="heatmap"
          style={{ gridTemplateColumns: `repeat(${data.stages.length}, minmax(180px, 1fr))` }}
        >
          {data.stages.map((stage, i) => (
            <li key={stage.id} className="heatmap-stage">
              <h3 className="heatmap-stage-title">
                <span className="stage-number">{i + 1}</span> {stage.name}
              </h3>
              <p className="heatmap-stage-figure">{describeResult(stage.result)}</p>
              {data.comparison && (
                <p className="change-line">
                  <ChangeMark
                    change={stage.change}
                    unit={stage.result.status === 'ok' ? stage.result.unit : 'points'}
                    against={against}
                  />
                </p>
              )}
              {stage.touchpoints.length === 0 ? (
                <p className="muted">No touchpoints</p>
              ) : (
                <ul className="heatmap-cells">
                  {stage.touchpoints.map((t) => (
                    <HeatCell
                      key={t.id}
                      cell={t}
                      metricName={metricName}
                      against={data.comparison ? against : null}
                      href={drill(t.id, undefined, t.result.n)}
                    />
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      </section>
      <section className="card" aria-labelledby="pain-title">
        <h2 id="pain-title">Pain points</h2>
        <p className="muted">{data.painPoints.method}</p>
        {data.painPoints.items.length === 0 ? (
          <p>No pain points ranked in this period.</p>
        ) : (
          <ol className="pain-points">
            {data.painPoints.items.map((p) => (
              <li key={p.touchpointId}>
                <strong>{p.name}</strong>: gap {p.gap.toFixed(1)}, importance{' '}
                {p.importance.toFixed(2)}, {(p.volumeShare * 100).toFixed(0)}% of volume (score{' '}
                {p.score.toFixed(2)})
              </li>
            ))}
          </ol>
        )}
        {data.painPoints.unranked.length > 0 && (
          <details>
            <summary>Not ranked ({data.painPoints.unranked.length})</summary>
            <ul>
              {data.painPoints.unranked.map((u) => (
                <li key={u.touchpointId}>
                  {names.get(u.touchpointId) ?? u.touchpointId}: {u.reason}
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>
    </>
  );
}

function HeatCell({
  cell,
  metricName,
  against,
  href,
}: {
  cell: TCell;
  metricName: string;
  against: string | null;
  href: string | null;
}) {
  const r = cell.result;
  const weighed = cell.importance.status === 'ok' && cell.importance.correlation !== null;
  const importance =
    weighed && cell.importance.correlation !== null
      ? `importance r ${cell.importance.correlation.toFixed(2)} (n ${cell.importance.n})`
      : `importance: ${humanize(cell.importance.status)}`;
  const title = `${cell.name}: ${metricName} ${describeResult(r)}; ${cell.volume.responses} responses, ${cell.volume.interactions} interactions; ${importance}`;
  return (
    <li
      className="heat-cell"
      style={{ background: heatColor(cell.performance) }}
      title={title}
      data-testid="heat-cell"
    >
      <span className="heat-name">{cell.name}</span>
      {r.status === 'ok' ? (
        <>
          <span className="heat-value">
            {formatValue(r.value, r.unit)}{' '}
            <span className="heat-band">({heatBand(cell.performance)})</span>
          </span>
          <span className="heat-detail">
            {formatInterval(r) || 'no interval'} ·{' '}
            {href ? (
              <Link to={href} data-testid="heat-drill">
                n {r.n}
                <span className="visually-hidden"> responses at {cell.name}: open them</span>
              </Link>
            ) : (
              `n ${r.n}`
            )}
          </span>
          {against && (
            <span className="heat-detail">
              <ChangeMark change={cell.change} unit={r.unit} against={against} />
            </span>
          )}
        </>
      ) : (
        <span className="heat-detail">
          {missingText(r)}
          {r.status === 'insufficient-data' ? '' : ` · n ${r.n}`}
        </span>
      )}
      <span className="heat-detail">
        {cell.volume.responses} responses
        {/* Without enough paired answers the importance stays in the cell's title only. */}
        {weighed && ` · ${importance}`}
      </span>
    </li>
  );
}
