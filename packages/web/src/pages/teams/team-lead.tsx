import type { TTeam, TTeamUpdate } from '@touchstone/core';
import { useQuery } from '@tanstack/react-query';
import { endpoints, keys } from '../../api/resources.js';
import { useCan } from '../../auth/session.js';

/** The team lead, chosen among the members: missed case SLAs of the team escalate to them. */
export function TeamLead({
  team,
  disabled,
  onChange,
}: {
  team: TTeam;
  disabled: boolean;
  onChange: (body: TTeamUpdate) => void;
}) {
  const canSeeUsers = useCan('users:read');
  const users = useQuery({
    queryKey: keys.users,
    queryFn: endpoints.allUsers,
    enabled: canSeeUsers,
  });
  const nameOf = (id: string) => users.data?.find((u) => u.id === id)?.name ?? id;
  return (
    <section className="card" aria-labelledby="team-lead">
      <h2 id="team-lead">Team lead</h2>
      <p className="muted">
        When one of the team&apos;s cases misses its SLA, the lead is notified. The lead is one of
        the members.
      </p>
      <label className="field">
        Lead
        <select
          value={team.leadUserId ?? ''}
          disabled={disabled || team.memberIds.length === 0}
          onChange={(e) => onChange({ leadUserId: e.target.value === '' ? null : e.target.value })}
        >
          <option value="">No lead</option>
          {team.memberIds.map((id) => (
            <option key={id} value={id}>
              {nameOf(id)}
            </option>
          ))}
        </select>
      </label>
    </section>
  );
}
