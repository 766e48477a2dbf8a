import { useQuery } from '@tanstack/react-query';
import { EXPERIENTIAL_MODULES, type TExperientialProfileResponse } from '@touchstone/core';
import { endpoints, keys } from '../../api/resources.js';
import { RadarChart } from '../../components/charts/radar-chart.js';
import { Loading, QueryError } from '../../components/forms.js';
import { humanize } from '../../components/page.js';
import { analyticsEndpoints, analyticsKeys } from './analytics-api.js';
import { AnalyticsLayout, OptionSelect } from './analytics-layout.js';
import { describeResult, formatInterval, formatValue, missingText } from './format.js';
import { heatBand, heatColor } from './heat.js';
import { useAnalyticsFilters } from './use-analytics-filters.js';
import { useDefaultWindow } from './use-default-window.js';

/** `1 touchpoint`, `3 touchpoints`. */
function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

type TGroup = TExperientialProfileResponse['groups'][number];

/** The five experiential modules against the brand promise, their consistency, and the grid. */
export function ExperientialProfilePage() {
  const { filters, option, set } = useAnalyticsFilters();
  const window = useDefaultWindow(filters, 'quarter');
  const brands = useQuery({ queryKey: keys.brands, queryFn: endpoints.allBrands });
  const active = (brands.data ?? []).filter((b) => !b.archived);
  const brandId = option('brandId', active[0]?.id ?? '');
  const query = { ...filters, from: window.from, to: window.to, brandId: brandId || undefined };
  const profile = useQuery({
    queryKey: analyticsKeys.experientialProfile(query),
    queryFn: () => analyticsEndpoints.experientialProfile(query),
    enabled: brands.isSuccess && window.ready,
  });
  return (
    <AnalyticsLayout
      title="Experiential profile"
      lead="SENSE, FEEL, THINK, ACT and RELATE as customers experience them, against the promise."
      options={
        <OptionSelect
          id="profile-brand"
          label="Brand"
          value={brandId}
          options={active.map((b) => ({ value: b.id, label: b.name }))}
          onChange={(v) => set('brandId', v)}
        />
      }
    >
      {(brands.isPending || profile.isLoading) && <Loading what="Loading the profile" />}
      {brands.isError && <QueryError error={brands.error} />}
      {profile.isError && <QueryError error={profile.error} />}
      {profile.data && <ProfileView data={profile.data} />}
    </AnalyticsLayout>
  );
}

function ProfileView({ data }: { data: TExperientialProfileResponse }) {
  const group: TGroup | undefined =
    data.groups.find((g) => g.brandId === data.brand?.id) ?? data.groups[0];
  const modules = EXPERIENTIAL_MODULES.map((m) => {
    const score = group?.modules.find((s) => s.module === m);
    return {
      module: m,
      score,
      target: score?.target ?? data.brand?.promise[m] ?? null,
      actual: score?.result.status === 'ok' ? score.result.value : null,
    };
  });
  const brandName = data.brand?.name ?? 'No brand';
  const c = data.consistency;
  return (
    <>
      <div className="profile-layout">
        <section className="card" aria-labelledby="radar-title">
          <h2 id="radar-title">Profile against the promise</h2>
          <RadarChart
            axes={modules.map((m) => ({ name: m.module, target: m.target, actual: m.actual }))}
            targetName={`Promise of ${brandName}`}
            actualName="Experienced"
            label={`Radar of the five modules. ${modules
              .map(
                (m) =>
                  `${humanize(m.module)}: experienced ${m.actual === null ? 'no score' : m.actual.toFixed(1)}, promised ${m.target ?? 'none'}`,
              )
              .join('; ')}`}
          />
        </section>
        <section className="card" aria-labelledby="consistency-title">
          <h2 id="consistency-title">Consistency index</h2>
          {c.status === 'ok' && c.value !== null ? (
            <p className="figure">{c.value.toFixed(1)}</p>
          ) : (
            <p className="figure figure-missing">Insufficient data</p>
          )}
          <p className="figure-detail">
            {plural(c.touchpointsIncluded, 'touchpoint')} included
            {c.touchpointsBelowMinN > 0 &&
              `, ${plural(c.touchpointsBelowMinN, 'touchpoint')} below the minimum n left out`}
          </p>
          <p>
            How evenly the touchpoints deliver the same experience, from 0 to 100: 100 means every
            touchpoint scores the same on each module, 0 that they split to the extremes (half at 0,
            half at 100). Busier touchpoints weigh more. It needs at least two touchpoints with
            scores.
          </p>
          <details>
            <summary>How it is computed</summary>
            <p className="muted">{c.method}</p>
          </details>
        </section>
      </div>
      <div className="table-scroll">
        <table className="table profile-table">
          <caption>Modules: experienced score, promise and gap</caption>
          <thead>
            <tr>
              <th scope="col">Module</th>
              <th scope="col" className="numeric">
                Score (0–100)
              </th>
              <th scope="col">95% interval</th>
              <th scope="col" className="numeric">
                n
              </th>
              <th scope="col" className="numeric">
                Promise
              </th>
              <th scope="col" className="numeric">
                Gap
              </th>
              <th scope="col">Gap interval</th>
            </tr>
          </thead>
          <tbody>
            {modules.map(({ module, score, target }) => (
              <tr key={module}>
                <th scope="row">{module.toUpperCase()}</th>
                <td className="numeric">
                  {score === undefined
                    ? 'No items'
                    : score.result.status === 'ok'
                      ? formatValue(score.result.value, 'score')
                      : missingText(score.result)}
                </td>
                <td>{score ? formatInterval(score.result) || '—' : '—'}</td>
                <td className="numeric">{score?.result.n ?? 0}</td>
                <td className="numeric">{target ?? '—'}</td>
                <td className="numeric">
                  {score?.gap == null ? '—' : `${score.gap > 0 ? '+' : ''}${score.gap.toFixed(1)}`}
                </td>
                <td>
                  {score?.gapInterval
                    ? `${score.gapInterval.low.toFixed(1)} to ${score.gapInterval.high.toFixed(1)}`
                    : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ProviderGrid data={data} />
    </>
  );
}

/** Provider type x module as a table whose cells are tinted by score and print their figures. */
function ProviderGrid({ data }: { data: TExperientialProfileResponse }) {
  return (
    <section className="card" aria-labelledby="grid-title">
      <h2 id="grid-title">Experience providers × modules</h2>
      {data.grid.length === 0 ? (
        <p className="muted">No touchpoints with module scores in this period.</p>
      ) : (
        <div className="table-scroll">
          <table className="table heat-table">
            <caption className="visually-hidden">
              Module scores by experience provider type, with interval and n
            </caption>
            <thead>
              <tr>
                <th scope="col">Provider type</th>
                {EXPERIENTIAL_MODULES.map((m) => (
                  <th key={m} scope="col">
                    {m.toUpperCase()}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.grid.map((row) => (
                <tr key={row.providerType}>
                  <th scope="row">
                    {humanize(row.providerType)}{' '}
                    <span className="muted">({plural(row.touchpoints, 'touchpoint')})</span>
                  </th>
                  {EXPERIENTIAL_MODULES.map((m) => {
                    const cell = row.cells.find((c) => c.module === m);
                    const value = cell?.result.status === 'ok' ? cell.result.value : null;
                    return (
                      <td
                        key={m}
                        style={{ background: heatColor(value) }}
                        title={cell ? describeResult(cell.result) : 'No items'}
                      >
                        {cell === undefined ? (
                          '—'
                        ) : cell.result.status === 'ok' ? (
                          <>
                            <strong>{formatValue(cell.result.value, 'score')}</strong>{' '}
                            <span className="heat-band">({heatBand(value)})</span>
                            <br />
                            <span className="heat-detail">
                              {formatInterval(cell.result)} · n {cell.result.n}
                            </span>
                          </>
                        ) : (
                          <span className="heat-detail">{missingText(cell.result)}</span>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
