import { Link } from 'react-router';
import { useCan, useSession } from '../auth/session.js';
import { Page } from '../components/page.js';

/** The landing page; dashboards arrive with the analytics. */
export function OverviewPage() {
  const session = useSession();
  const canReadCustomers = useCan('customers:read');
  return (
    <Page title="Overview" lead={`Welcome, ${session.user.name}.`}>
      <section className="card empty-state" aria-labelledby="overview-soon">
        <h2 id="overview-soon">Dashboards arrive with the analytics</h2>
        <p>
          Scorecards, trends and key drivers will appear here. Meanwhile, set up the experience
          model that they will be measured against.
        </p>
        <ul className="link-list">
          <li>
            <Link to="/brands">Brands</Link>: positioning, the experiential promise, the style guide
          </li>
          <li>
            <Link to="/journeys">Journeys</Link>: stages and their touchpoints
          </li>
          <li>
            <Link to="/teams">Teams</Link> that own touchpoints
          </li>
          {canReadCustomers && (
            <li>
              <Link to="/customers">Customers</Link> and what happened to them
            </li>
          )}
        </ul>
      </section>
    </Page>
  );
}
