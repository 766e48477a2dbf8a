import { useMutation, useQueryClient } from '@tanstack/react-query';
import { surveyEndpoints, surveyKeys, type TCampaign } from '../../api/survey-resources.js';
import { useCan } from '../../auth/session.js';
import { QueryError } from '../../components/forms.js';
import { formatDateTime, humanize } from '../../components/page.js';

function skipped(c: TCampaign): number {
  return Object.values(c.counts.skipped).reduce((a, b) => a + b, 0);
}

function rate(c: TCampaign): string {
  const delivered = c.counts.sent;
  if (delivered === 0) return '—';
  return `${Math.round((100 * c.counts.responded) / delivered)}%`;
}

function SendDraft({ campaign }: { campaign: TCampaign }) {
  const client = useQueryClient();
  const send = useMutation({
    mutationFn: () => surveyEndpoints.sendCampaign(campaign.id),
    onSettled: () =>
      client.invalidateQueries({ queryKey: surveyKeys.campaigns(campaign.surveyId) }),
  });
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={send.isPending}
        aria-label={`Send ${campaign.name} now`}
        onClick={() => send.mutate()}
      >
        Send now
      </button>
      {send.isError && <QueryError error={send.error} />}
    </>
  );
}

/** A survey's e-mail campaigns with what became of each audience. */
export function CampaignList({ campaigns }: { campaigns: TCampaign[] }) {
  const canWrite = useCan('campaigns:write');
  if (campaigns.length === 0) return <p className="muted">No campaigns yet.</p>;
  return (
    <div className="table-scroll">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Campaign</th>
            <th scope="col">Status</th>
            <th scope="col">When</th>
            <th scope="col" className="numeric">
              Invited
            </th>
            <th scope="col" className="numeric">
              Skipped
            </th>
            <th scope="col" className="numeric">
              Sent
            </th>
            <th scope="col" className="numeric">
              Failed
            </th>
            <th scope="col" className="numeric">
              Responded
            </th>
            <th scope="col" className="numeric">
              Response rate
            </th>
          </tr>
        </thead>
        <tbody>
          {campaigns.map((c) => (
            <tr key={c.id}>
              <th scope="row">
                {c.name}
                <div className="muted cell-note">
                  {Object.values(c.messages)[0]?.subject}
                  {c.audience.type === 'segment' && c.audience.attr.length > 0
                    ? ` · segment ${c.audience.attr.join(', ')}`
                    : ' · all consenting customers'}
                  {c.reminderDays > 0 ? ` · reminder after ${c.reminderDays} days` : ''}
                </div>
              </th>
              <td>
                <span className={`badge campaign-${c.status}`}>{humanize(c.status)}</span>
                {c.status === 'draft' && canWrite && (
                  <div className="cell-note">
                    <SendDraft campaign={c} />
                  </div>
                )}
              </td>
              <td>{formatDateTime(c.sentAt ?? c.scheduledAt)}</td>
              <td className="numeric">{c.counts.eligible}</td>
              <td
                className="numeric"
                title={`No e-mail ${c.counts.skipped.noEmail}, no consent ${c.counts.skipped.noConsent}, opted out ${c.counts.skipped.optedOut}, contacted recently ${c.counts.skipped.frequency}`}
              >
                {skipped(c)}
              </td>
              <td className="numeric">{c.counts.sent}</td>
              <td className="numeric">{c.counts.failed}</td>
              <td className="numeric">{c.counts.responded}</td>
              <td className="numeric">{rate(c)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
