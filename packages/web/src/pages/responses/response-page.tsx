import {
  firstNameOf,
  localize,
  pipeText,
  visibleQuestions,
  type TResponse,
  type TSurvey,
  type TSurveyDefinition,
} from '@touchstone/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { endpoints, keys } from '../../api/resources.js';
import { surveyEndpoints, surveyKeys } from '../../api/survey-resources.js';
import { Loading, QueryError } from '../../components/forms.js';
import { Page, formatDateTime, humanize } from '../../components/page.js';
import { formatAttribute } from '../customers/attribute-filters.js';
import { AnswerView, answerText } from './answer-format.js';
import '../surveys/surveys.css';

/** Shown for `{{touchpoint.name}}` when the response names no touchpoint, as the respondent page does. */
const TOUCHPOINT_FALLBACK = 'your visit';

function Answers({ response, def }: { response: TResponse; def: TSurveyDefinition }) {
  // The question as the respondent saw it: in their language, with the touchpoint, their name
  // and the hidden fields filled in.
  const language = def.languages.includes(response.language)
    ? response.language
    : def.defaultLanguage;
  const touchpoint = useQuery({
    queryKey: keys.touchpoint(response.touchpointId ?? ''),
    queryFn: () => endpoints.touchpoint(response.touchpointId ?? ''),
    enabled: response.touchpointId !== null,
  });
  const customer = useQuery({
    queryKey: keys.customer(response.customerId ?? ''),
    queryFn: () => endpoints.customer(response.customerId ?? ''),
    enabled: response.customerId !== null,
  });
  const customerName = customer.data?.name ?? null;
  const piping = {
    touchpoint: {
      name: touchpoint.data?.name ?? (response.touchpointId === null ? TOUCHPOINT_FALLBACK : '…'),
    },
    customer: { name: customerName, firstName: firstNameOf(customerName) },
    hidden: response.hidden,
  };
  const shown = new Set(visibleQuestions(def, response.answers, response.hidden).map((q) => q.id));
  const known = new Set(def.questions.map((q) => q.id));
  const unknown = Object.entries(response.answers).filter(([id]) => !known.has(id));
  return (
    <section className="card" aria-labelledby="answers">
      <h2 id="answers">Answers</h2>
      <ol className="answer-list">
        {def.questions.map((q, i) => {
          const answer = response.answers[q.id];
          return (
            <li key={q.id} className={shown.has(q.id) ? undefined : 'not-shown'}>
              <h3 className="answer-question">
                <span className="stage-number" aria-hidden="true">
                  {i + 1}
                </span>
                <span>
                  {pipeText(localize(q.text, language, def), piping)} <code>{q.id}</code>
                </span>
              </h3>
              {answer !== undefined ? (
                <AnswerView question={q} answer={answer} def={def} language={language} />
              ) : (
                <p className="muted answer-value-missing">
                  {shown.has(q.id) ? 'No answer' : 'Not shown (display logic)'}
                </p>
              )}
            </li>
          );
        })}
      </ol>
      {unknown.length > 0 && (
        <>
          <h3>Answers to questions not in version {response.surveyVersion}</h3>
          <dl className="details">
            {unknown.map(([id, answer]) => (
              <div key={id} className="details-row">
                <dt>{id}</dt>
                <dd>{answerText(undefined, answer, undefined, language)}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </section>
  );
}

function Details({ response, survey }: { response: TResponse; survey: TSurvey | undefined }) {
  const touchpoint = useQuery({
    queryKey: keys.touchpoint(response.touchpointId ?? ''),
    queryFn: () => endpoints.touchpoint(response.touchpointId ?? ''),
    enabled: response.touchpointId !== null,
  });
  const customer = useQuery({
    queryKey: keys.customer(response.customerId ?? ''),
    queryFn: () => endpoints.customer(response.customerId ?? ''),
    enabled: response.customerId !== null,
  });
  const attributeKeys = useQuery({
    queryKey: keys.attributeKeys('customer'),
    queryFn: () => endpoints.attributeKeys('customer'),
  });
  const labels = new Map((attributeKeys.data ?? []).map((k) => [k.key, k.label]));
  const hidden = Object.entries(response.hidden);
  const segment = Object.entries(response.segment);
  return (
    <section className="card" aria-labelledby="response-details">
      <h2 id="response-details">Details</h2>
      <dl className="details">
        <dt>Survey</dt>
        <dd>
          {survey ? <Link to={`/surveys/${survey.id}`}>{survey.name}</Link> : 'Unknown survey'},
          version {response.surveyVersion}
        </dd>
        <dt>Status</dt>
        <dd>{humanize(response.status)}</dd>
        <dt>Customer</dt>
        <dd>
          {response.customerId === null ? (
            <span className="muted">Anonymous</span>
          ) : (
            <Link to={`/customers/${response.customerId}`}>
              {customer.data ? (customer.data.name ?? customer.data.externalId) : 'The customer'}
            </Link>
          )}
        </dd>
        <dt>Touchpoint</dt>
        <dd>
          {response.touchpointId === null ? (
            '—'
          ) : (
            <Link to={`/touchpoints/${response.touchpointId}`}>
              {touchpoint.data?.name ?? 'The touchpoint'}
            </Link>
          )}
        </dd>
        <dt>Channel</dt>
        <dd>{humanize(response.channel)}</dd>
        <dt>Language</dt>
        <dd>
          <code>{response.language}</code>
        </dd>
        <dt>Started</dt>
        <dd>{formatDateTime(response.startedAt)}</dd>
        <dt>Submitted</dt>
        <dd>{formatDateTime(response.submittedAt)}</dd>
      </dl>
      <h3>Hidden fields</h3>
      {hidden.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <dl className="details" data-testid="hidden-fields">
          {hidden.map(([key, value]) => (
            <div key={key} className="details-row">
              <dt>
                <code>{key}</code>
              </dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {segment.length > 0 && (
        <>
          <h3>Segment when answering</h3>
          <dl className="details">
            {segment.map(([key, value]) => (
              <div key={key} className="details-row">
                <dt>{labels.get(key) ?? key}</dt>
                <dd>{formatAttribute(value)}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </section>
  );
}

/** One response: each question of its survey version with the answer, and where it came from. */
export function ResponsePage() {
  const { id = '' } = useParams();
  const response = useQuery({
    queryKey: surveyKeys.response(id),
    queryFn: () => surveyEndpoints.response(id),
  });
  const r = response.data;
  const survey = useQuery({
    queryKey: surveyKeys.survey(r?.surveyId ?? ''),
    queryFn: () => surveyEndpoints.survey(r?.surveyId ?? ''),
    enabled: r !== undefined,
  });
  const version = useQuery({
    queryKey: surveyKeys.surveyVersion(r?.surveyId ?? '', r?.surveyVersion ?? 0),
    queryFn: () => surveyEndpoints.surveyVersion(r?.surveyId ?? '', r?.surveyVersion ?? 0),
    enabled: r !== undefined,
  });
  const error = response.error ?? version.error;
  return (
    <Page
      shareable
      title={r ? `Response of ${formatDateTime(r.submittedAt ?? r.startedAt)}` : 'Response'}
      crumbs={
        <>
          <Link to="/responses">Responses</Link>
          {survey.data && (
            <Link to={`/responses?surveyId=${survey.data.id}`}>{survey.data.name}</Link>
          )}
        </>
      }
    >
      {error && <QueryError error={error} />}
      {!error && (response.isPending || version.isPending) && (
        <Loading what="Loading the response" />
      )}
      {r && version.data && (
        <div className="response-layout">
          <Answers response={r} def={version.data.definition} />
          <Details response={r} survey={survey.data} />
        </div>
      )}
    </Page>
  );
}
