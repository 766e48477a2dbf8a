import { ZSignIn } from '@touchstone/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { endpoints } from '../api/resources.js';
import { useSessionActions } from '../auth/session.js';
import { Field, FormError, useFormErrors } from '../components/forms.js';
import { usePageTitle } from '../components/page.js';

/** Email and password sign-in. */
export function SignInPage() {
  usePageTitle('Sign in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
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
      </div>
    </main>
  );
}
