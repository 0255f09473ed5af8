'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { callApi } from '../apiClient';

/** Signs an interviewer in with the workspace secret. */
export function SignInForm({ expired }: { expired: boolean }) {
  const router = useRouter();
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(
    expired ? 'That sign-in link was already used or has expired.' : null,
  );
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="card create-board"
      aria-label="Sign in"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          await callApi('/api/session', { method: 'POST', body: JSON.stringify({ secret }) });
          router.replace('/dashboard');
          router.refresh();
        } catch (err) {
          setError(err instanceof Error ? err.message : String(err));
          setBusy(false);
        }
      }}
    >
      <label>
        Workspace secret
        <input
          type="password"
          autoComplete="current-password"
          required
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
        />
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
