import type { TThemeStats } from '@touchstone/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { endpoints, keys } from '../../api/resources.js';
import { useCan } from '../../auth/session.js';
import { FormError, Loading, QueryError, useFormErrors } from '../../components/forms.js';
import { Page } from '../../components/page.js';
import { drillDownHref } from '../analytics/drill-link.js';
import { commentEndpoints, commentKeys, commentsLink } from './comments-api.js';
import { ThemeEditor } from './theme-editor.js';
import './comments.css';

const percent = (share: number) => `${(100 * share).toFixed(1)}%`;
const signed = (value: number, digits = 1) => `${value > 0 ? '+' : ''}${value.toFixed(digits)}`;

function Trend({ theme }: { theme: TThemeStats }) {
  const max = Math.max(...theme.trend.map((t) => t.share), 0.0001);
  const label = theme.trend.map((t) => `${t.month}: ${percent(t.share)}`).join(', ');
  return (
    <span className="theme-trend" role="img" aria-label={`Share by month: ${label}`}>
      {theme.trend.map((t) => (
        <span key={t.month} style={{ height: `${Math.round((100 * t.share) / max)}%` }} />
      ))}
    </span>
  );
}

function ThemeRow({
  theme,
  link,
  responsesLink,
  canWrite,
}: {
  theme: TThemeStats;
  /** Its comments, for those who may read them. */
  link: string | null;
  /** The responses behind its volume, with the page's filters. */
  responsesLink: string;
  canWrite: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const errors = useFormErrors();
  const client = useQueryClient();
  const done = async () => {
    await client.invalidateQueries({ queryKey: ['themes'] });
    await client.invalidateQueries({ queryKey: ['comments'] });
  };
  const update = useMutation({
    mutationFn: (draft: { name: string; keywords: string[] }) =>
      commentEndpoints.updateTheme(theme.id, draft),
    onSuccess: async () => {
      setEditing(false);
      await done();
    },
    onError: (error) => errors.fromError(error),
  });
  const remove = useMutation({
    mutationFn: () => commentEndpoints.deleteTheme(theme.id),
    onSuccess: done,
    onError: (error) => errors.fromError(error),
  });
  const impact = theme.npsImpact;
  const emergence = theme.emergence;
  return (
    <tr>
      <th scope="row">
        {link === null ? theme.name : <Link to={link}>{theme.name}</Link>}{' '}
        <span className="badge">{theme.source}</span>
        {emergence?.emerging && (
          <span
            className="chip emerging"
            title={`Share ${percent(emergence.previousShare)} → ${percent(emergence.share)}, adjusted p ${emergence.adjustedP.toPrecision(2)}`}
          >
            Emerging {signed(100 * emergence.growth)} pts (adj. p{' '}
            {emergence.adjustedP.toPrecision(2)})
          </span>
        )}
        {editing ? (
          <ThemeEditor
            theme={theme}
            errors={errors}
            disabled={update.isPending}
            submitLabel="Save theme"
            onSubmit={(draft) => update.mutate(draft)}
          >
            <button type="button" className="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </ThemeEditor>
        ) : (
          <p className="muted">{theme.keywords.join(', ')}</p>
        )}
        {!editing && <FormError message={errors.message} />}
      </th>
      <td className="numeric">
        {link === null || theme.volume === 0 ? (
          <span data-testid="theme-volume">{theme.volume.toLocaleString()}</span>
        ) : (
          <Link to={link} data-testid="theme-volume">
            {theme.volume.toLocaleString()}
          </Link>
        )}
        {theme.responses > 0 && (
          <span className="theme-responses">
            <Link to={responsesLink} data-testid="theme-responses">
              {theme.responses.toLocaleString()} {theme.responses === 1 ? 'response' : 'responses'}
            </Link>
          </span>
        )}
      </td>
      <td className="numeric">{percent(theme.share)}</td>
      <td className="numeric">{theme.sentiment === null ? '—' : signed(theme.sentiment, 2)}</td>
      <td className="numeric">
        {impact === null ? (
          <span className="muted" title="Too few respondents with an NPS answer in a group">
            —
          </span>
        ) : (
          <>
            {signed(impact.difference)}{' '}
            <span className="muted">
              [{signed(impact.low)}, {signed(impact.high)}]
            </span>
          </>
        )}
      </td>
      <td>
        <Trend theme={theme} />
      </td>
      {canWrite && (
        <td className="actions-cell">
          {!editing && (
            <>
              <button type="button" className="button" onClick={() => setEditing(true)}>
                Edit
              </button>
              <button
                type="button"
                className="button"
                disabled={remove.isPending}
                onClick={() => {
                  if (window.confirm(`Delete the theme "${theme.name}"?`)) remove.mutate();
                }}
              >
                Delete
              </button>
            </>
          )}
        </td>
      )}
    </tr>
  );
}

function AnalysisPanel({ canWrite }: { canWrite: boolean }) {
  const client = useQueryClient();
  const status = useQuery({
    queryKey: commentKeys.analysis,
    queryFn: commentEndpoints.analysis,
    refetchInterval: (q) => (q.state.data?.running ? 2000 : false),
  });
  const settings = useQuery({ queryKey: commentKeys.settings, queryFn: commentEndpoints.settings });
  const start = useMutation({
    mutationFn: commentEndpoints.startAnalysis,
    onSuccess: () => client.invalidateQueries({ queryKey: commentKeys.analysis }),
  });
  const mask = useMutation({
    mutationFn: (maskPersonalData: boolean) =>
      commentEndpoints.updateSettings({ maskPersonalData }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: commentKeys.settings });
      await client.invalidateQueries({ queryKey: commentKeys.analysis });
    },
  });
  const s = status.data;
  return (
    <section className="card" aria-labelledby="analysis-title">
      <h2 id="analysis-title">Analysis</h2>
      {s && (
        <p role="status">
          {s.comments.toLocaleString()} comments analysed.{' '}
          {s.running
            ? `Analysing stored responses: ${s.analysed.toLocaleString()} of ${s.total.toLocaleString()}…`
            : s.finishedAt && `Last full analysis: ${s.analysed.toLocaleString()} responses.`}
        </p>
      )}
      {canWrite && (
        <div className="inline-controls">
          <button
            type="button"
            className="button"
            disabled={start.isPending || s?.running === true}
            onClick={() => start.mutate()}
          >
            Analyse all comments again
          </button>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={settings.data?.maskPersonalData ?? false}
              disabled={settings.isPending || mask.isPending}
              onChange={(e) => mask.mutate(e.target.checked)}
            />
            Mask e-mail addresses and phone numbers in stored comments
          </label>
        </div>
      )}
    </section>
  );
}

/** Themes with their volume, share, sentiment, NPS impact and trend; user themes edited here. */
export function ThemesPage() {
  const [params, setParams] = useSearchParams();
  const canWrite = useCan('analytics:admin');
  const canReadComments = useCan('responses:read');
  const [creating, setCreating] = useState(false);
  const errors = useFormErrors();
  const client = useQueryClient();
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const touchpoint = params.get('touchpoint') ?? '';
  const query = {
    from: from || undefined,
    to: to || undefined,
    touchpoint: touchpoint || undefined,
  };
  const themes = useQuery({
    queryKey: commentKeys.themes(query),
    queryFn: () => commentEndpoints.themes(query),
  });
  const touchpoints = useQuery({
    queryKey: keys.touchpoints({}),
    queryFn: () => endpoints.touchpoints({}),
  });
  const invalidate = async () => {
    await client.invalidateQueries({ queryKey: ['themes'] });
    await client.invalidateQueries({ queryKey: ['comments'] });
  };
  const create = useMutation({
    mutationFn: commentEndpoints.createTheme,
    onSuccess: async () => {
      setCreating(false);
      errors.clear();
      await invalidate();
    },
    onError: (error) => errors.fromError(error),
  });
  const discover = useMutation({
    mutationFn: commentEndpoints.discoverThemes,
    onSuccess: invalidate,
  });
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const data = themes.data;
  const sorted = [...(data?.items ?? [])].sort(
    (a, b) =>
      Number(b.emergence?.emerging ?? false) - Number(a.emergence?.emerging ?? false) ||
      b.volume - a.volume,
  );
  return (
    <Page
      shareable
      title="Themes"
      lead="What comments are about: volume, share, sentiment and impact on NPS (who mention it against who do not), with emerging themes flagged."
      actions={
        canWrite && (
          <>
            <button
              type="button"
              className="button"
              disabled={discover.isPending}
              onClick={() => discover.mutate()}
            >
              {discover.isPending ? 'Discovering…' : 'Discover themes'}
            </button>
            {!creating && (
              <button
                type="button"
                className="button button-primary"
                onClick={() => setCreating(true)}
              >
                New theme
              </button>
            )}
          </>
        )
      }
    >
      {discover.isError && <QueryError error={discover.error} />}
      {discover.data && (
        <p role="status">
          {discover.data.created.length === 0
            ? 'No new theme found.'
            : `Found ${discover.data.created.map((t) => t.name).join(', ')}.`}
        </p>
      )}
      {creating && (
        <section className="card" aria-labelledby="new-theme">
          <h2 id="new-theme">New theme</h2>
          <ThemeEditor
            errors={errors}
            disabled={create.isPending}
            submitLabel="Create theme"
            onSubmit={(draft) => create.mutate(draft)}
          >
            <button type="button" className="button" onClick={() => setCreating(false)}>
              Cancel
            </button>
          </ThemeEditor>
        </section>
      )}
      <form
        className="card analytics-filters"
        aria-label="Filters"
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="field">
          <label htmlFor="themes-from">From</label>
          <input
            id="themes-from"
            type="date"
            value={from}
            onChange={(e) => set('from', e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="themes-to">To</label>
          <input
            id="themes-to"
            type="date"
            value={to}
            onChange={(e) => set('to', e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="themes-touchpoint">Touchpoint</label>
          <select
            id="themes-touchpoint"
            value={touchpoint}
            onChange={(e) => set('touchpoint', e.target.value)}
          >
            <option value="">All touchpoints</option>
            {(touchpoints.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
      </form>
      {themes.isPending && <Loading what="Loading themes" />}
      {themes.isError && <QueryError error={themes.error} />}
      {data && (
        <section className="card" aria-labelledby="themes-title">
          <h2 id="themes-title">
            {data.from} to {data.to}: {data.comments.toLocaleString()} comments
          </h2>
          <p className="muted">
            Emerging: a share that grew against {data.previousFrom} to {data.previousTo} (
            {data.previousComments.toLocaleString()} comments), two-proportion test with a 5% false
            discovery rate across themes. NPS impact in points with its 95% interval.
          </p>
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Theme</th>
                  <th scope="col" className="numeric">
                    Volume
                  </th>
                  <th scope="col" className="numeric">
                    Share
                  </th>
                  <th scope="col" className="numeric">
                    Sentiment
                  </th>
                  <th scope="col" className="numeric">
                    NPS impact
                  </th>
                  <th scope="col">Last 12 months</th>
                  {canWrite && <th scope="col">Actions</th>}
                </tr>
              </thead>
              <tbody>
                {sorted.map((t) => (
                  <ThemeRow
                    key={t.id}
                    theme={t}
                    canWrite={canWrite}
                    link={
                      canReadComments
                        ? commentsLink({ theme: t.id, from: data.from, to: data.to, touchpoint })
                        : null
                    }
                    responsesLink={
                      drillDownHref({
                        filters: {},
                        from: data.from,
                        to: data.to,
                        touchpointId: touchpoint || undefined,
                        metric: 'count',
                        theme: t.id,
                        n: t.responses,
                      }) ?? ''
                    }
                  />
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      <AnalysisPanel canWrite={canWrite} />
    </Page>
  );
}
