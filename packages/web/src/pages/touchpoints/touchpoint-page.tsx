import {
  ZTouchpointUpdate,
  type TJourney,
  type TTouchpoint,
  type TTouchpointUpdate,
} from '@touchstone/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { endpoints, keys } from '../../api/resources.js';
import { useCan } from '../../auth/session.js';
import { Loading, QueryError, useFormErrors } from '../../components/forms.js';
import { Page } from '../../components/page.js';
import { TouchpointForm, type TTouchpointDraft } from './touchpoint-form.js';

function draftOf(t: TTouchpoint): TTouchpointDraft {
  return {
    key: t.key,
    name: t.name,
    description: t.description,
    stageId: t.stageId,
    channel: t.channel,
    providerType: t.providerType,
    senses: t.senses,
    ownerTeamId: t.ownerTeamId,
    archived: t.archived,
  };
}

function EditTouchpoint({ touchpoint, journey }: { touchpoint: TTouchpoint; journey: TJourney }) {
  const canWrite = useCan('model:write');
  const [draft, setDraft] = useState(() => draftOf(touchpoint));
  const [saved, setSaved] = useState(false);
  const errors = useFormErrors();
  const client = useQueryClient();
  const teams = useQuery({ queryKey: keys.teams, queryFn: endpoints.allTeams });
  const save = useMutation({
    mutationFn: (body: TTouchpointUpdate) => endpoints.updateTouchpoint(touchpoint.id, body),
    onSuccess: (updated) => {
      client.setQueryData(keys.touchpoint(updated.id), updated);
      void client.invalidateQueries({ queryKey: ['touchpoints', 'list'] });
      setDraft(draftOf(updated));
      setSaved(true);
    },
    onError: (error) => errors.fromError(error),
  });
  const submit = () => {
    errors.clear();
    setSaved(false);
    const parsed = ZTouchpointUpdate.safeParse(draft);
    if (!parsed.success) return errors.fromZod(parsed.error);
    save.mutate(parsed.data);
  };

  return (
    <TouchpointForm
      draft={draft}
      onChange={(d) => {
        setSaved(false);
        setDraft(d);
      }}
      onSubmit={submit}
      journey={journey}
      teams={teams.data ?? []}
      errors={errors}
      disabled={!canWrite || save.isPending}
      existing
      canSubmit={canWrite}
      submitLabel={save.isPending ? 'Saving…' : 'Save touchpoint'}
    >
      <span role="status">{saved ? 'Saved.' : ''}</span>
    </TouchpointForm>
  );
}

/** One touchpoint: read by everyone, edited by admins. */
export function TouchpointPage() {
  const { id = '' } = useParams();
  const touchpoint = useQuery({
    queryKey: keys.touchpoint(id),
    queryFn: () => endpoints.touchpoint(id),
  });
  const journeyId = touchpoint.data?.journeyId ?? '';
  // The journey gives the stages to choose from and the breadcrumb back to the map.
  const journey = useQuery({
    queryKey: keys.journey(journeyId),
    queryFn: () => endpoints.journey(journeyId),
    enabled: journeyId !== '',
  });
  const error = touchpoint.error ?? journey.error;
  return (
    <Page
      title={touchpoint.data?.name ?? 'Touchpoint'}
      crumbs={
        <>
          <Link to="/journeys">Journeys</Link>
          {journey.data && <Link to={`/journeys/${journey.data.id}`}>{journey.data.name}</Link>}
        </>
      }
    >
      {error && <QueryError error={error} />}
      {!error && (touchpoint.isPending || journey.isPending) && (
        <Loading what="Loading the touchpoint" />
      )}
      {touchpoint.data && journey.data && (
        <EditTouchpoint
          key={touchpoint.data.id}
          touchpoint={touchpoint.data}
          journey={journey.data}
        />
      )}
    </Page>
  );
}
