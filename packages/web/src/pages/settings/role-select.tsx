import { ROLES, canGrantRole, type TRole } from '@touchstone/core';
import { humanize } from '../../components/page.js';

/** What each role may do, in one line (from the permission matrix in core/roles.ts). */
export const ROLE_SUMMARY: Record<TRole, string> = {
  owner: 'Everything, including deleting the organization.',
  admin: 'Changes the experience model, customers, people and keys.',
  analyst: 'Reads everything it analyses.',
  agent: 'Reads customers and handles cases.',
  viewer: 'Reads the model and dashboards, no personal data.',
};

interface TProps {
  id?: string;
  value: TRole;
  onChange: (role: TRole) => void;
  /** The signed-in role: only roles it may grant are offered. */
  actorRole: TRole;
  disabled?: boolean;
  'aria-label'?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string | undefined;
}

/** A role picker limited to the roles the signed-in person may grant. */
export function RoleSelect({ value, onChange, actorRole, ...rest }: TProps) {
  const grantable = ROLES.filter((r) => canGrantRole(actorRole, r) || r === value);
  return (
    <select {...rest} value={value} onChange={(e) => onChange(e.target.value as TRole)}>
      {grantable.map((r) => (
        <option key={r} value={r}>
          {humanize(r)}
        </option>
      ))}
    </select>
  );
}
