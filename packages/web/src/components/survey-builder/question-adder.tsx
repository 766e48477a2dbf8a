import { INSTRUMENTS, type TQuestion, type TQuestionType } from '@touchstone/core';
import { useState } from 'react';
import { QUESTION_TYPES } from './question-factory.js';

interface TProps {
  onAddType: (type: TQuestionType) => void;
  onInsert: (questions: TQuestion[], name: string) => void;
  disabled: boolean;
}

/** Adds a question of any type, or the questions of an instrument from the library. */
export function QuestionAdder({ onAddType, onInsert, disabled }: TProps) {
  const [type, setType] = useState<TQuestionType>('nps');
  const [instrumentId, setInstrumentId] = useState(INSTRUMENTS[0]?.id ?? '');
  const instrument = INSTRUMENTS.find((i) => i.id === instrumentId);
  const hint = QUESTION_TYPES.find((t) => t.type === type)?.hint;
  return (
    <div className="two-columns question-adder">
      <fieldset>
        <legend>Add a question</legend>
        <div className="field">
          <label htmlFor="new-question-type">Question type</label>
          <select
            id="new-question-type"
            value={type}
            disabled={disabled}
            aria-describedby="new-question-type-hint"
            onChange={(e) => setType(e.target.value as TQuestionType)}
          >
            {QUESTION_TYPES.map((t) => (
              <option key={t.type} value={t.type}>
                {t.label}
              </option>
            ))}
          </select>
          <p className="field-hint" id="new-question-type-hint">
            {hint}
          </p>
        </div>
        <button
          type="button"
          className="button button-primary"
          disabled={disabled}
          onClick={() => onAddType(type)}
        >
          Add question
        </button>
      </fieldset>
      <fieldset>
        <legend>Insert from the library</legend>
        <div className="field">
          <label htmlFor="instrument">Instrument</label>
          <select
            id="instrument"
            value={instrumentId}
            disabled={disabled}
            aria-describedby="instrument-description"
            onChange={(e) => setInstrumentId(e.target.value)}
          >
            {INSTRUMENTS.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </select>
          <p className="field-hint" id="instrument-description">
            {instrument?.description}
          </p>
        </div>
        <button
          type="button"
          className="button"
          disabled={disabled || !instrument}
          onClick={() => instrument && onInsert(instrument.questions(), instrument.name)}
        >
          Insert {instrument ? instrument.questions().length : ''} questions
        </button>
      </fieldset>
    </div>
  );
}
