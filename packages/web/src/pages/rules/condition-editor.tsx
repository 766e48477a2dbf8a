import {
  ANSWER_OPS,
  ATTRIBUTE_OPS,
  COMMENT_SENTIMENTS,
  NPS_CATEGORIES,
  type TRuleCondition,
} from '@touchstone/core';
import { Choice, CommaList, NumberInput, PickMany, TextInput } from './rule-inputs.js';
import type { TRuleChoices } from './rule-words.js';

const OP_WORDS: Record<string, string> = {
  lt: 'is below',
  lte: 'is at most',
  eq: 'is',
  neq: 'is not',
  gte: 'is at least',
  gt: 'is above',
  in: 'is one of',
  answered: 'is answered',
  notAnswered: 'is not answered',
  present: 'is set',
  absent: 'is not set',
};
const NUMBER_OPS = ['lt', 'lte', 'gte', 'gt'] as const;
const opOptions = <T extends string>(ops: readonly T[]) =>
  ops.map((op) => ({ value: op, label: OP_WORDS[op] ?? op }));
const asOptions = (values: readonly string[]) => values.map((v) => ({ id: v, name: v }));

/** A typed value: numbers stay numbers, `true`/`false` booleans, the rest text. */
function parseValue(text: string): string | number | boolean {
  if (text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  return text;
}

function QuestionPicker({
  value,
  choices,
  numericOnly,
  onChange,
}: {
  value: string;
  choices: TRuleChoices;
  numericOnly: boolean;
  onChange: (key: string) => void;
}) {
  const questions = choices.questions.filter((q) => !numericOnly || q.numeric);
  const options = questions.map((q) => ({ value: q.key, label: q.text }));
  if (!options.some((o) => o.value === value)) options.unshift({ value, label: value });
  return <Choice label="Question" value={value} options={options} onChange={onChange} />;
}

/** The inputs of one condition, in a sentence: "“How satisfied?” is at most 2". */
export function ConditionEditor({
  condition: c,
  choices,
  onChange,
}: {
  condition: TRuleCondition;
  choices: TRuleChoices;
  onChange: (condition: TRuleCondition) => void;
}) {
  switch (c.kind) {
    case 'nps':
      return (
        <PickMany
          legend="NPS categories"
          options={asOptions(NPS_CATEGORIES)}
          value={c.categories}
          onChange={(ids) => onChange({ ...c, categories: ids as typeof c.categories })}
        />
      );
    case 'answer': {
      const question = choices.questions.find((q) => q.key === c.questionKey);
      const noValue = c.op === 'answered' || c.op === 'notAnswered';
      const withOp = (op: typeof c.op) => {
        const rest = { ...c };
        delete rest.value;
        if (op === 'answered' || op === 'notAnswered') return onChange({ ...rest, op });
        if (op === 'in') return onChange({ ...rest, op, value: [] });
        return onChange({ ...rest, op, value: Array.isArray(c.value) ? '' : (c.value ?? '') });
      };
      return (
        <>
          <QuestionPicker
            value={c.questionKey}
            choices={choices}
            numericOnly={false}
            onChange={(questionKey) => onChange({ ...c, questionKey })}
          />
          <Choice
            label="Comparison"
            value={c.op}
            options={opOptions(ANSWER_OPS)}
            onChange={withOp}
          />
          {!noValue && c.op === 'in' && (
            <CommaList
              label="Values"
              value={(Array.isArray(c.value) ? c.value : []).map(String)}
              onChange={(words) => onChange({ ...c, value: words.map(parseValue) })}
            />
          )}
          {!noValue && c.op !== 'in' && (question?.options.length ?? 0) > 0 && (
            <Choice
              label="Option"
              value={String(c.value ?? '')}
              options={[
                { value: '', label: '(pick one)' },
                ...(question?.options ?? []).map((o) => ({ value: o.id, label: o.label })),
              ]}
              onChange={(value) => onChange({ ...c, value })}
            />
          )}
          {!noValue && c.op !== 'in' && (question?.options.length ?? 0) === 0 && (
            <TextInput
              label="Value"
              value={String(c.value ?? '')}
              onChange={(text) => onChange({ ...c, value: parseValue(text) })}
            />
          )}
        </>
      );
    }
    case 'item_below':
      return (
        <>
          <QuestionPicker
            value={c.questionKey}
            choices={choices}
            numericOnly
            onChange={(questionKey) => onChange({ ...c, questionKey })}
          />
          <span>is rated below</span>
          <NumberInput
            label="Threshold"
            value={c.threshold}
            onChange={(threshold) => onChange({ ...c, threshold })}
          />
        </>
      );
    case 'sentiment':
      return (
        <PickMany
          legend="Sentiments"
          options={asOptions(COMMENT_SENTIMENTS)}
          value={c.labels}
          onChange={(ids) => onChange({ ...c, labels: ids as typeof c.labels })}
        />
      );
    case 'sentiment_score':
    case 'customer_value':
      return (
        <>
          <Choice
            label="Comparison"
            value={c.op}
            options={opOptions(NUMBER_OPS)}
            onChange={(op) => onChange({ ...c, op })}
          />
          <NumberInput
            label="Value"
            value={c.value}
            onChange={(value) => onChange({ ...c, value })}
          />
        </>
      );
    case 'theme':
      return (
        <PickMany
          legend="Themes"
          options={choices.themes}
          value={c.themeIds}
          onChange={(themeIds) => onChange({ ...c, themeIds })}
        />
      );
    case 'comment_words':
      return (
        <CommaList label="Words" value={c.words} onChange={(words) => onChange({ ...c, words })} />
      );
    case 'customer_attribute': {
      const noValue = c.op === 'present' || c.op === 'absent';
      const options = choices.attributes.map((a) => ({ value: a.key, label: a.label }));
      if (!options.some((o) => o.value === c.attributeKey))
        options.unshift({ value: c.attributeKey, label: c.attributeKey || '(pick one)' });
      return (
        <>
          <Choice
            label="Attribute"
            value={c.attributeKey}
            options={options}
            onChange={(attributeKey) => onChange({ ...c, attributeKey })}
          />
          <Choice
            label="Comparison"
            value={c.op}
            options={opOptions(ATTRIBUTE_OPS)}
            onChange={(op) => {
              const rest = { ...c };
              delete rest.value;
              onChange(
                op === 'present' || op === 'absent'
                  ? { ...rest, op }
                  : { ...rest, op, value: op === 'in' ? [] : '' },
              );
            }}
          />
          {!noValue && c.op === 'in' && (
            <CommaList
              label="Values"
              value={(Array.isArray(c.value) ? c.value : []).map(String)}
              onChange={(words) => onChange({ ...c, value: words.map(parseValue) })}
            />
          )}
          {!noValue && c.op !== 'in' && (
            <TextInput
              label="Value"
              value={String(c.value ?? '')}
              onChange={(text) => onChange({ ...c, value: parseValue(text) })}
            />
          )}
        </>
      );
    }
    case 'touchpoint':
      return (
        <PickMany
          legend="Touchpoints"
          options={choices.touchpoints}
          value={c.touchpointIds}
          onChange={(touchpointIds) => onChange({ ...c, touchpointIds })}
        />
      );
    case 'stage':
      return (
        <PickMany
          legend="Stages"
          options={choices.stages}
          value={c.stageIds}
          onChange={(stageIds) => onChange({ ...c, stageIds })}
        />
      );
    case 'survey':
      return (
        <PickMany
          legend="Surveys"
          options={choices.surveys}
          value={c.surveyIds}
          onChange={(surveyIds) => onChange({ ...c, surveyIds })}
        />
      );
    case 'channel':
      return (
        <CommaList
          label="Channels"
          value={c.channels}
          onChange={(channels) => onChange({ ...c, channels })}
        />
      );
    case 'alert_metric':
      return (
        <PickMany
          legend="Metrics"
          options={asOptions(['nps', 'csat', 'ces', 'rating'])}
          value={c.metrics}
          onChange={(metrics) => onChange({ ...c, metrics })}
        />
      );
    case 'alert_direction':
      return (
        <Choice
          label="Direction"
          value={c.direction}
          options={[
            { value: 'down', label: 'goes down' },
            { value: 'up', label: 'goes up' },
          ]}
          onChange={(direction) => onChange({ ...c, direction })}
        />
      );
    case 'alert_effect':
      return (
        <>
          <span>is at least</span>
          <NumberInput
            label="Smallest change"
            value={c.minEffect}
            onChange={(minEffect) => onChange({ ...c, minEffect })}
          />
          <span className="muted">(Cohen&apos;s d, or NPS points)</span>
        </>
      );
  }
}
