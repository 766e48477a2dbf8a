import { createContext, useContext } from 'react';
import type { TFieldErrors } from '../forms.js';

/** What every part of the builder needs: the language being edited, the problems, write access. */
export interface TBuilderContext {
  /** The language whose texts the inputs show and change. */
  language: string;
  defaultLanguage: string;
  /** Problems of the definition keyed `definition.questions.2.text` (and API field errors). */
  issues: TFieldErrors;
  disabled: boolean;
}

const BuilderContext = createContext<TBuilderContext | null>(null);

/** Provides the builder context to the question editors. */
export const BuilderProvider = BuilderContext.Provider;

/** The builder context; only inside the survey builder. */
export function useBuilder(): TBuilderContext {
  const value = useContext(BuilderContext);
  if (value === null) throw new Error('useBuilder outside the survey builder');
  return value;
}

/** A problem of a builder field, as a sentence (engine and server messages start in lower case). */
export function FieldIssue({ message, id }: { message: string | undefined; id?: string }) {
  if (!message) return null;
  return (
    <p className="field-error" id={id}>
      {message.charAt(0).toUpperCase() + message.slice(1)}
    </p>
  );
}
