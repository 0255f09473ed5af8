'use client';
import { useEffect, useState } from 'react';
import { CreateBoardResponse } from '../../lib/api';
import { QuestionList, type QuestionSummary } from '../../lib/questions/schema';
import { MAX_PROMPT_CHARS, MAX_TITLE_CHARS } from '../../lib/limits';
import { callApi } from '../apiClient';
import { rememberLink } from '../board/linkStore';
import { CopyField } from '../board/CopyField';

/** The library's questions (not archived), for the picker; empty until loaded or on failure. */
function useQuestions(): QuestionSummary[] {
  const [questions, setQuestions] = useState<QuestionSummary[]>([]);
  useEffect(() => {
    callApi('/api/questions', { method: 'GET' }, QuestionList).then(setQuestions, () => setQuestions([]));
  }, []);
  return questions;
}

/**
 * Creates a board, blank or from a library question (which fills in title and prompt, both still
 * editable), and shows its candidate and review links (shown once; kept in this browser).
 */
export function CreateBoardForm({ onCreated }: { onCreated: () => void }) {
  const questions = useQuestions();
  const [questionId, setQuestionId] = useState('');
  const [title, setTitle] = useState('');
  const [prompt, setPrompt] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreateBoardResponse | null>(null);

  if (created) {
    return (
      <section className="card create-board" aria-label="Board created" data-testid="created-board">
        <h2>Board created</h2>
        <CopyField label="Candidate link" value={created.candidateUrl} testId="created.candidate-url" />
        <CopyField label="Review link (read-only)" value={created.reviewUrl} testId="created.review-url" />
        <p className="muted">
          Send the candidate link to the candidate. You can make new links from the board.
        </p>
        <div className="field-inline">
          <a className="button primary" href={`/b/${created.id}`}>
            Open board
          </a>
          <button type="button" className="button secondary" onClick={() => setCreated(null)}>
            Create another
          </button>
        </div>
      </section>
    );
  }

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
          const body = JSON.stringify({
            title: title.trim(),
            ...(prompt.trim() ? { prompt: prompt.trim() } : {}),
            ...(questionId ? { questionId } : {}),
          });
          const board = await callApi('/api/boards', { method: 'POST', body }, CreateBoardResponse);
          rememberLink(board.id, 'candidate', board.candidateUrl);
          rememberLink(board.id, 'reviewer', board.reviewUrl);
          setCreated(board);
          setTitle('');
          setPrompt('');
          setQuestionId('');
          onCreated();
        } catch (err) {
          setError(err instanceof Error ? err.message : String(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2>New board</h2>
      <label>
        Question
        <select
          name="question"
          data-testid="create.question"
          value={questionId}
          onChange={(e) => {
            const q = questions.find((x) => x.id === e.target.value);
            setQuestionId(q?.id ?? '');
            if (q) {
              setTitle(q.title);
              setPrompt(q.prompt);
            }
          }}
        >
          <option value="">Blank board (no question)</option>
          {(['Built-in questions', 'Workspace questions'] as const).map((group) => {
            const items = questions.filter((q) => q.builtIn === (group === 'Built-in questions'));
            return items.length === 0 ? null : (
              <optgroup key={group} label={group}>
                {items.map((q) => (
                  <option key={q.id} value={q.id}>
                    {q.title}
                  </option>
                ))}
              </optgroup>
            );
          })}
        </select>
      </label>
      {questionId && (
        <p className="muted">
          Its scope hints, reference estimates and rubric appear in your private panel on the board; the
          candidate never receives them.
        </p>
      )}
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
        <span>
          Problem prompt <span className="muted">(optional)</span>
        </span>
        <textarea
          name="prompt"
          rows={3}
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
