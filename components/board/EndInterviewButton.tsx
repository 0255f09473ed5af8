'use client';
import { useState } from 'react';
import { callApi } from '../apiClient';

/** Interviewer only: ends the interview; the board becomes read-only for the candidate. */
export function EndInterviewButton({ boardId }: { boardId: string }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="button secondary danger"
        onClick={async () => {
          if (!window.confirm('End the interview? The candidate can no longer change the board.')) return;
          try {
            await callApi(`/api/boards/${boardId}/end`, { method: 'POST' });
          } catch (err) {
            setError(err instanceof Error ? err.message : String(err));
          }
        }}
      >
        End interview
      </button>
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </>
  );
}
