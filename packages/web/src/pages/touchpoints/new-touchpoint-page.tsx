import { ZTouchpointCreate, type TJourney } from '@touchstone/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { endpoints, keys } from '../../api/resources.js';
import { Loading, QueryError, useFormErrors } from '../../components/forms.js';
import { Page } from '../../components/page.js';
import { TouchpointForm, type TTouchpointDraft } from './touchpoint-form.js';

function NewTouchpointForm({ journey, stageId }: { journey: TJourney; stageId: string | null }) {
  const first = [...journey.stages].sort((a, b) => a.position - b.position)[0];
  const [draft, setDraft] = useState<TTouchpointDraft>({
    key: '',
    name: '',
    description: '',
    stageId: journey.stages.some((s) => s.id === stageId) && stageId ? stageId : (first?.id ?? ''),
    channel: 'web',
    providerType: 'communications',
    senses: ['sight'],
    ownerTeamId: null,
    archived: false,
  });
  const errors = useFormErrors();
  const client = useQueryClient();
  const navigate = useNavigate();
  const teams = useQuery({ queryKey: keys.teams, queryFn: endpoints.allTeams });
  const create = useMutation({
    mutationFn: endpoints.createTouchpoint,
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['touchpoints', 'list'] });
      void navigate(`/journeys/${journey.id}`);
    },
    onError: (error) => errors.fromError(error),
  });
  const submit = () => {
    errors.clear();
    const { key, name, description, stageId, channel, providerType, senses, ownerTeamId } = draft;
    const parsed = ZTouchpointCreate.safeParse({
      key,
      name,
      description,
      stageId,
      channel,
      providerType,
      senses,
      ownerTeamId,
    });
    if (!parsed.success) return errors.fromZod(parsed.error);
    create.mutate(parsed.data);
  };
  return (
    <TouchpointForm
      draft={draft}
      onChange={setDraft}
      onSubmit={submit}
      journey={journey}
      teams={teams.data ?? []}
      errors={errors}
      disabled={create.isPending}
      existing={false}
      submitLabel={create.isPending ? 'Creating…' : 'Create touchpoint'}
    >
      <Link className="button" to={`/journeys/${journey.id}`}>
        Cancel
      </Link>
    </TouchpointForm>
  );
}

/** Adds a touchpoint to a journey, in the stage it was asked from. */
export function NewTouchpointPage() {
  const { journeyId = '' } = useParams();
  const [params] = useSearchParams();
  const journey = useQuery({
    queryKey: keys.journey(journeyId),
    queryFn: () => endpoints.journey(journeyId),
  });
  return (
    <Page
      title="New touchpoint"
      crumbs={
        <>
          <Link to="/journeys">Journeys</Link>
          {journey.data && <Link to={`/journeys/${journey.data.id}`}>{journey.data.name}</Link>}
        </>
      }
    >
      {journey.isPending && <Loading what="Loading the journey" />}
      {journey.isError && <QueryError error={journey.error} />}
      {journey.data && <NewTouchpointForm journey={journey.data} stageId={params.get('stageId')} />}
    </Page>
  );
}
