import {
  RESPONSE_CHANNELS,
  type TResponse,
  type TSurvey,
  type TTouchpoint,
} from '@touchstone/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { endpoints, keys } from '../../api/resources.js';
import { surveyEndpoints, surveyKeys, surveyLinks } from '../../api/survey-resources.js';
import { Loading, QueryError } from '../../components/forms.js';
import { Page, formatDateTime, humanize } from '../../components/page.js';
import { Pager, useCursorPager } from '../../components/pager.js';
import { answerText } from './answer-format.js';
import '../surveys/surveys.css';

const PAGE_SIZE = 25;
/** Answers shown in a row; the response page has them all. */
const SHOWN_ANSWERS = 3;
const FILTERS = [
  'surveyId',
  'touchpointId',
  'status',
  'channel',
  'language',
  'from',
  'to',
] as const;
type TFilters = Record<(typeof FILTERS)[number], string>;

/** A `YYYY-MM-DD` day as the instant it starts in the browser's time zone (`to`: the next day). */
function dayStart(day: string, next = false): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const date = new Date(`${day}T00:00:00`);
  if (next) date.setDate(date.getDate() + 1);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function AnswerSummary({ response, survey }: { response: TResponse; survey: TSurvey | undefined }) {
  const def = survey?.definition;
  const entries = Object.entries(response.answers);
  if (entries.length === 0) return <span className="muted">No answers yet</span>;
  return (
    <ul className="answer-summary">
      {entries.slice(0, SHOWN_ANSWERS).map(([id, answer]) => {
        const q = def?.questions.find((x) => x.id === id);
        const text = answerText(q, answer, def, def?.defaultLanguage ?? response.language);
        return (
          <li key={id}>
            <span className="answer-key">{id}</span>{' '}
            {text.length > 80 ? `${text.slice(0, 79)}…` : text}
          </li>
        );
      })}
      {entries.length > SHOWN_ANSWERS && (
        <li className="muted">and {entries.length - SHOWN_ANSWERS} more</li>
      )}
    </ul>
  );
}

function ResponsesTable({
  responses,
  surveys,
  touchpoints,
}: {
  responses: TResponse[];
  surveys: Map<string, TSurvey>;
  touchpoints: Map<string, TTouchpoint>;
}) {
  return (
    <div className="table-scroll">
      <table className="table responses-table">
        <thead>
          <tr>
            <th scope="col">Submitted</th>
            <th scope="col">Survey</th>
            <th scope="col">Answers</th>
            <th scope="col">Touchpoint</th>
            <th scope="col">Channel</th>
            <th scope="col">Language</th>
          </tr>
        </thead>
        <tbody>
          {responses.map((r) => {
            const survey = surveys.get(r.surveyId);
            const touchpoint = r.touchpointId ? touchpoints.get(r.touchpointId) : undefined;
            return (
              <tr key={r.id}>
                <th scope="row">
                  <Link to={`/responses/${r.id}`}>
                    {r.submittedAt ? formatDateTime(r.submittedAt) : formatDateTime(r.startedAt)}
                  </Link>
                  {r.status === 'partial' && <span className="badge">Partial</span>}
                </th>
                <td>
                  {survey?.name ?? 'Unknown survey'}
                  <span className="muted"> v{r.surveyVersion}</span>
                </td>
                <td>
                  <AnswerSummary response={r} survey={survey} />
                </td>
                <td>{touchpoint?.name ?? '—'}</td>
                <td>{humanize(r.channel)}</td>
                <td>
                  <code>{r.language}</code>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function ResponsesView() {
  const [params, setParams] = useSearchParams();
  const applied = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as TFilters;
  const [draft, setDraft] = useState<TFilters>(applied);
  const pager = useCursorPager();
  const surveys = useQuery({
    queryKey: surveyKeys.allSurveys,
    queryFn: surveyEndpoints.allSurveys,
  });
  const touchpoints = useQuery({
    queryKey: keys.touchpoints({}),
    queryFn: () => endpoints.touchpoints({}),
  });
  const query = {
    ...applied,
    from: dayStart(applied.from),
    to: dayStart(applied.to, true),
    sort: '-submittedAt',
    limit: PAGE_SIZE,
    cursor: pager.cursor,
  };
  const responses = useQuery({
    queryKey: surveyKeys.responseList(query),
    queryFn: () => surveyEndpoints.responses(query),
    placeholderData: keepPreviousData,
  });
  const surveyById = new Map((surveys.data ?? []).map((s) => [s.id, s]));
  const touchpointById = new Map((touchpoints.data ?? []).map((t) => [t.id, t]));
  const languages = [...new Set((surveys.data ?? []).flatMap((s) => s.definition.languages))];
  const chosen = applied.surveyId ? surveyById.get(applied.surveyId) : undefined;

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const f of FILTERS) if (draft[f]) next.set(f, draft[f]);
    setParams(next);
    pager.reset();
  };
  const select = (name: keyof TFilters, label: string, options: [string, string][]) => (
    <div className="field">
      <label htmlFor={`response-${name}`}>{label}</label>
      <select
        id={`response-${name}`}
        value={draft[name]}
        onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
      >
        <option value="">Any</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
  const date = (name: 'from' | 'to', label: string) => (
    <div className="field">
      <label htmlFor={`response-${name}`}>{label}</label>
      <input
        id={`response-${name}`}
        type="date"
        value={draft[name]}
        onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
      />
    </div>
  );

  return (
    <Page
      shareable
      title="Responses"
      lead="What respondents answered, through every channel."
      actions={
        chosen && (
          <>
            <a className="button" href={surveyLinks.export(chosen.id, 'csv')} download>
              Export CSV
            </a>
            <a className="button" href={surveyLinks.export(chosen.id, 'ndjson')} download>
              Export NDJSON
            </a>
          </>
        )
      }
    >
      <form className="card filter-form" onSubmit={apply} role="search" aria-label="Responses">
        <div className="filters response-filters">
          {select(
            'surveyId',
            'Survey',
            (surveys.data ?? []).map((s) => [s.id, s.name]),
          )}
          {select(
            'touchpointId',
            'Touchpoint',
            (touchpoints.data ?? []).map((t) => [t.id, t.name]),
          )}
          {select('status', 'Status', [
            ['complete', 'Complete'],
            ['partial', 'Partial'],
          ])}
          {select(
            'channel',
            'Channel',
            RESPONSE_CHANNELS.map((c) => [c, humanize(c)]),
          )}
          {select(
            'language',
            'Language',
            languages.map((l) => [l, l]),
          )}
          {date('from', 'From')}
          {date('to', 'To')}
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            Apply
          </button>
          {chosen === undefined && (
            <span className="field-hint">Choose a survey to export its responses.</span>
          )}
        </div>
      </form>
      {responses.isPending && <Loading what="Loading responses" />}
      {responses.isError && <QueryError error={responses.error} />}
      {responses.data?.items.length === 0 && <p className="empty">No responses match.</p>}
      {responses.data && responses.data.items.length > 0 && (
        <>
          <ResponsesTable
            responses={responses.data.items}
            surveys={surveyById}
            touchpoints={touchpointById}
          />
          <Pager
            label="Response pages"
            pageNumber={pager.pageNumber}
            nextCursor={responses.data.nextCursor}
            onNext={pager.next}
            onPrevious={pager.previous}
          />
        </>
      )}
    </Page>
  );
}

/** Responses: filter by survey, touchpoint, status, channel, language and dates; page; export. */
export function ResponsesPage() {
  // A link to other filters (a survey's "Responses" tab) starts the form afresh.
  const [params] = useSearchParams();
  return <ResponsesView key={params.toString()} />;
}
