import type { TUser } from '@touchstone/core';

interface TProps {
  users: TUser[];
  selected: string[];
  onChange: (ids: string[]) => void;
  disabled: boolean;
  error: string | undefined;
}

/** Team members as checkboxes over the organization's users. */
export function MemberPicker({ users, selected, onChange, disabled, error }: TProps) {
  return (
    <fieldset className="checkbox-group member-picker">
      <legend>Members</legend>
      {users.length === 0 && <p className="muted">No users to choose from.</p>}
      <ul>
        {users.map((u) => (
          <li key={u.id}>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={selected.includes(u.id)}
                disabled={disabled}
                onChange={(e) =>
                  onChange(
                    e.target.checked ? [...selected, u.id] : selected.filter((id) => id !== u.id),
                  )
                }
              />
              <span>
                {u.name} <span className="muted">{u.email}</span>
              </span>
            </label>
          </li>
        ))}
      </ul>
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
