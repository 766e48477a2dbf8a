import { ZJourneyUpdate, type TJourney, type TJourneyUpdate } from '@touchstone/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { endpoints, keys } from '../../api/resources.js';
import { useCan } from '../../auth/session.js';
import { Field, FormError, Loading, QueryError, useFormErrors } from '../../components/forms.js';
import { Page } from '../../components/page.js';
import { JourneyBoard } from './journey-board.js';
import { StageEditor, stageDrafts, stagesInput } from './stage-editor.js';

function JourneyEditor({ journey, onDone }: { journey: TJourney; onDone: () => void }) {
  const [name, setName] = useState(journey.name);
  const [description, setDescription] = useState(journey.description);
  const [stages, setStages] = useState(() => stageDrafts(journey.stages));
  const errors = useFormErrors();
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: (body: TJourneyUpdate) => endpoints.updateJourney(journey.id, body),
    onSuccess: (updated) => {
      client.setQueryData(keys.journey(journey.id), updated);
      void client.invalidateQueries({ queryKey: keys.journeys, exact: true });
      onDone();
    },
    onError: (error) => errors.fromError(error),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    const parsed = ZJourneyUpdate.safeParse({ name, description, stages: stagesInput(stages) });
    if (!parsed.success) return errors.fromZod(parsed.error);
    save.mutate(parsed.data);
  };
  return (
    <form className="card stack" onSubmit={submit} noValidate aria-label="Edit journey">
      <h2>Edit journey</h2>
      <FormError message={errors.message} />
      <Field label="Name" error={errors.fields['name']}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
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
      <p className="field-hint">
        A stage that still has touchpoints cannot be removed: move its touchpoints first.
      </p>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save journey'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** One journey as a map of stages and touchpoints; admins edit its stages here. */
export function JourneyPage() {
  const { id = '' } = useParams();
  const canWrite = useCan('model:write');
  const [editing, setEditing] = useState(false);
  const journey = useQuery({ queryKey: keys.journey(id), queryFn: () => endpoints.journey(id) });
  const touchpointQuery = { journeyId: id };
  const touchpoints = useQuery({
    queryKey: keys.touchpoints(touchpointQuery),
    queryFn: () => endpoints.touchpoints(touchpointQuery),
  });
  const teams = useQuery({ queryKey: keys.teams, queryFn: endpoints.allTeams });
  return (
    <Page
      title={journey.data?.name ?? 'Journey'}
      lead={journey.data?.description}
      crumbs={<Link to="/journeys">Journeys</Link>}
      actions={
        canWrite &&
        journey.data &&
        !editing && (
          <button type="button" className="button" onClick={() => setEditing(true)}>
            Edit journey and stages
          </button>
        )
      }
    >
      {(journey.isPending || touchpoints.isPending) && <Loading what="Loading the journey" />}
      {journey.isError && <QueryError error={journey.error} />}
      {touchpoints.isError && <QueryError error={touchpoints.error} />}
      {editing && journey.data && (
        <JourneyEditor journey={journey.data} onDone={() => setEditing(false)} />
      )}
      {journey.data && touchpoints.data && (
        <JourneyBoard
          journey={journey.data}
          touchpoints={touchpoints.data}
          teams={teams.data ?? []}
          canWrite={canWrite}
        />
      )}
    </Page>
  );
}
