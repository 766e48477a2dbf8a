import { ZUserCreate, canGrantRole, type TRole, type TUser } from '@touchstone/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { endpoints, keys } from '../../api/resources.js';
import { useCan, useSession } from '../../auth/session.js';
import { Field, FormError, Loading, QueryError, useFormErrors } from '../../components/forms.js';
import { Page, formatDate, humanize } from '../../components/page.js';
import { ROLE_SUMMARY, RoleSelect } from './role-select.js';

function AddUserForm({ onDone }: { onDone: () => void }) {
  const session = useSession();
  const [draft, setDraft] = useState({
    name: '',
    email: '',
    role: 'viewer' as TRole,
    password: '',
  });
  const errors = useFormErrors();
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: endpoints.createUser,
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: keys.users });
      onDone();
    },
    onError: (error) => errors.fromError(error),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    const parsed = ZUserCreate.safeParse(draft);
    if (!parsed.success) return errors.fromZod(parsed.error);
    create.mutate(parsed.data);
  };
  const text = (key: 'name' | 'email' | 'password', label: string, type: string, hint?: string) => (
    <Field label={label} error={errors.fields[key]} {...(hint ? { hint } : {})}>
      {(p) => (
        <input
          {...p}
          type={type}
          autoComplete={key === 'password' ? 'new-password' : 'off'}
          value={draft[key]}
          onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
        />
      )}
    </Field>
  );
  return (
    <form className="card stack" onSubmit={submit} noValidate aria-label="Add a user">
      <h2>Add a user</h2>
      <FormError message={errors.message} />
      <div className="two-columns">
        {text('name', 'Name', 'text')}
        {text('email', 'Email', 'email')}
      </div>
      <div className="two-columns">
        <Field label="Role" error={errors.fields['role']} hint={ROLE_SUMMARY[draft.role]}>
          {(p) => (
            <RoleSelect
              {...p}
              value={draft.role}
              actorRole={session.role}
              onChange={(role) => setDraft({ ...draft, role })}
            />
          )}
        </Field>
        {text(
          'password',
          'Initial password',
          'password',
          'At least 10 characters; ignored when the person already has an account',
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          Add user
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function UserRow({ user }: { user: TUser }) {
  const session = useSession();
  const [role, setRole] = useState(user.role);
  const [error, setError] = useState<string | null>(null);
  const client = useQueryClient();
  const done = {
    onSuccess: () => client.invalidateQueries({ queryKey: keys.users }),
    onError: (e: Error) => setError(e.message),
  };
  const update = useMutation({
    mutationFn: () => endpoints.updateUser(user.id, { role }),
    ...done,
  });
  const remove = useMutation({ mutationFn: () => endpoints.removeUser(user.id), ...done });
  const isSelf = user.id === session.user.id;
  const editable = !isSelf && canGrantRole(session.role, user.role);
  return (
    <tr>
      <th scope="row">
        {user.name} {isSelf && <span className="badge">You</span>}
      </th>
      <td>{user.email}</td>
      <td>
        {editable ? (
          <span className="inline-controls">
            <RoleSelect
              aria-label={`Role of ${user.name}`}
              value={role}
              actorRole={session.role}
              onChange={(r) => {
                setError(null);
                setRole(r);
              }}
            />
            {role !== user.role && (
              <button
                type="button"
                className="button"
                disabled={update.isPending}
                onClick={() => update.mutate()}
              >
                Change role
              </button>
            )}
          </span>
        ) : (
          humanize(user.role)
        )}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </td>
      <td>{formatDate(user.createdAt)}</td>
      <td className="actions-cell">
        {editable && (
          <button
            type="button"
            className="button danger"
            disabled={remove.isPending}
            onClick={() => {
              if (window.confirm(`Remove ${user.name} from the organization?`)) remove.mutate();
            }}
          >
            Remove<span className="visually-hidden"> {user.name}</span>
          </button>
        )}
      </td>
    </tr>
  );
}

/** The people of the organization and their roles. */
export function UsersPage() {
  const canWrite = useCan('users:write');
  const [adding, setAdding] = useState(false);
  const users = useQuery({ queryKey: keys.users, queryFn: endpoints.allUsers });
  return (
    <Page
      title="Users"
      lead="People who sign in to this organization, and what their role lets them do."
      actions={
        canWrite &&
        !adding && (
          <button type="button" className="button button-primary" onClick={() => setAdding(true)}>
            Add user
          </button>
        )
      }
    >
      {adding && <AddUserForm onDone={() => setAdding(false)} />}
      {users.isPending && <Loading what="Loading users" />}
      {users.isError && <QueryError error={users.error} />}
      {users.data && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Added</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((u) => (
              <UserRow key={`${u.id}-${u.role}`} user={u} />
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
