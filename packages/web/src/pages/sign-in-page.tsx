import { ZSignIn } from '@touchstone/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { endpoints } from '../api/resources.js';
import { useSessionActions } from '../auth/session.js';
import { Field, FormError, useFormErrors } from '../components/forms.js';
import { usePageTitle } from '../components/page.js';

/** Only same-site paths are followed after sign-in, never another origin. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** Email and password sign-in; returns to the page that asked for it. */
export function SignInPage() {
  usePageTitle('Sign in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const errors = useFormErrors();
  const { signedIn } = useSessionActions();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const signIn = useMutation({
    mutationFn: endpoints.signIn,
    onSuccess: (session) => {
      signedIn(session);
      void navigate(safeNext(params.get('next')), { replace: true });
    },
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
