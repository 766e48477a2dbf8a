import { ZSignIn } from '@touchstone/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { endpoints } from '../api/resources.js';
import { useSessionActions } from '../auth/session.js';
import { Field, FormError, useFormErrors } from '../components/forms.js';
import { usePageTitle } from '../components/page.js';
import { ssoStartUrl } from './settings/sso-api.js';

/** Email and password sign-in, or single sign-on through the organization's provider. */
export function SignInPage() {
  usePageTitle('Sign in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [organization, setOrganization] = useState('');
  const [searchParams] = useSearchParams();
  // A failed single sign-on comes back here with the server's reason.
  const ssoError = searchParams.get('ssoError');
  const errors = useFormErrors();
  const { signedIn } = useSessionActions();
  // Once signed in, the app's /sign-in route sends the person on to `?next=` (see app.tsx).
  const signIn = useMutation({
    mutationFn: endpoints.signIn,
    onSuccess: signedIn,
    onError: (error) => errors.fromError(error),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    const parsed = ZSignIn.safeParse({ email, password });
    if (!parsed.success) {
      errors.fromZod(parsed.error);
      return;
    }
    signIn.mutate({ email, password });
  };

  const startSso = (event: FormEvent) => {
    event.preventDefault();
    // The organization's slug, or else the e-mail typed above (its domain names the organization).
    const reference = organization.trim() || email.trim();
    if (reference !== '') window.location.assign(ssoStartUrl(reference));
  };

  return (
    <main className="sign-in" id="main">
      <div className="sign-in-card">
        <p className="brandmark">
          <span className="logo" aria-hidden="true">
            ◆
          </span>
          Touchstone
        </p>
        <h1>Sign in</h1>
        <form onSubmit={submit} noValidate>
          <FormError message={errors.message} />
          <Field label="Email" error={errors.fields['email']}>
            {(p) => (
              <input
                {...p}
                type="email"
                name="email"
                autoComplete="username"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                required
                autoFocus
              />
            )}
          </Field>
          <Field label="Password" error={errors.fields['password']}>
            {(p) => (
              <input
                {...p}
                type="password"
                name="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                required
              />
            )}
          </Field>
          <button type="submit" className="button button-primary wide" disabled={signIn.isPending}>
            {signIn.isPending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <form className="sign-in-sso" onSubmit={startSso} noValidate aria-label="Single sign-on">
          <FormError message={ssoError} />
          <Field
            label="Organization or work e-mail"
            hint="For organizations that sign in with their own identity provider."
          >
            {(p) => (
              <input
                {...p}
                name="organization"
                value={organization}
                onChange={(e) => setOrganization(e.target.value)}
                placeholder="acme or ann@acme.com"
              />
            )}
          </Field>
          <button type="submit" className="button wide">
            Continue with SSO
          </button>
        </form>
      </div>
    </main>
  );
}
