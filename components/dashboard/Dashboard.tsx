'use client';
import Link from 'next/link';
import { Fragment, startTransition, useCallback, useEffect, useMemo, useState } from 'react';
import { BOARDS_PATH, BoardList, type BoardSummary } from '../../lib/api';
import { STEPS } from '../../lib/framework';
import { formatDuration } from '../../lib/board/timeline';
import { callApi } from '../apiClient';
import { forgetLocalCopies } from '../../lib/board/localCopies';
import { notesDocId } from '../../lib/protocol';
import { CreateBoardForm } from './CreateBoardForm';
import { SignOutButton } from './SignOutButton';
import { formatDateTime } from '../../lib/clockTime';

/** The board table's column headings, but the last (its actions). */
const COLUMNS = ['Title', 'Question', 'Candidate', 'Created', 'Status', 'Time', 'Per step'];

/**
 * Rows in the page's first paint, more than a tall screen holds; the rest are rendered right
 * after it, in a transition (docs/architecture.md, "Dashboard").
 */
export const FIRST_ROWS = 50;

/** The question filter's value for boards created blank. */
export const NO_QUESTION = '-';

/**
 * Boards whose title or candidate name contains `query` (case-insensitive) and that were made
 * from `question` (an id, `NO_QUESTION`, or '' for any), newest or oldest first.
 */
export function filterBoards(
  boards: readonly BoardSummary[],
  query: string,
  newestFirst: boolean,
  question = '',
): BoardSummary[] {
  const q = query.trim().toLowerCase();
  return boards
    .filter(
      (b) => !q || b.title.toLowerCase().includes(q) || (b.candidateName ?? '').toLowerCase().includes(q),
    )
    .filter((b) => !question || (b.questionId ?? NO_QUESTION) === question)
    .sort((a, b) => (newestFirst ? b.createdAt - a.createdAt : a.createdAt - b.createdAt));
}

/** The interviewer's dashboard: create a board; every board with its timing; open, review, end, delete. */
export function Dashboard() {
  const [boards, setBoards] = useState<BoardSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [newestFirst, setNewestFirst] = useState(true);
  const [question, setQuestion] = useState('');
  const get = useCallback((cache: RequestCache) => {
    callApi(BOARDS_PATH, { method: 'GET', cache }, BoardList).then(
      (list) => setBoards(list.boards),
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  }, []);
  const load = useCallback(() => get('no-store'), [get]);
  // The first is asked for exactly as the page's preload asked (same URL, mode, credentials and
  // cache mode), so the browser hands over the response the preload started; the server marks it
  // no-store, so every later one is fetched anew.
  useEffect(() => get('default'), [get]);
  const shown = useMemo(
    () => filterBoards(boards ?? [], query, newestFirst, question),
    [boards, query, newestFirst, question],
  );
  // A screenful of rows first: rendering all of a long list (~0.2 s for 1,000) would hold the first
  // paint. The rest follows once that paint is done (a frame, then a task), in a transition that
  // yields to the reader's input.
  const [allRows, setAllRows] = useState(false);
  const longList = shown.length > FIRST_ROWS;
  useEffect(() => {
    if (allRows || !longList) return;
    let task: number | undefined;
    const frame = requestAnimationFrame(() => {
      task = window.setTimeout(() => startTransition(() => setAllRows(true)));
    });
    return () => {
      cancelAnimationFrame(frame);
      window.clearTimeout(task);
    };
  }, [allRows, longList]);
  const rows = allRows ? shown : shown.slice(0, FIRST_ROWS);
  // The questions boards were made from, for the filter (titles as they were at creation).
  const questions = useMemo(() => {
    const byId = new Map<string, string>();
    for (const b of boards ?? []) if (b.questionId) byId.set(b.questionId, b.questionTitle ?? b.questionId);
    return [...byId].sort((a, b) => a[1].localeCompare(b[1]));
  }, [boards]);

  async function act(what: string, run: () => Promise<void>) {
    setError(null);
    try {
      await run();
      load();
    } catch (err) {
      setError(`${what}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  return (
    <main className="dashboard">
      <header className="dashboard-header">
        <h1>Boards</h1>
        <div className="spacer" />
        <Link className="button secondary" href="/questions" data-testid="dashboard.questions-link">
          Question library
        </Link>
        <SignOutButton />
      </header>
      <CreateBoardForm onCreated={load} />
      <div className="field-inline">
        <input
          type="search"
          aria-label="Search by title or candidate"
          placeholder="Search by title or candidate"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <select
          aria-label="Filter by question"
          data-testid="dashboard.question-filter"
          value={question}
          onChange={(e) => setQuestion(e.target.value)}
        >
          <option value="">All questions</option>
          <option value={NO_QUESTION}>No question (blank)</option>
          {questions.map(([id, title]) => (
            <option key={id} value={id}>
              {title}
            </option>
          ))}
        </select>
        <button type="button" className="button secondary" onClick={() => setNewestFirst(!newestFirst)}>
          {newestFirst ? 'Newest first' : 'Oldest first'}
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {boards && shown.length === 0 && (
        <p className="muted">{boards.length === 0 ? 'No boards yet.' : 'No board matches.'}</p>
      )}
      {shown.length > 0 && (
        // The table lays its rows out on fixed column tracks (CSS grid), so that the rows off screen
        // are skipped until scrolled to (docs/architecture.md "Dashboard"). A table whose display is
        // changed loses its roles in some browsers: they are given explicitly.
        <table className="boards" role="table" data-testid="dashboard.boards">
          <thead role="rowgroup">
            <tr role="row">
              {COLUMNS.map((name) => (
                <th key={name} role="columnheader" scope="col">
                  {name}
                </th>
              ))}
              <th role="columnheader" scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody role="rowgroup">
            {rows.map((b) => (
              <tr key={b.id} role="row" data-testid="dashboard.row">
                <td role="cell">
                  <Link href={`/b/${b.id}`} prefetch={false}>
                    {b.title}
                  </Link>
                </td>
                <td role="cell">{b.questionTitle ?? <span className="muted">—</span>}</td>
                <td role="cell">{b.candidateName ?? <span className="muted">—</span>}</td>
                <td role="cell">{formatDateTime(b.createdAt)}</td>
                <td role="cell" data-testid="dashboard.status">
                  {statusLabel(b)}
                </td>
                <td role="cell" className="num">
                  {formatDuration(b.totalMs)}
                </td>
                <td
                  role="cell"
                  className="num per-step"
                  title={STEPS.map((s) => `${s.index + 1}. ${s.title}`).join('\n')}
                >
                  {/* Each step's time unbroken; the line may wrap after a separator. */}
                  {b.perStepMs.map((ms, i) => (
                    <Fragment key={i}>
                      {i > 0 && '\u00a0· '}
                      <span>{formatDuration(ms)}</span>
                    </Fragment>
                  ))}
                </td>
                <td role="cell" className="actions-cell">
                  <div className="row-actions">
                    <Link className="icon-button" href={`/r/${b.id}`} prefetch={false}>
                      Review
                    </Link>
                    {b.status === 'live' && (
                      <button
                        type="button"
                        className="icon-button"
                        aria-label={`End ${b.title}`}
                        onClick={() =>
                          window.confirm(`End "${b.title}"? The candidate can no longer change it.`) &&
                          act('End', () => callApi(`/api/boards/${b.id}/end`, { method: 'POST' }))
                        }
                      >
                        End
                      </button>
                    )}
                    <button
                      type="button"
                      className="icon-button danger"
                      aria-label={`Delete ${b.title}`}
                      onClick={() =>
                        window.confirm(`Delete "${b.title}" and everything in it? This cannot be undone.`) &&
                        act('Delete', async () => {
                          await callApi(`/api/boards/${b.id}`, { method: 'DELETE' });
                          forgetLocalCopies([b.id, notesDocId(b.id)]);
                        })
                      }
                    >
                      Delete
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

/** Live boards whose clock never started have not started yet. */
function statusLabel(b: BoardSummary): string {
  if (b.status === 'ended') return 'Ended';
  return b.started ? 'Live' : 'Not started';
}
