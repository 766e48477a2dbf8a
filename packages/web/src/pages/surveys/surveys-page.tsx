import { INSTRUMENTS, SURVEY_STATUSES, type TSurvey, type TTouchpoint } from '@touchstone/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { endpoints, keys } from '../../api/resources.js';
import { surveyEndpoints, surveyKeys } from '../../api/survey-resources.js';
import { useCan } from '../../auth/session.js';
import { Loading, QueryError } from '../../components/forms.js';
import { Page, formatDate, humanize } from '../../components/page.js';
import { Pager, useCursorPager } from '../../components/pager.js';
import { SurveyStatusBadge } from './survey-tabs.js';
import './surveys.css';

const PAGE_SIZE = 25;
/** Touchpoint names shown in a row; the rest are counted. */
const SHOWN_TOUCHPOINTS = 3;

function NewSurveyPanel({ onCancel }: { onCancel: () => void }) {
  const [template, setTemplate] = useState('');
  const navigate = useNavigate();
  const instrument = INSTRUMENTS.find((i) => i.id === template);
  const open = (event: FormEvent) => {
    event.preventDefault();
    void navigate(template ? `/surveys/new?template=${template}` : '/surveys/new');
  };
  return (
    <form className="card inline-form" onSubmit={open} aria-label="New survey">
      <div className="field">
        <label htmlFor="survey-template">Start from</label>
        <select
          id="survey-template"
          value={template}
          onChange={(e) => setTemplate(e.target.value)}
          aria-describedby="survey-template-hint"
          autoFocus
        >
          <option value="">An empty survey</option>
          {INSTRUMENTS.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name}
            </option>
          ))}
        </select>
        <p className="field-hint" id="survey-template-hint">
          {instrument?.description ?? 'Add questions of any type, or insert instruments later.'}
        </p>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary">
          Open the builder
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function touchpointNames(ids: string[], byId: Map<string, TTouchpoint>) {
  if (ids.length === 0) return <span className="muted">None</span>;
  const names = ids.map((id) => byId.get(id)?.name ?? 'Unknown touchpoint');
  const shown = names.slice(0, SHOWN_TOUCHPOINTS).join(', ');
  const more = names.length - SHOWN_TOUCHPOINTS;
  return more > 0 ? `${shown} and ${more} more` : shown;
}

function SurveysTable({
  surveys,
  touchpoints,
}: {
  surveys: TSurvey[];
  touchpoints: TTouchpoint[];
}) {
  const canReadResponses = useCan('responses:read');
  const byId = new Map(touchpoints.map((t) => [t.id, t]));
  return (
    <div className="table-scroll">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Survey</th>
            <th scope="col">Status</th>
            <th scope="col">Kind</th>
            <th scope="col">Touchpoints</th>
            <th scope="col" className="numeric">
              Responses
            </th>
            <th scope="col" className="numeric">
              Version
            </th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {surveys.map((s) => (
            <tr key={s.id}>
              <th scope="row">
                <Link to={`/surveys/${s.id}`}>{s.name}</Link>
              </th>
              <td>
                <SurveyStatusBadge status={s.status} />
              </td>
              <td>{humanize(s.kind)}</td>
              <td>{touchpointNames(s.touchpointIds, byId)}</td>
              <td className="numeric">
                {canReadResponses && s.responseCount > 0 ? (
                  <Link
                    to={`/responses?surveyId=${s.id}`}
                    aria-label={`${s.responseCount} ${s.responseCount === 1 ? 'response' : 'responses'} to ${s.name}`}
                  >
                    {s.responseCount}
                  </Link>
                ) : (
                  s.responseCount
                )}
              </td>
              <td className="numeric">{s.version}</td>
              <td>{formatDate(s.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The organization's surveys: status, kind, touchpoints, responses; filter and create. */
export function SurveysPage() {
  const canWrite = useCan('model:write');
  const [creating, setCreating] = useState(false);
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const applied = params.get('q') ?? '';
  const [q, setQ] = useState(applied);
  const pager = useCursorPager();
  const query = { status, q: applied, sort: 'name', limit: PAGE_SIZE, cursor: pager.cursor };
  const surveys = useQuery({
    queryKey: surveyKeys.surveyList(query),
    queryFn: () => surveyEndpoints.surveys(query),
    placeholderData: keepPreviousData,
  });
  const touchpoints = useQuery({
    queryKey: keys.touchpoints({}),
    queryFn: () => endpoints.touchpoints({}),
  });
  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
    pager.reset();
  };

  return (
    <Page
      title="Surveys"
      lead="Questionnaires, their languages and logic, and where they are asked."
      actions={
        canWrite &&
        !creating && (
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            New survey
          </button>
        )
      }
    >
      {creating && <NewSurveyPanel onCancel={() => setCreating(false)} />}
      <form
        className="card filter-form"
        role="search"
        aria-label="Surveys"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter('q', q.trim());
        }}
      >
        <div className="filter-row">
          <div className="field grow">
            <label htmlFor="survey-q">Search</label>
            <input
              id="survey-q"
              type="search"
              placeholder="Survey name"
              value={q}
              onChange={(e) => setQ(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="survey-status">Status</label>
            <select
              id="survey-status"
              value={status}
              onChange={(e) => setFilter('status', e.target.value)}
            >
              <option value="">Any status</option>
              {SURVEY_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {humanize(s)}
                </option>
              ))}
            </select>
          </div>
          <div className="field filter-submit">
            <button type="submit" className="button">
              Search
            </button>
          </div>
        </div>
      </form>
      {surveys.isPending && <Loading what="Loading surveys" />}
      {surveys.isError && <QueryError error={surveys.error} />}
      {surveys.data?.items.length === 0 && (
        <p className="empty">
          {status || applied
            ? 'No survey matches.'
            : 'No surveys yet. Create one to start collecting.'}
        </p>
      )}
      {surveys.data && surveys.data.items.length > 0 && (
        <>
          <SurveysTable surveys={surveys.data.items} touchpoints={touchpoints.data ?? []} />
          <Pager
            label="Survey pages"
            pageNumber={pager.pageNumber}
            nextCursor={surveys.data.nextCursor}
            onNext={pager.next}
            onPrevious={pager.previous}
          />
        </>
      )}
    </Page>
  );
}
