import type { TTeam } from '@touchstone/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { endpoints, keys } from '../../api/resources.js';
import { useCan } from '../../auth/session.js';
import { Loading, QueryError, useFormErrors } from '../../components/forms.js';
import { Page } from '../../components/page.js';
import { TeamForm } from './team-form.js';

function NewTeam({ onDone }: { onDone: () => void }) {
  const errors = useFormErrors();
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: endpoints.createTeam,
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: keys.teams });
      onDone();
    },
    onError: (error) => errors.fromError(error),
  });
  return (
    <section className="card" aria-labelledby="new-team">
      <h2 id="new-team">New team</h2>
      <TeamForm
        onSubmit={(draft) => create.mutate(draft)}
        errors={errors}
        disabled={create.isPending}
        submitLabel="Create team"
      >
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </TeamForm>
    </section>
  );
}

function TeamsTable({ teams }: { teams: TTeam[] }) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Team</th>
          <th scope="col">Description</th>
          <th scope="col" className="numeric">
            Members
          </th>
        </tr>
      </thead>
      <tbody>
        {teams.map((t) => (
          <tr key={t.id} className={t.archived ? 'archived' : undefined}>
            <th scope="row">
              <Link to={`/teams/${t.id}`}>{t.name}</Link>
              {t.archived && <span className="badge">Archived</span>}
            </th>
            <td>{t.description}</td>
            <td className="numeric">{t.memberIds.length}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The teams that own touchpoints and handle cases. */
export function TeamsPage() {
  const canWrite = useCan('model:write');
  const [creating, setCreating] = useState(false);
  const teams = useQuery({ queryKey: keys.teams, queryFn: endpoints.allTeams });
  return (
    <Page
      title="Teams"
      lead="Who owns each touchpoint and acts on what customers say about it."
      actions={
        canWrite &&
        !creating && (
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            New team
          </button>
        )
      }
    >
      {creating && <NewTeam onDone={() => setCreating(false)} />}
      {teams.isPending && <Loading what="Loading teams" />}
      {teams.isError && <QueryError error={teams.error} />}
      {teams.data?.length === 0 && <p className="empty">No teams yet.</p>}
      {teams.data && teams.data.length > 0 && <TeamsTable teams={teams.data} />}
    </Page>
  );
}
