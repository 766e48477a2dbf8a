import { ZTeamCreate, type TTeam } from '@touchstone/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { endpoints, keys } from '../../api/resources.js';
import { useCan } from '../../auth/session.js';
import { Field, FormError, type TFormErrors } from '../../components/forms.js';
import { MemberPicker } from './member-picker.js';

/** The editable fields of a team. */
export interface TTeamDraft {
  name: string;
  description: string;
  memberIds: string[];
}

interface TProps {
  initial?: TTeam;
  onSubmit: (draft: TTeamDraft) => void;
  errors: TFormErrors;
  disabled: boolean;
  submitLabel: string;
  children?: ReactNode;
}

/** Create or edit a team: name, description and, for those who may see users, its members. */
export function TeamForm({ initial, onSubmit, errors, disabled, submitLabel, children }: TProps) {
  const canSeeUsers = useCan('users:read');
  const [draft, setDraft] = useState<TTeamDraft>({
    name: initial?.name ?? '',
    description: initial?.description ?? '',
    memberIds: initial?.memberIds ?? [],
  });
  const users = useQuery({
    queryKey: keys.users,
    queryFn: endpoints.allUsers,
    enabled: canSeeUsers,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    const parsed = ZTeamCreate.safeParse(draft);
    if (!parsed.success) return errors.fromZod(parsed.error);
    onSubmit(draft);
  };
  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Team">
      <FormError message={errors.message} />
      <Field label="Team name" error={errors.fields['name']}>
        {(p) => (
          <input
            {...p}
            value={draft.name}
            disabled={disabled}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          />
        )}
      </Field>
      <Field label="Description" error={errors.fields['description']}>
        {(p) => (
          <textarea
            {...p}
            rows={2}
            value={draft.description}
            disabled={disabled}
            onChange={(e) => setDraft({ ...draft, description: e.target.value })}
          />
        )}
      </Field>
      {canSeeUsers && users.data && (
        <MemberPicker
          users={users.data}
          selected={draft.memberIds}
          onChange={(memberIds) => setDraft({ ...draft, memberIds })}
          disabled={disabled}
          error={errors.fields['memberIds'] ?? errors.fields['memberIds.0']}
        />
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={disabled}>
          {submitLabel}
        </button>
        {children}
      </div>
    </form>
  );
}
