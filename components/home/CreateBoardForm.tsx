'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { CreateBoardResponse, ErrorResponse } from '../../lib/api';
import { MAX_PROMPT_CHARS, MAX_TITLE_CHARS } from '../../lib/limits';

/** Creates a board and opens it. */
export function CreateBoardForm() {
  const router = useRouter();
  const [title, setTitle] = useState('');
  const [prompt, setPrompt] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  return (
    <form
      className="card create-board"
      aria-label="Create a board"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!title.trim()) return setError('Give the board a title.');
        setBusy(true);
        setError(null);
        try {
          const res = await fetch('/api/boards', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              title: title.trim(),
              ...(prompt.trim() ? { prompt: prompt.trim() } : {}),
            }),
          });
          const body: unknown = await res.json().catch(() => null);
          if (!res.ok) {
            const parsed = ErrorResponse.safeParse(body);
            throw new Error(
              parsed.success ? parsed.data.error : `Could not create the board (${res.status}).`,
            );
          }
          router.push(`/b/${CreateBoardResponse.parse(body).id}`);
        } catch (err) {
          setError(err instanceof Error ? err.message : String(err));
          setBusy(false);
        }
      }}
    >
      <h2>New board</h2>
      <label>
        Title
        <input
          name="title"
          required
          maxLength={MAX_TITLE_CHARS}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          placeholder="e.g. Design a URL shortener"
        />
      </label>
      <label>
        Problem prompt <span className="muted">(optional)</span>
        <textarea
          name="prompt"
          rows={4}
          maxLength={MAX_PROMPT_CHARS}
          value={prompt}
          onChange={(e) => setPrompt(e.target.value)}
          placeholder="What the candidate is asked to design"
        />
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? 'Creating…' : 'Create board'}
      </button>
    </form>
  );
}
