import {
  ROLES,
  ZSsoSettingsUpdate,
  type TSsoDefaultRole,
  type TSsoSettings,
} from '@touchstone/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { CopyButton } from '../../components/copy-button.js';
import { Field, FormError, Loading, QueryError, useFormErrors } from '../../components/forms.js';
import { Page, formatDateTime, humanize } from '../../components/page.js';
import { ssoEndpoints, ssoKeys } from './sso-api.js';

const JIT_ROLES = ROLES.filter((r): r is TSsoDefaultRole => r !== 'owner');

/** `/settings/sso`: the organization's OpenID Connect provider and who may sign in with it. */
export function SsoSettingsPage() {
  const settings = useQuery({ queryKey: ssoKeys.settings, queryFn: ssoEndpoints.settings });
  // Kept out of the form, which starts afresh from each saved version of the settings.
  const [saved, setSaved] = useState(false);
  return (
    <Page
      title="Single sign-on"
      lead="Members sign in with your OpenID Connect provider; first-time members get an account with the default role."
    >
      {settings.isPending && <Loading what="Loading single sign-on settings" />}
      {settings.isError && <QueryError error={settings.error} />}
      {saved && <p role="status">Saved: the provider answered.</p>}
      {settings.data && (
        <SsoForm
          key={settings.data.updatedAt ?? 'new'}
          initial={settings.data}
          onSaved={setSaved}
        />
      )}
    </Page>
  );
}

function SsoForm({
  initial,
  onSaved,
}: {
  initial: TSsoSettings;
  onSaved: (saved: boolean) => void;
}) {
  const client = useQueryClient();
  const errors = useFormErrors();
  const [issuerUrl, setIssuerUrl] = useState(initial.issuerUrl ?? '');
  const [clientId, setClientId] = useState(initial.clientId ?? '');
  const [clientSecret, setClientSecret] = useState('');
  const [domains, setDomains] = useState(initial.allowedDomains.join(', '));
  const [defaultRole, setDefaultRole] = useState<TSsoDefaultRole>(initial.defaultRole);
  const [passwordSignIn, setPasswordSignIn] = useState(initial.passwordSignIn);
  const refresh = (data: TSsoSettings | undefined) =>
    data === undefined
      ? client.invalidateQueries({ queryKey: ssoKeys.settings })
      : client.setQueryData(ssoKeys.settings, data);
  const save = useMutation({
    mutationFn: ssoEndpoints.save,
    onSuccess: async (data) => {
      onSaved(true);
      await refresh(data);
    },
    onError: (error) => errors.fromError(error),
  });
  const remove = useMutation({
    mutationFn: ssoEndpoints.remove,
    onSuccess: () => {
      onSaved(false);
      return refresh(undefined);
    },
    onError: (error) => errors.fromError(error),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    onSaved(false);
    const parsed = ZSsoSettingsUpdate.safeParse({
      issuerUrl: issuerUrl.trim(),
      clientId,
      ...(clientSecret === '' ? {} : { clientSecret }),
      allowedDomains: domains
        .split(/[\s,]+/)
        .map((d) => d.trim())
        .filter((d) => d !== ''),
      defaultRole,
      passwordSignIn,
    });
    if (!parsed.success) return errors.fromZod(parsed.error);
    save.mutate(parsed.data);
  };
  return (
    <section className="card" aria-label="Identity provider">
      <h2>Identity provider</h2>
      <p className="muted">
        Register this redirect URI with your provider: <code>{initial.redirectUri}</code>{' '}
        <CopyButton text={initial.redirectUri} label="Copy redirect URI" />
      </p>
      <form onSubmit={submit} noValidate aria-label="Single sign-on settings">
        <FormError message={errors.message} />
        <Field
          label="Issuer URL"
          hint="Its discovery document is read from /.well-known/openid-configuration."
          error={errors.fields['issuerUrl']}
        >
          {(p) => (
            <input
              {...p}
              type="url"
              value={issuerUrl}
              onChange={(e) => setIssuerUrl(e.target.value)}
              placeholder="https://login.example.com"
            />
          )}
        </Field>
        <Field label="Client ID" error={errors.fields['clientId']}>
          {(p) => <input {...p} value={clientId} onChange={(e) => setClientId(e.target.value)} />}
        </Field>
        <Field
          label="Client secret"
          {...(initial.hasClientSecret ? { hint: 'Stored. Leave empty to keep it.' } : {})}
          error={errors.fields['clientSecret']}
        >
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="off"
              value={clientSecret}
              onChange={(e) => setClientSecret(e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Allowed e-mail domains"
          hint="Separated by commas; empty: any address the provider has verified."
          error={errors.fields['allowedDomains']}
        >
          {(p) => (
            <input
              {...p}
              value={domains}
              onChange={(e) => setDomains(e.target.value)}
              placeholder="example.com"
            />
          )}
        </Field>
        <Field label="Role of new members" error={errors.fields['defaultRole']}>
          {(p) => (
            <select
              {...p}
              value={defaultRole}
              onChange={(e) => setDefaultRole(e.target.value as TSsoDefaultRole)}
            >
              {JIT_ROLES.map((r) => (
                <option key={r} value={r}>
                  {humanize(r)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={passwordSignIn}
            onChange={(e) => setPasswordSignIn(e.target.checked)}
          />
          Members may also sign in with a password (switched off only once an owner has signed in
          with single sign-on)
        </label>
        {errors.fields['passwordSignIn'] && (
          <p className="field-error">{errors.fields['passwordSignIn']}</p>
        )}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? 'Checking the provider…' : 'Save'}
          </button>
          {initial.configured && (
            <button
              type="button"
              className="button"
              disabled={remove.isPending}
              onClick={() => remove.mutate()}
            >
              Remove single sign-on
            </button>
          )}
        </div>
        {initial.updatedAt && (
          <p className="muted">Last changed {formatDateTime(initial.updatedAt)}.</p>
        )}
      </form>
    </section>
  );
}
