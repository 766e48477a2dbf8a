import { useId, useState, type ReactNode } from 'react';
import type { z } from 'zod';
import { ApiError } from '../api/client.js';

/** Field messages keyed by dotted path (`name`, `stages.2.name`, `styleGuide.colors.primary`). */
export type TFieldErrors = Record<string, string>;

/** The field messages of a zod failure, keyed like the API's details. */
export function zodFieldErrors(error: z.ZodError): TFieldErrors {
  const out: TFieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.');
    out[key] ??= issue.message;
  }
  return out;
}

/** After the errors render, take keyboard and screen-reader users to the first field at fault. */
function focusFirstInvalid(): void {
  requestAnimationFrame(() => {
    document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  });
}

/**
 * Form error state: a summary message and per-field messages, filled from client-side zod
 * validation or from the API's error details.
 */
export function useFormErrors() {
  const [message, setMessage] = useState<string | null>(null);
  const [fields, setFields] = useState<TFieldErrors>({});
  return {
    message,
    fields,
    clear: () => {
      setMessage(null);
      setFields({});
    },
    fromZod: (error: z.ZodError) => {
      setMessage('Please correct the highlighted fields.');
      setFields(zodFieldErrors(error));
      focusFirstInvalid();
    },
    fromError: (error: unknown) => {
      if (error instanceof ApiError) {
        setMessage(error.message);
        setFields(error.fieldErrors());
        if (error.details.length > 0) focusFirstInvalid();
      } else {
        setMessage(error instanceof Error ? error.message : 'Something went wrong.');
        setFields({});
      }
    },
  };
}

/** The state `useFormErrors` returns, for forms split over components. */
export type TFormErrors = ReturnType<typeof useFormErrors>;

/** What a control needs to be tied to its label, hint and error. */
export interface TControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

interface TFieldProps {
  label: string;
  error?: string | undefined;
  hint?: string;
  /** Renders the control with the ids that tie it to its label, hint and error. */
  children: (props: TControlProps) => ReactNode;
  className?: string;
}

/** A labelled form control with an optional hint and its error message beside it. */
export function Field({ label, error, hint, children, className }: TFieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy })}
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId}>
          {sentence(error)}
        </p>
      )}
    </div>
  );
}

/** Server messages start in lower case (they also appear in logs); sentences on screen do not. */
function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** The form's summary error, announced to screen readers when it appears. */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <div className="alert alert-error" role="alert">
      {sentence(message)}
    </div>
  );
}

/** A failed query: what went wrong, in words. */
export function QueryError({ error }: { error: unknown }) {
  const message =
    error instanceof ApiError && error.status === 403
      ? 'Your role does not give access to this.'
      : error instanceof Error
        ? error.message
        : 'Something went wrong.';
  return (
    <div className="alert alert-error" role="alert">
      {sentence(message)}
    </div>
  );
}

/** Shown while a query loads. */
export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="loading" role="status">
      {what}…
    </p>
  );
}

/** The buttons at the end of a form. */
export function FormActions({ children }: { children: ReactNode }) {
  return <div className="form-actions">{children}</div>;
}
