import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useCan } from '../../auth/session.js';
import { FormError, Loading, QueryError, useFormErrors } from '../../components/forms.js';
import { Page } from '../../components/page.js';
import { OptionSelect } from '../analytics/analytics-layout.js';
import { AlertList } from './alert-list.js';
import { alertEndpoints, alertKeys } from './alerts-api.js';
import './alerts.css';

const STATUS_OPTIONS = [
  { value: 'open', label: 'Open' },
  { value: 'acknowledged', label: 'Acknowledged' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'all', label: 'All' },
];

/** `/alerts`: the changes the scan found, newest first, by status. */
export function AlertsPage() {
  const [search, setSearch] = useSearchParams();
  const status = search.get('status') ?? 'open';
  const canScan = useCan('analytics:admin');
  const client = useQueryClient();
  const errors = useFormErrors();
  const alerts = useQuery({
    queryKey: alertKeys.list(status),
    queryFn: () =>
      alertEndpoints.list(status === 'all' ? { limit: 200 } : { status: status, limit: 200 }),
  });
  const scan = useMutation({
    mutationFn: () => alertEndpoints.scan(),
    onSuccess: () => client.invalidateQueries({ queryKey: ['alerts'] }),
    onError: (error) => errors.fromError(error),
  });
  return (
    <Page
      shareable
      title="Alerts"
      lead="Lasting changes the daily scan found in every metric by touchpoint and segment, each at the most specific place that explains it."
      actions={
        canScan && (
          <button type="button" onClick={() => scan.mutate()} disabled={scan.isPending}>
            {scan.isPending ? 'Scanning…' : 'Scan now'}
          </button>
        )
      }
    >
      <div className="analytics-options">
        <OptionSelect
          id="alert-status"
          label="Status"
          value={status}
          options={STATUS_OPTIONS}
          onChange={(v) => {
            const next = new URLSearchParams(search);
            next.set('status', v);
            setSearch(next, { replace: true });
          }}
        />
      </div>
      <FormError message={errors.message} />
      {scan.data && (
        <p role="status">
          Scanned {scan.data.testedSeries} series: {scan.data.findings} change(s),{' '}
          {scan.data.created} new.
        </p>
      )}
      {alerts.isPending && <Loading what="Loading alerts" />}
      {alerts.isError && <QueryError error={alerts.error} />}
      {alerts.data && (
        <section className="card">
          {alerts.data.items.length === 0 ? (
            <p className="muted">No {status === 'all' ? '' : `${status} `}alerts.</p>
          ) : (
            <AlertList alerts={alerts.data.items} label="Alerts" />
          )}
        </section>
      )}
    </Page>
  );
}
