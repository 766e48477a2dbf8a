import type { TSurvey, TTouchpoint } from '@touchstone/core';
import { surveyLinks } from '../../api/survey-resources.js';
import { CopyButton } from '../../components/copy-button.js';

/**
 * The respondent link of a survey; with a touchpoint, the link that names it (responses count
 * for it, `{{touchpoint.name}}` shows its name), by default the one its QR code encodes.
 */
export function publicLink(
  survey: TSurvey,
  touchpoint?: TTouchpoint,
  channel: 'qr' | 'link' = 'qr',
): string {
  const base = `${window.location.origin}/s/${encodeURIComponent(survey.slug)}`;
  if (!touchpoint) return base;
  return `${base}?${new URLSearchParams({ touchpoint: touchpoint.key, channel }).toString()}`;
}

/** True when a question or title names the touchpoint (`{{touchpoint.name}}`). */
function namesTouchpoint(survey: TSurvey): boolean {
  return /\{\{\s*touchpoint\./.test(JSON.stringify(survey.definition));
}

/** Says why a link answers "not found" or "closed" while the survey is not live. */
export function NotLiveNote({ survey }: { survey: TSurvey }) {
  if (survey.status === 'live') return null;
  return (
    <p className="alert alert-info">
      {survey.status === 'draft'
        ? 'This survey is a draft: its link, QR codes and widget answer “not found” until it is live.'
        : 'This survey is closed: its link tells respondents so, and no responses are accepted.'}
    </p>
  );
}

/** The public link to copy or open, and one per touchpoint the survey is used at. */
export function PublicLink({
  survey,
  touchpoints,
}: {
  survey: TSurvey;
  touchpoints: TTouchpoint[];
}) {
  const link = publicLink(survey);
  const attached = touchpoints.filter((t) => survey.touchpointIds.includes(t.id));
  const named = namesTouchpoint(survey);
  return (
    <section className="card" aria-labelledby="public-link">
      <h2 id="public-link">Public link</h2>
      <code className="link-box" data-testid="public-link">
        {link}
      </code>
      <div className="form-actions">
        <CopyButton text={link} label="Copy link" />
        <a className="button" href={link} target="_blank" rel="noopener noreferrer">
          Open the survey
        </a>
      </div>
      <p className="field-hint">
        Add <code>?lang=de</code> for a language, and hidden fields as parameters
        {survey.definition.hiddenFields.length > 0 && (
          <>
            {' '}
            (
            {survey.definition.hiddenFields.map((f, i) => (
              <span key={f.key}>
                {i > 0 && ', '}
                <code>{`${f.key}=…`}</code>
              </span>
            ))}
            )
          </>
        )}
        .
      </p>
      {named && (
        <p className="field-hint">
          This link names no touchpoint: where a question names it, respondents read “your visit”.
          {attached.length > 0 && ' Each touchpoint has its own link below.'}
        </p>
      )}
      {attached.length > 0 && (
        // Folded: a survey used at many touchpoints would otherwise push the page down.
        <details className="touchpoint-links-box">
          <summary>Link for each touchpoint ({attached.length})</summary>
          <ul className="touchpoint-links">
            {attached.map((t) => {
              const own = publicLink(survey, t, 'link');
              return (
                <li key={t.id}>
                  <span className="touchpoint-link-name">{t.name}</span>
                  <code className="link-box" data-testid="touchpoint-link">
                    {own}
                  </code>
                  <CopyButton text={own} label={`Copy the link of ${t.name}`} />
                </li>
              );
            })}
          </ul>
        </details>
      )}
    </section>
  );
}

/** Per attached touchpoint: its link, a QR code, and the code to download for print. */
export function TouchpointCodes({
  survey,
  touchpoints,
}: {
  survey: TSurvey;
  touchpoints: TTouchpoint[];
}) {
  const attached = touchpoints.filter((t) => survey.touchpointIds.includes(t.id));
  return (
    <section className="card" aria-labelledby="qr-codes">
      <h2 id="qr-codes">QR codes at touchpoints</h2>
      {attached.length === 0 ? (
        <p className="muted">
          Attach the survey to touchpoints in the builder to get a QR code for each (responses then
          name the touchpoint).
        </p>
      ) : (
        <ul className="qr-list">
          {attached.map((t) => {
            const link = publicLink(survey, t);
            return (
              <li key={t.id} className="qr-item">
                <img
                  src={surveyLinks.qr(t.id, survey.id, 'svg')}
                  alt={`QR code of ${t.name}`}
                  width={112}
                  height={112}
                  loading="lazy"
                />
                <div className="qr-text">
                  <h3>{t.name}</h3>
                  <code className="qr-link">{link}</code>
                  <div className="form-actions">
                    <a
                      className="button"
                      href={surveyLinks.qr(t.id, survey.id, 'png')}
                      download={`${survey.slug}-${t.key}.png`}
                      aria-label={`Download the QR code of ${t.name} as PNG`}
                    >
                      PNG
                    </a>
                    <a
                      className="button"
                      href={surveyLinks.qr(t.id, survey.id, 'svg')}
                      download={`${survey.slug}-${t.key}.svg`}
                      aria-label={`Download the QR code of ${t.name} as SVG`}
                    >
                      SVG
                    </a>
                    <CopyButton text={link} label="Copy link" />
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
