'use client';
import { useRouter } from 'next/navigation';
import { callApi } from '../apiClient';

/** Ends the interviewer session. */
export function SignOutButton() {
  const router = useRouter();
  return (
    <button
      type="button"
      className="button secondary"
      onClick={async () => {
        await callApi('/api/session', { method: 'DELETE' }).catch(() => undefined);
        router.replace('/');
        router.refresh();
      }}
    >
      Sign out
    </button>
  );
}
