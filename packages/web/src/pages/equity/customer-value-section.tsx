import { useQuery } from '@tanstack/react-query';
import { Loading, QueryError } from '../../components/forms.js';
import { equityEndpoints, equityKeys, formatMoney, formatShare } from './equity-api.js';

/** The customer page's "Value" section: CLV, probability alive and expected purchases. */
export function CustomerValueSection({ customerId }: { customerId: string }) {
  const query = {};
  const value = useQuery({
    queryKey: equityKeys.customerValue(customerId, query),
    queryFn: () => equityEndpoints.customerValue(customerId, query),
  });
  const data = value.data;
  return (
    <section className="card" aria-labelledby="customer-value">
      <h2 id="customer-value">Value</h2>
      {value.isPending && <Loading what="Loading the customer's value" />}
      {value.isError && <QueryError error={value.error} />}
      {data && data.value === null && <p className="muted">{data.message}</p>}
      {data?.value && (
        <>
          <dl className="details">
            <dt>Customer lifetime value</dt>
            <dd>
              <strong>{formatMoney(data.value.clv, data.currency, 2)}</strong> over the next{' '}
              {data.horizonWeeks} weeks, discounted at {formatShare(data.discountRate)} a year
            </dd>
            <dt>Probability still active</dt>
            <dd>{formatShare(data.value.pAlive, 1)}</dd>
            <dt>Expected purchases</dt>
            <dd>
              {data.value.expectedPurchases.toFixed(2)} in the next {data.horizonWeeks} weeks
            </dd>
            <dt>Expected spend per purchase</dt>
            <dd>{formatMoney(data.value.expectedSpend, data.currency, 2)}</dd>
          </dl>
          <p className="muted">
            Customer for {data.value.T.toFixed(1)} weeks up to {data.calibrationEnd}: {data.value.x}{' '}
            repeat purchase {data.value.x === 1 ? 'day' : 'days'}
            {data.value.x > 0 &&
              `, the last ${(data.value.T - data.value.tx).toFixed(1)} weeks before that, ` +
                `${formatMoney(data.value.monetary, data.currency, 2)} each on average`}
            .
          </p>
        </>
      )}
    </section>
  );
}
