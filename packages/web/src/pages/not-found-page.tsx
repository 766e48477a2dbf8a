import { Link } from 'react-router';
import { Page } from '../components/page.js';

/** A dashboard path that matches no page. */
export function NotFoundPage() {
  return (
    <Page title="Page not found">
      <p>
        There is no page at this address. <Link to="/">Go to the overview</Link>.
      </p>
    </Page>
  );
}
