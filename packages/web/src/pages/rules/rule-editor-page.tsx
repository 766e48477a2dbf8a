import {
  ACTION_TYPES_BY_TRIGGER,
  CONDITION_KINDS_BY_TRIGGER,
  type TRuleAction,
  type TRuleCondition,
  type TRuleTrigger,
} from '@touchstone/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useCan } from '../../auth/session.js';
import { Field, FormError, Loading, QueryError, useFormErrors } from '../../components/forms.js';
import { Page } from '../../components/page.js';
import { ActionEditor } from './action-editor.js';
import { ConditionEditor } from './condition-editor.js';
import { DryRunResult, RuleRuns } from './rule-results.js';
import { Choice } from './rule-inputs.js';
import {
  ACTION_LABELS,
  CONDITION_LABELS,
  newAction,
  newCondition,
  ruleSentence,
  type TRuleChoices,
} from './rule-words.js';
import { ruleEndpoints, ruleKeys, type TRuleBody, type TRuleView } from './rules-api.js';
import { useRuleChoices } from './use-rule-choices.js';
import './rules.css';

interface TDraft {
  name: string;
  trigger: TRuleTrigger;
  match: 'all' | 'any';
  conditions: TRuleCondition[];
  actions: TRuleAction[];
}

/** The API's messages about one line (`conditions.2.value`, or `rule.conditions.2...` of a dry run). */
function lineErrors(fields: Record<string, string>, list: string, index: number): string[] {
  const prefixes = [`${list}.${index}.`, `rule.${list}.${index}.`];
  return Object.entries(fields)
    .filter(([key]) => prefixes.some((p) => key.startsWith(p)))
    .map(([, message]) => message);
}

function LineError({ messages }: { messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <span className="field-error" role="alert">
      {messages.join('; ')}
    </span>
  );
}

function LineList<T>({
  label,
  items,
  render,
  onRemove,
  addOptions,
  onAdd,
  canWrite,
}: {
  label: string;
  items: readonly T[];
  render: (item: T, index: number) => ReactNode;
  onRemove: (index: number) => void;
  addOptions: readonly { value: string; label: string }[];
  onAdd: (value: string) => void;
  canWrite: boolean;
}) {
  const [adding, setAdding] = useState(addOptions[0]?.value ?? '');
  return (
    <>
      <ol className="rule-lines" aria-label={label}>
        {items.map((item, i) => (
          <li key={i} className="rule-line">
            {render(item, i)}
            {canWrite && (
              <button type="button" className="button rule-remove" onClick={() => onRemove(i)}>
                Remove<span className="visually-hidden"> line {i + 1}</span>
              </button>
            )}
          </li>
        ))}
      </ol>
      {canWrite && (
        <div className="inline-controls">
          <Choice
            label={`${label}: kind to add`}
            value={
              addOptions.some((o) => o.value === adding) ? adding : (addOptions[0]?.value ?? '')
            }
            options={addOptions}
            onChange={setAdding}
          />
          <button
            type="button"
            className="button"
            onClick={() =>
              onAdd(
                addOptions.some((o) => o.value === adding) ? adding : (addOptions[0]?.value ?? ''),
              )
            }
          >
            Add
          </button>
        </div>
      )}
    </>
  );
}

function RuleForm({ initial, choices }: { initial: TRuleView | null; choices: TRuleChoices }) {
  const canWrite = useCan('rules:write');
  const navigate = useNavigate();
  const client = useQueryClient();
  const errors = useFormErrors();
  const [draft, setDraft] = useState<TDraft>(() =>
    initial
      ? {
          name: initial.name,
          trigger: initial.trigger,
          match: initial.match,
          conditions: initial.conditions,
          actions: initial.actions,
        }
      : {
          name: 'Detractors get a call back',
          trigger: 'response',
          match: 'all',
          conditions: [{ kind: 'nps', categories: ['detractor'] }],
          actions: [newAction('open_case', choices)],
        },
  );
  const [days, setDays] = useState(30);
  const change = (patch: Partial<TDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const body = (): TRuleBody => ({ ...draft, enabled: initial?.enabled ?? false });

  const save = useMutation({
    mutationFn: () =>
      initial === null
        ? ruleEndpoints.create(body())
        : ruleEndpoints.update(initial.id, { ...draft }),
    onSuccess: async (rule) => {
      await client.invalidateQueries({ queryKey: ruleKeys.all });
      if (initial === null) void navigate(`/rules/${rule.id}`);
    },
    onError: (error) => errors.fromError(error),
  });
  const toggle = useMutation({
    mutationFn: () =>
      ruleEndpoints.update(initial?.id ?? '', { enabled: !(initial?.enabled ?? false) }),
    onSuccess: () => client.invalidateQueries({ queryKey: ruleKeys.all }),
  });
  const remove = useMutation({
    mutationFn: () => ruleEndpoints.remove(initial?.id ?? ''),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ruleKeys.all });
      void navigate('/rules');
    },
  });
  const dryRun = useMutation({
    mutationFn: () => ruleEndpoints.dryRun({ rule: draft, days }),
    onError: (error) => errors.fromError(error),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    save.mutate();
  };
  const kinds = CONDITION_KINDS_BY_TRIGGER[draft.trigger];
  const types = ACTION_TYPES_BY_TRIGGER[draft.trigger];

  return (
    <>
      <form className="card stack" onSubmit={submit} noValidate aria-label="Rule">
        <FormError message={errors.message} />
        <Field label="Name" error={errors.fields['name']}>
          {(p) => (
            <input {...p} value={draft.name} onChange={(e) => change({ name: e.target.value })} />
          )}
        </Field>
        <div className="inline-controls">
          <span>When</span>
          <Choice
            label="Trigger"
            value={draft.trigger}
            options={[
              { value: 'response', label: 'a response arrives' },
              { value: 'alert', label: 'an alert is raised' },
            ]}
            onChange={(trigger) =>
              change({
                trigger,
                conditions: draft.conditions.filter((c) =>
                  CONDITION_KINDS_BY_TRIGGER[trigger].includes(c.kind),
                ),
                actions: draft.actions.filter((a) =>
                  ACTION_TYPES_BY_TRIGGER[trigger].includes(a.type),
                ),
              })
            }
          />
          <span>and</span>
          <Choice
            label="Match"
            value={draft.match}
            options={[
              { value: 'all', label: 'all of these hold' },
              { value: 'any', label: 'any of these holds' },
            ]}
            onChange={(match) => change({ match })}
          />
        </div>
        <h2>Conditions</h2>
        {draft.conditions.length === 0 && (
          <p className="muted">No conditions: every {draft.trigger} matches.</p>
        )}
        <LineList
          label="Conditions"
          items={draft.conditions}
          canWrite={canWrite}
          render={(c, i) => (
            <>
              <strong>{CONDITION_LABELS[c.kind]}</strong>
              <ConditionEditor
                condition={c}
                choices={choices}
                onChange={(next) =>
                  change({ conditions: draft.conditions.map((x, j) => (j === i ? next : x)) })
                }
              />
              <LineError messages={lineErrors(errors.fields, 'conditions', i)} />
            </>
          )}
          onRemove={(i) => change({ conditions: draft.conditions.filter((_, j) => j !== i) })}
          addOptions={kinds.map((k) => ({ value: k, label: CONDITION_LABELS[k] }))}
          onAdd={(kind) =>
            change({
              conditions: [
                ...draft.conditions,
                newCondition(kind as TRuleCondition['kind'], choices),
              ],
            })
          }
        />
        <h2>Actions</h2>
        <LineList
          label="Actions"
          items={draft.actions}
          canWrite={canWrite}
          render={(a, i) => (
            <>
              <strong>{ACTION_LABELS[a.type]}</strong>
              <ActionEditor
                action={a}
                choices={choices}
                onChange={(next) =>
                  change({ actions: draft.actions.map((x, j) => (j === i ? next : x)) })
                }
              />
              <LineError messages={lineErrors(errors.fields, 'actions', i)} />
            </>
          )}
          onRemove={(i) => change({ actions: draft.actions.filter((_, j) => j !== i) })}
          addOptions={types.map((t) => ({ value: t, label: ACTION_LABELS[t] }))}
          onAdd={(type) =>
            change({ actions: [...draft.actions, newAction(type as TRuleAction['type'], choices)] })
          }
        />
        <p className="rule-sentence">{ruleSentence(draft, choices)}</p>
        <div className="form-actions">
          {canWrite && (
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              {initial === null ? 'Create rule (switched off)' : 'Save rule'}
            </button>
          )}
          <span className="inline-controls rule-days">
            <label htmlFor="dry-run-days">Days back</label>
            <input
              id="dry-run-days"
              type="number"
              min={1}
              max={366}
              className="input-narrow"
              value={days}
              onChange={(e) => setDays(e.target.valueAsNumber)}
            />
            <button
              type="button"
              className="button"
              disabled={dryRun.isPending}
              onClick={() => {
                errors.clear();
                dryRun.mutate();
              }}
            >
              Dry run
            </button>
          </span>
          {save.isSuccess && initial !== null && <span role="status">Saved.</span>}
        </div>
      </form>
      {dryRun.isPending && <Loading what="Evaluating the rule" />}
      {dryRun.data && <DryRunResult result={dryRun.data} />}
      {initial !== null && (
        <section className="card stack" aria-labelledby="switch-heading">
          <h2 id="switch-heading">{initial.enabled ? 'Switched on' : 'Switched off'}</h2>
          <p className="muted">
            {initial.enabled
              ? `Acting on every ${initial.trigger} since ${new Date(initial.enabledAt ?? initial.updatedAt).toLocaleString()}.`
              : 'Nothing happens until it is switched on; it then acts on what arrives from that moment.'}
          </p>
          {canWrite && (
            <div className="form-actions">
              <button
                type="button"
                className="button button-primary"
                disabled={toggle.isPending}
                onClick={() => toggle.mutate()}
              >
                {initial.enabled ? 'Switch off' : 'Switch on'}
              </button>
              <button
                type="button"
                className="button"
                disabled={remove.isPending}
                onClick={() => {
                  if (window.confirm(`Delete the rule "${initial.name}" and its history?`))
                    remove.mutate();
                }}
              >
                Delete rule
              </button>
            </div>
          )}
        </section>
      )}
      {initial !== null && <RuleRuns ruleId={initial.id} />}
    </>
  );
}

/** `/rules/new` and `/rules/:id`: the rule in words, its dry run, switch and recent matches. */
export function RuleEditorPage() {
  const { id } = useParams();
  const { choices, loading } = useRuleChoices();
  const rule = useQuery({
    queryKey: ruleKeys.one(id ?? 'new'),
    queryFn: () => ruleEndpoints.one(id ?? ''),
    enabled: id !== undefined,
  });
  const title = id === undefined ? 'New rule' : (rule.data?.name ?? 'Rule');
  return (
    <Page title={title} crumbs={<Link to="/rules">Rules</Link>}>
      {(loading || (id !== undefined && rule.isPending)) && <Loading what="Loading the rule" />}
      {rule.isError && <QueryError error={rule.error} />}
      {!loading && id === undefined && <RuleForm initial={null} choices={choices} />}
      {!loading && rule.data && (
        <RuleForm key={rule.data.updatedAt} initial={rule.data} choices={choices} />
      )}
    </Page>
  );
}
