import type { TJourney, TTeam, TTouchpoint } from '@touchstone/core';
import { Link } from 'react-router';
import { humanize } from '../../components/page.js';

interface TProps {
  journey: TJourney;
  touchpoints: TTouchpoint[];
  teams: TTeam[];
  canWrite: boolean;
}

/** The journey map: stages in order as columns, each with its touchpoints. */
export function JourneyBoard({ journey, touchpoints, teams, canWrite }: TProps) {
  const stages = [...journey.stages].sort((a, b) => a.position - b.position);
  const teamName = new Map(teams.map((t) => [t.id, t.name]));
  return (
    <div className="board" role="list" aria-label={`Stages of ${journey.name}`}>
      {stages.map((stage, index) => {
        const inStage = touchpoints.filter((t) => t.stageId === stage.id);
        const headingId = `stage-${stage.id}`;
        return (
          <section
            key={stage.id}
            className={`board-column phase-${stage.phase}`}
            role="listitem"
            aria-labelledby={headingId}
          >
            <header className="board-column-header">
              <span className="stage-number" aria-hidden="true">
                {index + 1}
              </span>
              <h2 id={headingId}>{stage.name}</h2>
              <span className="badge">{humanize(stage.phase)}</span>
            </header>
            {stage.description && <p className="muted">{stage.description}</p>}
            {inStage.length === 0 ? (
              <p className="muted">No touchpoints.</p>
            ) : (
              <ul className="touchpoint-cards">
                {inStage.map((t) => (
                  <li key={t.id} className={t.archived ? 'archived' : undefined}>
                    <Link to={`/touchpoints/${t.id}`} className="touchpoint-card">
                      <span className="touchpoint-name">{t.name}</span>
                      <span className="touchpoint-meta">
                        <span className="badge">{humanize(t.channel)}</span>
                        <code>{t.key}</code>
                      </span>
                      {t.ownerTeamId && (
                        <span className="touchpoint-owner">
                          {teamName.get(t.ownerTeamId) ?? 'Unknown team'}
                        </span>
                      )}
                      {t.archived && <span className="badge">Archived</span>}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
            {canWrite && (
              <Link
                className="button add-touchpoint"
                to={`/journeys/${journey.id}/touchpoints/new?stageId=${stage.id}`}
              >
                Add touchpoint
                <span className="visually-hidden"> to {stage.name}</span>
              </Link>
            )}
          </section>
        );
      })}
    </div>
  );
}
