'use client';
import { useRouter } from 'next/navigation';
import { callApi } from '../apiClient';
import { forgetAllLocalCopies } from '../../lib/board/localCopies';

/** Ends the interviewer session and deletes the board copies this browser kept. */
export function SignOutButton() {
  const router = useRouter();
  return (
    <button
      type="button"
      className="button secondary"
      onClick={async () => {
        await callApi('/api/session', { method: 'DELETE' }).catch(() => undefined);
        await forgetAllLocalCopies().catch(() => undefined); // boards kept for offline edits
        router.replace('/');
        router.refresh();
      }}
    >
      Sign out
    </button>
  );
}
