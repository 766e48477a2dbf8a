import type { TQuestion, TQuestionType } from '@touchstone/core';
import { useEffect, useState } from 'react';
import { FieldIssue, useBuilder } from './builder-context.js';
import {
  appendQuestions,
  moveQuestion,
  removeQuestion,
  replaceQuestion,
  type TBuilderDraft,
} from './builder-state.js';
import { QuestionAdder } from './question-adder.js';
import { QuestionCard } from './question-card.js';
import { newQuestion } from './question-factory.js';

interface TProps {
  draft: TBuilderDraft;
  onChange: (update: (draft: TBuilderDraft) => TBuilderDraft) => void;
  /** Keys of the opened question editors. */
  expanded: ReadonlySet<string>;
  onExpanded: (expanded: Set<string>) => void;
}

/** The questions in order, each editable in place, and the ways to add more. */
export function BuilderQuestions({ draft, onChange, expanded, onExpanded }: TProps) {
  const { issues, disabled, defaultLanguage } = useBuilder();
  const [announcement, setAnnouncement] = useState('');
  // Adding or moving rebuilds the list: put focus where the person is working.
  const [focusId, setFocusId] = useState<string | null>(null);
  useEffect(() => {
    if (focusId === null) return;
    document.getElementById(focusId)?.focus();
    setFocusId(null);
  }, [focusId]);

  const { questions } = draft.definition;
  const taken = new Set(questions.map((q) => q.id));
  const add = (added: TQuestion[], what: string) => {
    const next = appendQuestions(draft, added);
    const newKeys = next.keys.slice(draft.keys.length);
    onChange(() => next);
    // A single new question opens for editing; an instrument's many stay closed.
    if (newKeys.length === 1 && newKeys[0] !== undefined) {
      onExpanded(new Set([...expanded, newKeys[0]]));
      setFocusId(`${newKeys[0]}-text`);
    }
    setAnnouncement(`${what} added as question ${draft.keys.length + 1}.`);
  };
  const move = (index: number, by: -1 | 1) => {
    const key = draft.keys[index];
    onChange((d) => moveQuestion(d, index, by));
    const target = index + by;
    const atEnd = target === 0 || target === questions.length - 1;
    if (key !== undefined) setFocusId(`${key}-${(by === -1) !== atEnd ? 'up' : 'down'}`);
    setAnnouncement(`Question moved to position ${target + 1}.`);
  };

  return (
    <section className="builder-questions" aria-labelledby="questions-title">
      <h2 id="questions-title">Questions</h2>
      <FieldIssue message={issues['definition.questions']} />
      {questions.length > 0 && (
        <ol className="question-list">
          {questions.map((q, index) => {
            const key = draft.keys[index] ?? String(index);
            return (
              <li key={key}>
                <QuestionCard
                  definition={draft.definition}
                  index={index}
                  uid={key}
                  expanded={expanded.has(key)}
                  onToggle={() => {
                    const next = new Set(expanded);
                    if (!next.delete(key)) next.add(key);
                    onExpanded(next);
                  }}
                  onChange={(question) => onChange((d) => replaceQuestion(d, index, question))}
                  onMove={(by) => move(index, by)}
                  onRemove={() => {
                    onChange((d) => removeQuestion(d, index));
                    setAnnouncement(`Question ${index + 1} (${q.id}) deleted.`);
                  }}
                />
              </li>
            );
          })}
        </ol>
      )}
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
      <QuestionAdder
        disabled={disabled}
        onAddType={(type: TQuestionType) =>
          add([newQuestion(type, taken, defaultLanguage)], 'A question')
        }
        onInsert={(added, name) => add(added, `${name} (${added.length} questions)`)}
      />
    </section>
  );
}
