import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Navigate } from 'react-router';
import { useSession } from '../../auth/session.js';
import { Loading } from '../../components/forms.js';
import { closedLoopEndpoints, closedLoopKeys } from '../closed-loop/closed-loop-api.js';
import { OverviewPage } from '../overview-page.js';

/** Whether this person already landed in this tab's session (one landing per sign-in). */
function landedKey(userId: string, organizationId: string): string {
  return `touchstone.landed.${organizationId}.${userId}`;
}

/**
 * The start page: where the signed-in person's work is. Arriving at `/` first, an agent lands on
 * their case inbox and a touchpoint owner on their touchpoints; everyone else, and anyone who
 * comes back to `/` later (the Overview link), sees the overview with its alerts. Should the
 * question fail, the overview is shown: it is everyone's page.
 */
export function HomePage() {
  const session = useSession();
  const key = landedKey(session.user.id, session.organization.id);
  // Read once: the mark written below must not turn this visit into a later one.
  const [landed] = useState(() => sessionStorage.getItem(key) !== null);
  const work = useQuery({
    queryKey: closedLoopKeys.myWork,
    queryFn: closedLoopEndpoints.myWork,
    enabled: !landed,
  });
  const settled = !work.isPending;
  useEffect(() => {
    if (settled) sessionStorage.setItem(key, new Date().toISOString());
  }, [settled, key]);
  if (landed) return <OverviewPage />;
  if (work.isPending) return <Loading what="Finding your work" />;
  if (work.data?.landing === 'cases') return <Navigate to="/cases" replace />;
  if (work.data?.landing === 'my-touchpoints') return <Navigate to="/my-touchpoints" replace />;
  return <OverviewPage />;
}
