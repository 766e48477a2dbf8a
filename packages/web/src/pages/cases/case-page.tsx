import { CASE_PRIORITIES, type TCaseDetail, type TCaseStatus } from '@touchstone/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { endpoints, keys } from '../../api/resources.js';
import { useCan, useSession } from '../../auth/session.js';
import { FormError, Loading, QueryError, useFormErrors } from '../../components/forms.js';
import { Page, formatDateTime, humanize } from '../../components/page.js';
import { ClosedLoopPanel } from '../closed-loop/closed-loop-panel.js';
import { CaseLinks } from './case-links.js';
import { CaseTimeline } from './case-timeline.js';
import {
  MOVE_LABELS,
  STATUS_LABELS,
  caseEndpoints,
  caseKeys,
  fromNow,
  slaSummary,
} from './cases-api.js';
import './cases.css';

type TUpdate = Parameters<typeof caseEndpoints.update>[1];

/** `/cases/:id`: one case with its status moves, assignment, codes, SLA timers and timeline. */
export function CasePage() {
  const { id = '' } = useParams();
  const found = useQuery({ queryKey: caseKeys.one(id), queryFn: () => caseEndpoints.one(id) });
  const c = found.data;
  return (
    <Page
      shareable
      title={c ? `#${c.number} ${c.title}` : 'Case'}
      crumbs={<Link to="/cases">Cases</Link>}
      lead={
        c &&
        `${STATUS_LABELS[c.status]} · ${humanize(c.priority)} priority · ${c.teamName ?? 'no team'}`
      }
    >
      {found.isPending && <Loading what="Loading the case" />}
      {found.isError && <QueryError error={found.error} />}
      {c && <CaseView key={c.id} found={c} />}
    </Page>
  );
}

function useCaseUpdate(c: TCaseDetail) {
  const client = useQueryClient();
  const errors = useFormErrors();
  const update = useMutation({
    // Sent with the version shown: a change made meanwhile by someone else is a 409, not lost.
    mutationFn: (body: TUpdate) => caseEndpoints.update(c.id, { ...body, version: c.version }),
    onSuccess: async (updated) => {
      errors.clear();
      client.setQueryData(caseKeys.one(c.id), updated);
      await client.invalidateQueries({ queryKey: [...caseKeys.all, 'list'] });
    },
    onError: async (error) => {
      errors.fromError(error);
      await client.invalidateQueries({ queryKey: caseKeys.one(c.id) });
    },
  });
  return { update, errors };
}

function CaseView({ found: c }: { found: TCaseDetail }) {
  const canWrite = useCan('cases:write');
  const { update, errors } = useCaseUpdate(c);
  const move = (status: TCaseStatus) => update.mutate({ status });
  return (
    <div className="case-layout">
      <div className="stack">
        <FormError message={errors.message} />
        {canWrite && c.allowedTransitions.length > 0 && (
          <div className="page-actions" role="group" aria-label="Status">
            {c.allowedTransitions.map((status) => (
              <button
                key={status}
                type="button"
                className={status === 'resolved' ? 'button button-primary' : 'button'}
                disabled={update.isPending}
                onClick={() => move(status)}
              >
                {MOVE_LABELS[status]}
              </button>
            ))}
          </div>
        )}
        <CaseControls c={c} disabled={!canWrite || update.isPending} onChange={update.mutate} />
        <SlaCard c={c} />
        {c.description !== '' && (
          <section className="card">
            <h2>Description</h2>
            <p className="note-body">{c.description}</p>
          </section>
        )}
        <CaseTimeline c={c} canWrite={canWrite} />
      </div>
      <aside className="stack" aria-label="Customer and follow-up">
        <CaseLinks c={c} />
        <ClosedLoopPanel caseId={c.id} status={c.status} />
      </aside>
    </div>
  );
}

function CaseControls({
  c,
  disabled,
  onChange,
}: {
  c: TCaseDetail;
  disabled: boolean;
  onChange: (body: TUpdate) => void;
}) {
  const teams = useQuery({ queryKey: keys.teams, queryFn: endpoints.allTeams });
  const session = useSession();
  // Agents hand cases on among their own teams only (the API refuses others).
  const choosable = (t: { id: string; archived: boolean; memberIds: string[] }) =>
    t.id === c.teamId ||
    (!t.archived && (session.role !== 'agent' || t.memberIds.includes(session.user.id)));
  const codes = useQuery({ queryKey: caseKeys.codes, queryFn: caseEndpoints.codes });
  const codeOptions = (kind: 'root_cause' | 'resolution', current: string | null) =>
    (codes.data?.items ?? []).filter((k) => k.kind === kind && (!k.archived || k.id === current));
  return (
    <section className="card">
      <h2>Handling</h2>
      <div className="case-controls">
        <label>
          Priority
          <select
            value={c.priority}
            disabled={disabled}
            onChange={(e) => onChange({ priority: e.target.value as TCaseDetail['priority'] })}
          >
            {CASE_PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {humanize(p)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Team
          <select
            value={c.teamId ?? ''}
            disabled={disabled}
            onChange={(e) => onChange({ teamId: e.target.value === '' ? null : e.target.value })}
          >
            <option value="" disabled={session.role === 'agent'}>
              No team
            </option>
            {(teams.data ?? []).filter(choosable).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Assignee
          <select
            value={c.assigneeId ?? ''}
            disabled={disabled || c.teamId === null}
            onChange={(e) =>
              onChange({ assigneeId: e.target.value === '' ? null : e.target.value })
            }
          >
            <option value="">Unassigned</option>
            {c.teamMembers.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Root cause
          <select
            value={c.rootCauseCodeId ?? ''}
            disabled={disabled}
            onChange={(e) =>
              onChange({ rootCauseCodeId: e.target.value === '' ? null : e.target.value })
            }
          >
            <option value="">Not set</option>
            {codeOptions('root_cause', c.rootCauseCodeId).map((k) => (
              <option key={k.id} value={k.id}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Resolution
          <select
            value={c.resolutionCodeId ?? ''}
            disabled={disabled}
            onChange={(e) =>
              onChange({ resolutionCodeId: e.target.value === '' ? null : e.target.value })
            }
          >
            <option value="">Not set</option>
            {codeOptions('resolution', c.resolutionCodeId).map((k) => (
              <option key={k.id} value={k.id}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
      </div>
    </section>
  );
}

function SlaTarget({
  label,
  target,
}: {
  label: string;
  target: TCaseDetail['sla']['firstResponse'];
}) {
  let state: string;
  if (target.breachedAt !== null) state = `missed (due ${formatDateTime(target.dueAt)})`;
  else if (target.metAt !== null) state = `met ${formatDateTime(target.metAt)}`;
  else state = `due ${fromNow(target.dueAt)} (${formatDateTime(target.dueAt)})`;
  return (
    <div className="details-row">
      <dt>{label}</dt>
      <dd className={target.breachedAt !== null ? 'sla-breached' : undefined}>{state}</dd>
    </div>
  );
}

function SlaCard({ c }: { c: TCaseDetail }) {
  const summary = slaSummary(c);
  return (
    <section className="card" aria-label="SLA">
      <h2>
        SLA <span className={summary.breached ? 'sla-breached' : 'muted'}>{summary.text}</span>
      </h2>
      <dl className="details">
        <SlaTarget label="First response" target={c.sla.firstResponse} />
        <SlaTarget label="Resolution" target={c.sla.resolution} />
        {c.status === 'pending' && c.sla.pausedAt !== null && (
          <div className="details-row">
            <dt>Paused</dt>
            <dd>since {formatDateTime(c.sla.pausedAt)}</dd>
          </div>
        )}
        {c.escalatedAt !== null && (
          <div className="details-row">
            <dt>Escalated</dt>
            <dd>{formatDateTime(c.escalatedAt)} to the team lead</dd>
          </div>
        )}
      </dl>
    </section>
  );
}
