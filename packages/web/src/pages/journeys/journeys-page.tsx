import { ZJourneyCreate, type TJourney } from '@touchstone/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { endpoints, keys } from '../../api/resources.js';
import { useCan } from '../../auth/session.js';
import { Field, FormError, Loading, QueryError, useFormErrors } from '../../components/forms.js';
import { Page } from '../../components/page.js';
import { StageEditor, newStageDraft, stagesInput, type TStageDraft } from './stage-editor.js';

/** Schmitt's customer interface: before, during and after the sale. */
function defaultStages(): TStageDraft[] {
  return [
    newStageDraft('Discover', 'pre-sales'),
    newStageDraft('Purchase', 'sales'),
    newStageDraft('Use', 'after-sales'),
  ];
}

function NewJourneyForm({ onDone }: { onDone: () => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [stages, setStages] = useState(defaultStages);
  const errors = useFormErrors();
  const client = useQueryClient();
  const navigate = useNavigate();
  const create = useMutation({
    mutationFn: endpoints.createJourney,
    onSuccess: async (journey) => {
      await client.invalidateQueries({ queryKey: keys.journeys, exact: true });
      void navigate(`/journeys/${journey.id}`);
    },
    onError: (error) => errors.fromError(error),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    const body = { name, description, stages: stagesInput(stages) };
    const parsed = ZJourneyCreate.safeParse(body);
    if (!parsed.success) return errors.fromZod(parsed.error);
    create.mutate(parsed.data);
  };
  return (
    <form className="card stack" onSubmit={submit} noValidate aria-label="New journey">
      <h2>New journey</h2>
      <FormError message={errors.message} />
      <Field label="Name" error={errors.fields['name']}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} autoFocus />}
      </Field>
      <Field label="Description" error={errors.fields['description']}>
        {(p) => (
          <textarea
            {...p}
            rows={2}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        )}
      </Field>
      <StageEditor stages={stages} onChange={setStages} errors={errors.fields} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          Create journey
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function JourneyRow({ journey }: { journey: TJourney }) {
  const stages = [...journey.stages].sort((a, b) => a.position - b.position);
  return (
    <li className="card journey-card">
      <h2>
        <Link to={`/journeys/${journey.id}`}>{journey.name}</Link>
        {journey.archived && <span className="badge">Archived</span>}
      </h2>
      {journey.description && <p>{journey.description}</p>}
      <ol className="stage-strip" aria-label={`Stages of ${journey.name}`}>
        {stages.map((s) => (
          <li key={s.id} className={`phase-${s.phase}`}>
            {s.name}
          </li>
        ))}
      </ol>
    </li>
  );
}

/** The customer journeys, each an ordered sequence of stages. */
export function JourneysPage() {
  const canWrite = useCan('model:write');
  const [creating, setCreating] = useState(false);
  const journeys = useQuery({ queryKey: keys.journeys, queryFn: endpoints.allJourneys });
  return (
    <Page
      title="Journeys"
      lead="Journeys, their stages, and the touchpoints where customers meet the brand."
      actions={
        canWrite &&
        !creating && (
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            New journey
          </button>
        )
      }
    >
      {creating && <NewJourneyForm onDone={() => setCreating(false)} />}
      {journeys.isPending && <Loading what="Loading journeys" />}
      {journeys.isError && <QueryError error={journeys.error} />}
      {journeys.data?.length === 0 && <p className="empty">No journeys yet.</p>}
      {journeys.data && journeys.data.length > 0 && (
        <ul className="card-list">
          {journeys.data.map((j) => (
            <JourneyRow key={j.id} journey={j} />
          ))}
        </ul>
      )}
    </Page>
  );
}
