import type { TSurvey, TTouchpoint } from '@touchstone/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { endpoints, keys } from '../../api/resources.js';
import { surveyEndpoints, surveyKeys } from '../../api/survey-resources.js';
import { useCan } from '../../auth/session.js';
import { Loading, QueryError } from '../../components/forms.js';
import { Page } from '../../components/page.js';
import { CampaignForm } from './campaign-form.js';
import { CampaignList } from './campaign-list.js';
import { NotLiveNote, PublicLink, TouchpointCodes } from './survey-links.js';
import { SurveyStatusBadge, SurveyTabs } from './survey-tabs.js';
import { WidgetSection } from './widget-snippet.js';
import './surveys.css';

function Campaigns({ survey, touchpoints }: { survey: TSurvey; touchpoints: TTouchpoint[] }) {
  const canWrite = useCan('campaigns:write');
  const campaigns = useQuery({
    queryKey: surveyKeys.campaigns(survey.id),
    queryFn: () => surveyEndpoints.campaigns(survey.id),
  });
  return (
    <section className="card" aria-labelledby="campaigns">
      <h2 id="campaigns">E-mail campaigns</h2>
      {canWrite && <CampaignForm survey={survey} touchpoints={touchpoints} />}
      <h3>Campaigns of this survey</h3>
      {campaigns.isPending && <Loading what="Loading campaigns" />}
      {campaigns.isError && <QueryError error={campaigns.error} />}
      {campaigns.data && <CampaignList campaigns={campaigns.data} />}
    </section>
  );
}

/** How a survey reaches people: link, QR codes per touchpoint, the widget, e-mail campaigns. */
export function DistributionPage() {
  const { id = '' } = useParams();
  const canReadCampaigns = useCan('campaigns:read');
  const survey = useQuery({
    queryKey: surveyKeys.survey(id),
    queryFn: () => surveyEndpoints.survey(id),
  });
  const touchpoints = useQuery({
    queryKey: keys.touchpoints({}),
    queryFn: () => endpoints.touchpoints({}),
  });
  const s = survey.data;
  return (
    <Page
      title={s ? `Distribute ${s.name}` : 'Distribution'}
      crumbs={
        <>
          <Link to="/surveys">Surveys</Link>
          {s && <Link to={`/surveys/${s.id}`}>{s.name}</Link>}
        </>
      }
      lead={
        s && (
          <>
            <SurveyStatusBadge status={s.status} /> Link, QR codes, web widget and e-mail.
          </>
        )
      }
    >
      {survey.isPending && <Loading what="Loading the survey" />}
      {survey.isError && <QueryError error={survey.error} />}
      {s && (
        <>
          <SurveyTabs survey={s} />
          <NotLiveNote survey={s} />
          <div className="two-columns distribution-top">
            <PublicLink survey={s} touchpoints={touchpoints.data ?? []} />
            <WidgetSection survey={s} />
          </div>
          <TouchpointCodes survey={s} touchpoints={touchpoints.data ?? []} />
          {canReadCampaigns && <Campaigns survey={s} touchpoints={touchpoints.data ?? []} />}
        </>
      )}
    </Page>
  );
}
