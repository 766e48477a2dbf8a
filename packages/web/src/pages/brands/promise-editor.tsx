import { EXPERIENTIAL_MODULES, type TExperientialPromise } from '@touchstone/core';
import { humanize } from '../../components/page.js';
import type { TFieldErrors } from '../../components/forms.js';
import { PromiseChart } from './promise-chart.js';

const MODULE_HINTS: Record<(typeof EXPERIENTIAL_MODULES)[number], string> = {
  sense: 'sensory: sight, sound, touch, taste, smell',
  feel: 'affective: moods and emotions',
  think: 'cognitive: surprise, intrigue, creative thinking',
  act: 'physical: behaviours and lifestyles',
  relate: 'social: belonging to a group or culture',
};

interface TProps {
  promise: TExperientialPromise;
  onChange: (promise: TExperientialPromise) => void;
  errors: TFieldErrors;
  disabled: boolean;
}

function clamp(value: number): number {
  return Math.min(100, Math.max(0, Math.round(value)));
}

/** The experiential promise: a target 0-100 per module, as sliders with numbers, and its chart. */
export function PromiseEditor({ promise, onChange, errors, disabled }: TProps) {
  return (
    <fieldset className="promise-editor">
      <legend>Experiential value promise</legend>
      <p className="field-hint">The experience customers can expect, 0 (none) to 100 (defining).</p>
      <div className="promise-layout">
        <div className="promise-sliders">
          {EXPERIENTIAL_MODULES.map((m) => {
            const id = `promise-${m}`;
            const error = errors[`promise.${m}`];
            const set = (raw: string) => {
              const n = Number(raw);
              if (raw !== '' && Number.isFinite(n)) onChange({ ...promise, [m]: clamp(n) });
            };
            return (
              <div key={m} className={`promise-row${error ? ' field-invalid' : ''}`}>
                <label htmlFor={id}>
                  {humanize(m)} <span className="field-hint">{MODULE_HINTS[m]}</span>
                </label>
                <input
                  id={id}
                  type="range"
                  min={0}
                  max={100}
                  step={1}
                  value={promise[m]}
                  onChange={(e) => set(e.target.value)}
                  disabled={disabled}
                />
                <input
                  type="number"
                  min={0}
                  max={100}
                  step={1}
                  aria-label={`${humanize(m)} (number)`}
                  value={promise[m]}
                  onChange={(e) => set(e.target.value)}
                  disabled={disabled}
                />
                {error && <p className="field-error">{error}</p>}
              </div>
            );
          })}
        </div>
        <PromiseChart promise={promise} />
      </div>
    </fieldset>
  );
}
