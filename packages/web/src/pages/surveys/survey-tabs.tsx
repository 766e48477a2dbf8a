import type { TSurvey } from '@touchstone/core';
import { Link, NavLink } from 'react-router';
import { useCan } from '../../auth/session.js';
import { humanize } from '../../components/page.js';

/** The status of a survey as a coloured badge. */
export function SurveyStatusBadge({ status }: { status: TSurvey['status'] }) {
  return <span className={`badge status-${status}`}>{humanize(status)}</span>;
}

/** The pages of one survey: builder, distribution, responses. */
export function SurveyTabs({ survey }: { survey: TSurvey }) {
  const canReadResponses = useCan('responses:read');
  return (
    <nav className="tabs" aria-label="Survey pages">
      <NavLink to={`/surveys/${survey.id}`} end>
        Builder
      </NavLink>
      <NavLink to={`/surveys/${survey.id}/distribution`}>Distribution</NavLink>
      {canReadResponses && (
        <Link to={`/responses?surveyId=${survey.id}`}>
          Responses <span className="tab-count">{survey.responseCount}</span>
        </Link>
      )}
    </nav>
  );
}
