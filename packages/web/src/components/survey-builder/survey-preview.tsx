import type { TAnswers, TStyleGuide, TSurveyDefinition } from '@touchstone/core';
import { mountSurvey, resolveTheme } from '@touchstone/widget';
import { useEffect, useRef, useState } from 'react';
// The respondent page's own stylesheet, so that the preview is what respondents see. Its
// breakpoint becomes a container query: the preview pane is as narrow as a phone.
import surveyCss from '../../../../widget/src/styles/survey.css?inline';

const PREVIEW_CSS = `${surveyCss.replaceAll('@media (min-width: 40rem)', '@container (min-width: 40rem)')}
:host { all: initial; display: block; }
.ts-preview-frame { container-type: inline-size; padding: 1.25rem 1rem 1.5rem; min-height: 22rem;
  background: var(--ts-bg, #fff); border-top: 0.3rem solid var(--ts-primary, #1f4e79); }`;

const THEME_PROPERTIES = {
  text: '--ts-text',
  background: '--ts-bg',
  primary: '--ts-primary',
  onPrimary: '--ts-on-primary',
  muted: '--ts-muted',
  error: '--ts-error',
  headingFont: '--ts-font-heading',
  bodyFont: '--ts-font-body',
} as const;

interface TProps {
  definition: TSurveyDefinition;
  language: string;
  /** The brand's style guide, or null for the default look. */
  style: TStyleGuide | null;
  /** Shown for `{{touchpoint.name}}` (the first attached touchpoint). */
  touchpointName: string | null;
}

/**
 * A live preview with the widget package's renderer, the very code of the respondent page, in
 * a shadow root so that neither stylesheet touches the other. Answers given in the preview
 * survive edits, so display logic can be tried while it is written.
 */
export function SurveyPreview({ definition, language, style, touchpointName }: TProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const answers = useRef<TAnswers>({});
  const [run, setRun] = useState(0);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const host = hostRef.current;
    if (host === null) return;
    const shadow = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    const sheet = document.createElement('style');
    sheet.textContent = PREVIEW_CSS;
    const frame = document.createElement('div');
    frame.className = 'ts-preview-frame';
    const theme = resolveTheme(style);
    for (const [key, property] of Object.entries(THEME_PROPERTIES)) {
      frame.style.setProperty(property, theme[key as keyof typeof THEME_PROPERTIES]);
    }
    const mount = document.createElement('div');
    frame.append(mount);
    shadow.replaceChildren(sheet, frame);
    try {
      mountSurvey(mount, {
        definition,
        language,
        hidden: {},
        piping: { touchpoint: { name: touchpointName ?? 'the touchpoint' } },
        answers: answers.current,
        logo: style?.logoUrl?.startsWith('data:image/') ? style.logoUrl : null,
        onChange: (shown) => {
          answers.current = shown;
        },
        submit: () => Promise.resolve(),
      });
      // The page has one h1: in the preview the survey's title is a heading under "Preview".
      const title = mount.querySelector('h1');
      if (title !== null) {
        const heading = document.createElement('h3');
        heading.className = title.className;
        heading.textContent = title.textContent;
        title.replaceWith(heading);
      }
      setFailed(false);
    } catch {
      // A definition half way through an edit (say, a scale with max below min) may not render.
      setFailed(true);
    }
  }, [definition, language, style, touchpointName, run]);

  return (
    <section className="survey-preview" aria-labelledby="preview-title">
      <div className="survey-preview-head">
        <h2 id="preview-title">Preview</h2>
        <button
          type="button"
          className="button"
          onClick={() => {
            answers.current = {};
            setRun((r) => r + 1);
          }}
        >
          Start over
        </button>
      </div>
      {definition.questions.length === 0 ? (
        <p className="muted">Add a question to see the survey as respondents will.</p>
      ) : (
        failed && <p className="muted">The preview returns once the problems are fixed.</p>
      )}
      <div
        ref={hostRef}
        className="survey-preview-screen"
        hidden={definition.questions.length === 0}
        data-testid="survey-preview"
      />
    </section>
  );
}
