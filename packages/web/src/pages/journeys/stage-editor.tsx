import { JOURNEY_PHASES, type TStage } from '@touchstone/core';
import { useEffect, useState } from 'react';
import type { TFieldErrors } from '../../components/forms.js';
import { humanize } from '../../components/page.js';

type TJourneyPhase = TStage['phase'];

/** A stage being edited; `id` is absent for a stage not stored yet. */
export interface TStageDraft {
  /** A local key that survives reordering, for React and for focus. */
  key: string;
  id?: string;
  name: string;
  description: string;
  phase: TJourneyPhase;
}

let nextKey = 0;

/** Drafts of stored stages, in journey order. */
export function stageDrafts(stages: TStage[]): TStageDraft[] {
  return [...stages]
    .sort((a, b) => a.position - b.position)
    .map((s) => ({
      key: `s${nextKey++}`,
      id: s.id,
      name: s.name,
      description: s.description,
      phase: s.phase,
    }));
}

/** A new, empty stage. */
export function newStageDraft(name = '', phase: TJourneyPhase = 'sales'): TStageDraft {
  return { key: `s${nextKey++}`, name, description: '', phase };
}

/** The drafts as the API takes them (`stages` of a journey create or update). */
export function stagesInput(drafts: TStageDraft[]) {
  return drafts.map(({ id, name, description, phase }) => ({
    ...(id ? { id } : {}),
    name,
    description,
    phase,
  }));
}

interface TProps {
  stages: TStageDraft[];
  onChange: (stages: TStageDraft[]) => void;
  errors: TFieldErrors;
  disabled?: boolean;
}

/** Edits the ordered stages of a journey: names, phases, order; add and remove. */
export function StageEditor({ stages, onChange, errors, disabled = false }: TProps) {
  // Reordering moves DOM nodes, which drops focus; put it back on the button that was pressed.
  const [focusId, setFocusId] = useState<string | null>(null);
  useEffect(() => {
    if (focusId === null) return;
    document.getElementById(focusId)?.focus();
    setFocusId(null);
  }, [focusId]);

  const update = (index: number, patch: Partial<TStageDraft>) =>
    onChange(stages.map((s, i) => (i === index ? { ...s, ...patch } : s)));
  const move = (index: number, by: -1 | 1) => {
    const target = index + by;
    const moved = stages[index];
    if (moved === undefined || target < 0 || target >= stages.length) return;
    const next = [...stages];
    next.splice(index, 1);
    next.splice(target, 0, moved);
    onChange(next);
    // At either end the pressed button becomes disabled: focus its sibling instead.
    const atEnd = target === 0 || target === stages.length - 1;
    const direction = (by === -1) !== atEnd ? 'up' : 'down';
    setFocusId(`${moved.key}-${direction}`);
  };
  const add = () => {
    const draft = newStageDraft();
    onChange([...stages, draft]);
    setFocusId(`${draft.key}-name`);
  };

  return (
    <fieldset className="stage-editor">
      <legend>Stages, in journey order</legend>
      {errors['stages'] && <p className="field-error">{errors['stages']}</p>}
      <ol>
        {stages.map((stage, index) => {
          const label = stage.name || `stage ${index + 1}`;
          const nameError = errors[`stages.${index}.name`];
          const rowError = errors[`stages.${index}`] ?? errors[`stages.${index}.id`];
          return (
            <li key={stage.key} className="stage-row">
              <span className="stage-number" aria-hidden="true">
                {index + 1}
              </span>
              <div className={`field${nameError ? ' field-invalid' : ''}`}>
                <label htmlFor={`${stage.key}-name`}>Name of stage {index + 1}</label>
                <input
                  id={`${stage.key}-name`}
                  value={stage.name}
                  disabled={disabled}
                  aria-invalid={Boolean(nameError)}
                  onChange={(e) => update(index, { name: e.target.value })}
                />
                {nameError && <p className="field-error">{nameError}</p>}
              </div>
              <div className="field">
                <label htmlFor={`${stage.key}-phase`}>Phase</label>
                <select
                  id={`${stage.key}-phase`}
                  value={stage.phase}
                  disabled={disabled}
                  onChange={(e) => update(index, { phase: e.target.value as TJourneyPhase })}
                >
                  {JOURNEY_PHASES.map((p) => (
                    <option key={p} value={p}>
                      {humanize(p)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="stage-buttons">
                <button
                  type="button"
                  id={`${stage.key}-up`}
                  className="button icon-button"
                  aria-label={`Move ${label} earlier`}
                  disabled={disabled || index === 0}
                  onClick={() => move(index, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  id={`${stage.key}-down`}
                  className="button icon-button"
                  aria-label={`Move ${label} later`}
                  disabled={disabled || index === stages.length - 1}
                  onClick={() => move(index, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="button icon-button danger"
                  aria-label={`Remove ${label}`}
                  disabled={disabled || stages.length === 1}
                  onClick={() => onChange(stages.filter((_, i) => i !== index))}
                >
                  ×
                </button>
              </div>
              {rowError && <p className="field-error stage-row-error">{rowError}</p>}
            </li>
          );
        })}
      </ol>
      <button type="button" className="button" onClick={add} disabled={disabled}>
        Add stage
      </button>
    </fieldset>
  );
}
