import type { TTeam, TTeamUpdate } from '@touchstone/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { endpoints, keys } from '../../api/resources.js';
import { useCan } from '../../auth/session.js';
import { Loading, QueryError, useFormErrors } from '../../components/forms.js';
import { Page } from '../../components/page.js';
import { TeamForm } from './team-form.js';
import { TeamLead } from './team-lead.js';

function TeamDetails({ team }: { team: TTeam }) {
  const canWrite = useCan('model:write');
  const [saved, setSaved] = useState(false);
  const errors = useFormErrors();
  const client = useQueryClient();
  const update = useMutation({
    mutationFn: (body: TTeamUpdate) => endpoints.updateTeam(team.id, body),
    onSuccess: (updated) => {
      client.setQueryData(keys.team(team.id), updated);
      void client.invalidateQueries({ queryKey: keys.teams, exact: true });
      setSaved(true);
    },
    onError: (error) => errors.fromError(error),
  });
  if (!canWrite) {
    return (
      <dl className="details">
        <dt>Description</dt>
        <dd>{team.description || '—'}</dd>
        <dt>Members</dt>
        <dd>{team.memberIds.length}</dd>
      </dl>
    );
  }
  return (
    <div className="stack">
      <section className="card" aria-label="Team details">
        <TeamForm
          initial={team}
          onSubmit={(draft) => {
            setSaved(false);
            update.mutate(draft);
          }}
          errors={errors}
          disabled={update.isPending}
          submitLabel={update.isPending ? 'Saving…' : 'Save team'}
        >
          <span role="status">{saved ? 'Saved.' : ''}</span>
        </TeamForm>
      </section>
      <TeamLead team={team} disabled={update.isPending} onChange={(body) => update.mutate(body)} />
      <section className="card" aria-labelledby="archive-team">
        <h2 id="archive-team">{team.archived ? 'Archived' : 'Archive'}</h2>
        <p className="muted">
          {team.archived
            ? 'This team is archived: it no longer appears in pickers.'
            : 'An archived team keeps its history but can no longer be picked as an owner.'}
        </p>
        <button
          type="button"
          className="button"
          disabled={update.isPending}
          onClick={() => update.mutate({ archived: !team.archived })}
        >
          {team.archived ? 'Restore team' : 'Archive team'}
        </button>
      </section>
    </div>
  );
}

/** One team: its name, description and members. */
export function TeamPage() {
  const { id = '' } = useParams();
  const team = useQuery({ queryKey: keys.team(id), queryFn: () => endpoints.team(id) });
  return (
    <Page title={team.data?.name ?? 'Team'} crumbs={<Link to="/teams">Teams</Link>}>
      {team.isPending && <Loading what="Loading the team" />}
      {team.isError && <QueryError error={team.error} />}
      {team.data && <TeamDetails key={team.data.id} team={team.data} />}
    </Page>
  );
}
