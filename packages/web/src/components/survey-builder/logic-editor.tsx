import type { TCondition, TSurveyDefinition } from '@touchstone/core';
import { FieldIssue, useBuilder } from './builder-context.js';
import {
  OPERATORS,
  defaultLeaf,
  describeCondition,
  fromSimple,
  refChoices,
  simpleForm,
  type TLeaf,
  type TOperator,
} from './condition-model.js';
import { ValueControl, withOperator } from './condition-value.js';
import { issuesUnder } from './definition-texts.js';

interface TProps {
  definition: TSurveyDefinition;
  index: number;
  condition: TCondition | undefined;
  onChange: (condition: TCondition | undefined) => void;
}

/** Display logic of one question: show it when all (or any) of some tests on earlier answers hold. */
export function LogicEditor({ definition, index, condition, onChange }: TProps) {
  const { language, issues, disabled } = useBuilder();
  const problems = issuesUnder(issues, `definition.questions.${index}.displayIf`);
  const choices = refChoices(definition, index, language);
  const simple = simpleForm(condition);
  if (simple === null && condition !== undefined) {
    // Nested conditions (from the API or an instrument) are kept as they are, shown in words.
    return (
      <fieldset className="logic-editor">
        <legend>Display logic</legend>
        <p>
          Shown when <code>{describeCondition(condition)}</code>.
        </p>
        <button
          type="button"
          className="button"
          disabled={disabled}
          onClick={() => onChange(undefined)}
        >
          Replace with simple conditions
        </button>
      </fieldset>
    );
  }
  const { mode, leaves } = simple ?? { mode: 'all' as const, leaves: [] };
  const set = (next: TLeaf[], nextMode = mode) =>
    onChange(fromSimple({ mode: nextMode, leaves: next }));
  // A new condition starts on the nearest earlier question (the usual follow-up logic).
  const first = [...choices].reverse().find((c) => !c.ref.startsWith('hidden.')) ?? choices[0];
  return (
    <fieldset className="logic-editor">
      <legend>Display logic</legend>
      {leaves.length === 0 && (
        <p className="muted">
          {choices.length === 0
            ? 'Always shown. Conditions test earlier answers or hidden fields; there are none before this question.'
            : 'Always shown.'}
        </p>
      )}
      {leaves.length === 1 && <p className="logic-lead">Show this question only when</p>}
      {leaves.length > 1 && (
        <div className="logic-lead">
          <label htmlFor={`logic-mode-${index}`}>Show this question when</label>{' '}
          <select
            id={`logic-mode-${index}`}
            value={mode}
            disabled={disabled}
            onChange={(e) => set(leaves, e.target.value === 'any' ? 'any' : 'all')}
          >
            <option value="all">all of these hold</option>
            <option value="any">any of these holds</option>
          </select>
        </div>
      )}
      {leaves.length > 0 && (
        <ol className="logic-rows">
          {leaves.map((leaf, i) => {
            const n = i + 1;
            const choice = choices.find((c) => c.ref === leaf.ref);
            const kind = choice?.kind ?? 'presence';
            const update = (next: TLeaf) => set(leaves.map((l, j) => (j === i ? next : l)));
            // One test is the condition itself; several are items of its all / any list.
            const at = `definition.questions.${index}.displayIf`;
            const invalid = Boolean(issues[leaves.length === 1 ? at : `${at}.${mode}.${i}`]);
            return (
              <li key={i} className="logic-row">
                <select
                  aria-label={`Condition ${n}: question`}
                  aria-invalid={invalid}
                  value={leaf.ref}
                  disabled={disabled}
                  onChange={(e) => {
                    const next = choices.find((c) => c.ref === e.target.value);
                    if (next) update(defaultLeaf(next));
                  }}
                >
                  {!choice && (
                    <option value={leaf.ref}>{leaf.ref} (not an earlier question)</option>
                  )}
                  {choices.map((c) => (
                    <option key={c.ref} value={c.ref}>
                      {c.label}
                    </option>
                  ))}
                </select>
                <select
                  aria-label={`Condition ${n}: operator`}
                  value={leaf.op}
                  disabled={disabled}
                  onChange={(e) => update(withOperator(leaf, e.target.value as TOperator))}
                >
                  {OPERATORS.filter((o) => o.kinds.includes(kind) || o.op === leaf.op).map((o) => (
                    <option key={o.op} value={o.op}>
                      {o.label}
                    </option>
                  ))}
                </select>
                <ValueControl
                  key={`${leaf.ref} ${leaf.op}`}
                  leaf={leaf}
                  choice={choice}
                  label={`Condition ${n}: value`}
                  onChange={update}
                />
                <button
                  type="button"
                  className="button icon-button danger"
                  aria-label={`Remove condition ${n}`}
                  disabled={disabled}
                  onClick={() => set(leaves.filter((_, j) => j !== i))}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ol>
      )}
      {problems.map((p) => (
        <FieldIssue key={p} message={p} />
      ))}
      {first && (
        <button
          type="button"
          className="button"
          disabled={disabled}
          onClick={() => set([...leaves, defaultLeaf(first)])}
        >
          {leaves.length === 0 ? 'Add a condition' : 'Add another condition'}
        </button>
      )}
    </fieldset>
  );
}
