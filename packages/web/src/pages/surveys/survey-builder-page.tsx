import { findInstrument, type TSurvey } from '@touchstone/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client.js';
import { endpoints, keys } from '../../api/resources.js';
import { surveyEndpoints, surveyKeys } from '../../api/survey-resources.js';
import { useCan } from '../../auth/session.js';
import { Loading, QueryError, useFormErrors } from '../../components/forms.js';
import { Page } from '../../components/page.js';
import {
  createBody,
  definitionChanged,
  draftOfSurvey,
  newDraft,
  updateBody,
  type TBuilderDraft,
} from '../../components/survey-builder/builder-state.js';
import { SurveyBuilder } from '../../components/survey-builder/survey-builder.js';
import { SurveyStatusBadge, SurveyTabs } from './survey-tabs.js';
import './surveys.css';

/** What a save did, in words: a new version is worth saying, since responses stay on the old one. */
function savedMessage(before: TSurvey, after: TSurvey): string {
  if (after.version > before.version) {
    const n = before.responseCount;
    const so = n === 1 ? '1 response so far keeps' : `${n} responses so far keep`;
    return `Saved as version ${after.version}. The ${so} version ${before.version}; new responses answer version ${after.version}.`;
  }
  if (after.status !== before.status) return `Saved. The survey is ${after.status} now.`;
  return 'Saved.';
}

function pendingMessage(draft: TBuilderDraft, survey: TSurvey | null): string | null {
  if (survey === null) return null;
  if (Object.keys(updateBody(draft, survey)).length === 0) return null;
  if (survey.responseCount > 0 && definitionChanged(draft, survey)) {
    return `Unsaved changes: version ${survey.version} has responses, so saving makes version ${survey.version + 1}.`;
  }
  return 'Unsaved changes';
}

function BuilderWithSave({ survey, initial }: { survey: TSurvey | null; initial: TBuilderDraft }) {
  const canWrite = useCan('model:write');
  const [draft, setDraft] = useState(initial);
  const [status, setStatus] = useState(
    (useLocation().state as { notice?: string } | null)?.notice ?? '',
  );
  const errors = useFormErrors();
  const client = useQueryClient();
  const navigate = useNavigate();
  const touchpoints = useQuery({
    queryKey: keys.touchpoints({}),
    queryFn: () => endpoints.touchpoints({}),
  });
  const brands = useQuery({ queryKey: keys.brands, queryFn: endpoints.allBrands });

  const create = useMutation({
    mutationFn: async (d: TBuilderDraft) => {
      const created = await surveyEndpoints.createSurvey(createBody(d));
      return d.status === 'draft'
        ? created
        : surveyEndpoints.updateSurvey(created.id, { status: d.status });
    },
    onSuccess: async (created) => {
      await client.invalidateQueries({ queryKey: surveyKeys.surveys });
      void navigate(`/surveys/${created.id}`, {
        replace: true,
        state: { notice: `Survey created as a ${created.status} survey.` },
      });
    },
    onError: (error) => errors.fromError(error),
  });
  const update = useMutation({
    mutationFn: (body: Parameters<typeof surveyEndpoints.updateSurvey>[1]) =>
      surveyEndpoints.updateSurvey(survey?.id ?? '', body),
    onSuccess: (updated) => {
      if (survey !== null) setStatus(savedMessage(survey, updated));
      client.setQueryData(surveyKeys.survey(updated.id), updated);
      void client.invalidateQueries({ queryKey: ['surveys', 'list'] });
      void client.invalidateQueries({ queryKey: surveyKeys.allSurveys });
      // The stored definition, with the question keys kept (the editors stay open).
      setDraft((d) => ({ ...draftOfSurvey(updated), keys: d.keys }));
    },
    onError: (error) => errors.fromError(error),
  });

  const save = () => {
    setStatus('');
    if (draft.name.trim() === '') {
      errors.fromError(
        new ApiError(0, 'invalid', 'Please correct the highlighted fields.', [
          { field: 'name', message: 'give the survey a name' },
        ]),
      );
      return;
    }
    if (survey === null) return create.mutate(draft);
    const body = updateBody(draft, survey);
    if (Object.keys(body).length === 0) return setStatus('Nothing to save: no changes.');
    update.mutate(body);
  };

  if (touchpoints.isPending || brands.isPending) return <Loading what="Loading the builder" />;
  return (
    <SurveyBuilder
      draft={draft}
      onChange={(fn) => {
        setStatus('');
        setDraft(fn);
      }}
      survey={survey}
      touchpoints={touchpoints.data ?? []}
      brands={brands.data ?? []}
      errors={errors}
      canWrite={canWrite}
      saving={create.isPending || update.isPending}
      onSave={save}
      status={status}
      pending={pendingMessage(draft, survey)}
    />
  );
}

/** A new survey: empty, or from an instrument (`?template=relationship-nps`). */
export function NewSurveyPage() {
  const [params] = useSearchParams();
  const instrument = findInstrument(params.get('template') ?? '');
  return (
    <Page
      title="New survey"
      crumbs={<Link to="/surveys">Surveys</Link>}
      lead={instrument ? `From the library: ${instrument.name}.` : undefined}
    >
      <BuilderWithSave key={instrument?.id ?? ''} survey={null} initial={newDraft(instrument)} />
    </Page>
  );
}

function DeleteSurvey({ survey }: { survey: TSurvey }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const remove = useMutation({
    mutationFn: () => surveyEndpoints.deleteSurvey(survey.id),
    onSuccess: async () => {
      client.removeQueries({ queryKey: surveyKeys.survey(survey.id) });
      await client.invalidateQueries({ queryKey: surveyKeys.surveys });
      void navigate('/surveys');
    },
  });
  return (
    <>
      <button
        type="button"
        className="button danger"
        disabled={remove.isPending}
        onClick={() => {
          if (window.confirm(`Delete the survey ${survey.name}? It has no responses.`)) {
            remove.mutate();
          }
        }}
      >
        Delete survey
      </button>
      {remove.isError && <QueryError error={remove.error} />}
    </>
  );
}

/** A stored survey in the builder. */
export function SurveyBuilderPage() {
  const { id = '' } = useParams();
  const canWrite = useCan('model:write');
  const survey = useQuery({
    queryKey: surveyKeys.survey(id),
    queryFn: () => surveyEndpoints.survey(id),
  });
  const s = survey.data;
  return (
    <Page
      title={s?.name ?? 'Survey'}
      crumbs={<Link to="/surveys">Surveys</Link>}
      lead={
        s && (
          <>
            <SurveyStatusBadge status={s.status} /> Version {s.version} ·{' '}
            {s.responseCount === 1 ? '1 response' : `${s.responseCount} responses`}
          </>
        )
      }
      actions={s && canWrite && s.responseCount === 0 && <DeleteSurvey survey={s} />}
    >
      {survey.isPending && <Loading what="Loading the survey" />}
      {survey.isError && <QueryError error={survey.error} />}
      {s && (
        <>
          <SurveyTabs survey={s} />
          <BuilderWithSave key={s.id} survey={s} initial={draftOfSurvey(s)} />
        </>
      )}
    </Page>
  );
}
