import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TEquityGroup, TEquityResponse } from '@touchstone/core';
import { useSearchParams } from 'react-router';
import { endpoints, keys } from '../../api/resources.js';
import { BarList } from '../../components/charts/bar-list.js';
import { Histogram } from '../../components/charts/histogram.js';
import { Loading, QueryError } from '../../components/forms.js';
import { Page } from '../../components/page.js';
import { OptionSelect } from '../analytics/analytics-layout.js';
import { equityEndpoints, equityKeys, formatMoney, formatShare } from './equity-api.js';
import './equity.css';

type TEquityOk = Extract<TEquityResponse, { status: 'ok' }>;

const HORIZONS = ['13', '26', '52', '104'].map((w) => ({ value: w, label: `${w} weeks` }));
const RATES = ['0', '0.05', '0.1', '0.15', '0.2'].map((r) => ({
  value: r,
  label: `${Number(r) * 100}% a year`,
}));
const SHARES = ['0.1', '0.25', '0.5', '1'].map((s) => ({
  value: s,
  label: `${Number(s) * 100}% of detractors`,
}));
const CATEGORY_LABELS: Record<string, string> = {
  promoter: 'Promoters (9-10)',
  passive: 'Passives (7-8)',
  detractor: 'Detractors (0-6)',
  'no answer': 'No NPS answer',
};

/** Customer equity: the value of the customer base and where it sits. */
export function EquityPage() {
  const [search, setSearch] = useSearchParams();
  const option = (name: string, fallback: string) => search.get(name) ?? fallback;
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(search);
    next.set(name, value);
    setSearch(next, { replace: true });
  };
  const segment = search.get('segment') ?? undefined;
  const query = {
    horizonWeeks: Number(option('horizonWeeks', '52')),
    discountRate: Number(option('discountRate', '0.1')),
    detractorShare: Number(option('detractorShare', '0.25')),
    ...(segment !== undefined && { segment }),
  };
  const equity = useQuery({
    queryKey: equityKeys.equity(query),
    queryFn: () => equityEndpoints.equity(query),
    placeholderData: keepPreviousData,
  });
  const attributeKeys = useQuery({
    queryKey: keys.attributeKeys('customer'),
    queryFn: () => endpoints.attributeKeys('customer'),
  });
  const data = equity.data;
  const segmentValue = segment ?? (data?.status === 'ok' ? (data.bySegment?.attribute ?? '') : '');
  return (
    <Page
      shareable
      title="Customer equity"
      lead="What the customer base is worth over the coming weeks, and how much of it sits with unhappy customers."
    >
      <div className="analytics-options">
        <OptionSelect
          id="equity-horizon"
          label="Horizon"
          value={String(query.horizonWeeks)}
          options={HORIZONS}
          onChange={(v) => set('horizonWeeks', v)}
        />
        <OptionSelect
          id="equity-discount"
          label="Discount rate"
          value={String(query.discountRate)}
          options={RATES}
          onChange={(v) => set('discountRate', v)}
        />
        <OptionSelect
          id="equity-share"
          label="Detractors moved"
          value={String(query.detractorShare)}
          options={SHARES}
          onChange={(v) => set('detractorShare', v)}
        />
        {(attributeKeys.data?.length ?? 0) > 0 && (
          <OptionSelect
            id="equity-segment"
            label="Segment by"
            value={segmentValue}
            options={(attributeKeys.data ?? []).map((k) => ({ value: k.key, label: k.label }))}
            onChange={(v) => set('segment', v)}
          />
        )}
      </div>
      {equity.isPending && <Loading what="Fitting the customer-value models" />}
      {equity.isError && <QueryError error={equity.error} />}
      {data?.status === 'insufficient-data' && (
        <section className="card empty-state">
          <h2>No customer value yet</h2>
          <p>
            Customer value is estimated from interactions that record an amount (purchases,
            bookings): {data.message}.
          </p>
        </section>
      )}
      {data?.status === 'ok' && (
        <EquityReport
          data={data}
          segmentLabel={
            attributeKeys.data?.find((k) => k.key === data.bySegment?.attribute)?.label ?? null
          }
        />
      )}
    </Page>
  );
}

function EquityReport({ data, segmentLabel }: { data: TEquityOk; segmentLabel: string | null }) {
  const money = (value: number) => formatMoney(value, data.currency);
  const risk = data.revenueAtRisk;
  const moving = data.detractorsToPassives;
  return (
    <div className="stack">
      <ul className="scorecard">
        <li className="card">
          <h2>Customer equity</h2>
          <p className="figure" data-testid="total-equity">
            {money(data.totalEquity)}
          </p>
          <p className="figure-detail">
            {data.customers.toLocaleString()} customers, next {data.horizonWeeks} weeks, discounted
            at {formatShare(data.discountRate)} a year
          </p>
        </li>
        <li className="card">
          <h2>Revenue at risk</h2>
          <p className="figure">{money(risk.total.clv)}</p>
          <p className="figure-detail">
            {formatShare(risk.total.shareOfEquity, 1)} of equity, {risk.total.customers} customers
          </p>
        </li>
        <li className="card">
          <h2>Detractors to passives</h2>
          <p className="figure">{moving.gain === null ? '—' : money(moving.gain)}</p>
          <p className="figure-detail">
            {moving.gain === null
              ? moving.reason
              : `If ${formatShare(moving.share)} of detractors (${moving.detractorsMoved.toFixed(0)}) were worth what passives are`}
          </p>
        </li>
      </ul>

      <section className="card" aria-labelledby="equity-distribution">
        <h2 id="equity-distribution">Distribution of customer value</h2>
        <Histogram
          bins={data.distribution.map((b) => ({ from: b.from, to: b.to, count: b.customers }))}
          label="Customers by lifetime value"
          formatEdge={(v) => money(v)}
        />
        <p className="muted">
          Customers by their expected value over the horizon; the last bar holds the most valuable
          1% and above.
        </p>
      </section>

      <div className="two-columns">
        <section className="card" aria-labelledby="equity-nps">
          <h2 id="equity-nps">Equity by NPS category</h2>
          <GroupBars
            groups={data.byNpsCategory}
            caption="Equity by the customer's latest NPS answer"
            label={(key) => CATEGORY_LABELS[key] ?? key}
            money={money}
          />
        </section>
        <section className="card" aria-labelledby="equity-segment">
          <h2 id="equity-segment">
            Equity by {segmentLabel ?? data.bySegment?.attribute ?? 'segment'}
          </h2>
          {data.bySegment === null ? (
            <p className="muted">Declare a customer attribute to break equity down by segment.</p>
          ) : (
            <GroupBars
              groups={data.bySegment.groups}
              caption={`Equity by ${data.bySegment.attribute}`}
              label={(key) => key}
              money={money}
            />
          )}
        </section>
      </div>

      <section className="card" aria-labelledby="equity-risk">
        <h2 id="equity-risk">Revenue at risk</h2>
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Who</th>
                <th scope="col" className="numeric">
                  Customers
                </th>
                <th scope="col" className="numeric">
                  Value
                </th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">Detractors (latest NPS answer 0-6)</th>
                <td className="numeric">{risk.detractors.customers}</td>
                <td className="numeric">{money(risk.detractors.clv)}</td>
              </tr>
              <tr>
                <th scope="row">Recent negative experience (last 90 days)</th>
                <td className="numeric">{risk.recentNegative.customers}</td>
                <td className="numeric">{money(risk.recentNegative.clv)}</td>
              </tr>
              <tr>
                <th scope="row">Either (each customer once)</th>
                <td className="numeric">{risk.total.customers}</td>
                <td className="numeric">{money(risk.total.clv)}</td>
              </tr>
            </tbody>
          </table>
        </div>
        <p className="muted">
          A recent negative experience is an NPS answer from 0 to 6 or a CSAT answer in the bottom
          two points of its scale, given in the 90 days up to {data.model.calibrationEnd}.
        </p>
      </section>

      <section className="card" aria-labelledby="equity-model">
        <h2 id="equity-model">How it is estimated</h2>
        <p>
          Purchases follow the BG/NBD model (r {formatParameter(data.model.bgnbd.r)}, alpha{' '}
          {formatParameter(data.model.bgnbd.alpha)}, a {formatParameter(data.model.bgnbd.a)}, b{' '}
          {formatParameter(data.model.bgnbd.b)}) and spend the Gamma-Gamma model (p{' '}
          {formatParameter(data.model.gammaGamma.p)}, q {formatParameter(data.model.gammaGamma.q)},
          v {formatParameter(data.model.gammaGamma.v)}), both fitted by maximum likelihood on{' '}
          {data.model.customers.toLocaleString()} customers with revenue up to{' '}
          {data.model.calibrationEnd} ({data.model.repeatCustomers.toLocaleString()} of them bought
          again). A customer&apos;s value is the purchases expected in each coming week times the
          spend expected per purchase, each week discounted.
          {data.model.gammaGamma.q <= 1 &&
            ' The spend model found no finite average spend (q at most 1), so each repeat buyer is expected to spend their own mean and a one-time buyer the mean of the repeat buyers.'}
          {data.droppedTransactions > 0 &&
            ` ${data.droppedTransactions} interactions with a zero or negative amount were left out.`}
        </p>
      </section>
    </div>
  );
}

/** A fitted parameter to 4 significant digits (they range from near 0 to the fit's bound). */
function formatParameter(value: number): string {
  return value.toPrecision(4);
}

function GroupBars({
  groups,
  caption,
  label,
  money,
}: {
  groups: TEquityGroup[];
  caption: string;
  label: (key: string) => string;
  money: (value: number) => string;
}) {
  return (
    <BarList
      caption={caption}
      formatValue={money}
      rows={groups.map((g) => ({
        key: g.key,
        label: label(g.key),
        value: g.equity,
        note: `${g.customers} customers · ${money(g.meanClv)} each · ${formatShare(g.meanPAlive)} active`,
      }))}
    />
  );
}
