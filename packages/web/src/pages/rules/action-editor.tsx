import { CASE_PRIORITIES, type TRuleAction } from '@touchstone/core';
import { Fragment } from 'react';
import { Choice, CommaList, PickMany, TextInput } from './rule-inputs.js';
import type { TRuleChoices } from './rule-words.js';

/** The inputs of one action, in a sentence: "Open a high case for the touchpoint's owners". */
export function ActionEditor({
  action: a,
  choices,
  onChange,
}: {
  action: TRuleAction;
  choices: TRuleChoices;
  onChange: (action: TRuleAction) => void;
}) {
  switch (a.type) {
    case 'open_case':
      return (
        <>
          <span>priority</span>
          <Choice
            label="Priority"
            value={a.priority}
            options={CASE_PRIORITIES.map((p) => ({ value: p, label: p }))}
            onChange={(priority) => onChange({ ...a, priority })}
          />
          <span>for</span>
          <Choice
            label="Team"
            value={a.teamId ?? ''}
            options={[
              { value: '', label: "the touchpoint's owning team" },
              ...choices.teams.map((t) => ({ value: t.id, label: t.name })),
            ]}
            onChange={(teamId) => onChange({ ...a, teamId: teamId === '' ? null : teamId })}
          />
          <span>titled</span>
          <TextInput
            label="Case title"
            value={a.title}
            onChange={(title) => onChange({ ...a, title })}
          />
          <span className="muted">
            {['rule', 'touchpoint', 'survey', 'customer', 'nps'].map((name, i) => (
              <Fragment key={name}>
                {i > 0 && ', '}
                <code>{`{{${name}}}`}</code>
              </Fragment>
            ))}{' '}
            are filled in
          </span>
        </>
      );
    case 'notify':
      return (
        <>
          <PickMany
            legend="Teams to notify"
            options={choices.teams}
            value={a.teamIds}
            onChange={(teamIds) => onChange({ ...a, teamIds })}
          />
          {choices.users.length > 0 && (
            <PickMany
              legend="People to notify"
              options={choices.users}
              value={a.userIds}
              onChange={(userIds) => onChange({ ...a, userIds })}
            />
          )}
        </>
      );
    case 'webhook':
      return (
        <span className="muted">
          to the webhooks subscribed to the <code>rule.matched</code> event
        </span>
      );
    case 'tag':
      return (
        <CommaList label="Tags" value={a.tags} onChange={(tags) => onChange({ ...a, tags })} />
      );
    case 'follow_up':
      return (
        <Choice
          label="Follow-up survey"
          value={a.surveyId}
          options={[
            ...(a.surveyId === '' ? [{ value: '', label: '(pick a survey)' }] : []),
            ...choices.surveys.map((s) => ({ value: s.id, label: s.name })),
          ]}
          onChange={(surveyId) => onChange({ ...a, surveyId })}
        />
      );
  }
}
