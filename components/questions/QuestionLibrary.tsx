'use client';
/**
 * The question library page (interviewers): built-in and workspace questions; add, edit,
 * duplicate, archive; import and export a questions file.
 */
import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  ImportResult,
  Question,
  QuestionList,
  type QuestionContent,
  type QuestionSummary,
} from '../../lib/questions/schema';
import { callApi } from '../apiClient';
import { QuestionEditor } from './QuestionEditor';

type Editing = { kind: 'new' } | { kind: 'edit'; question: Question } | null;

/** The library. */
export function QuestionLibrary() {
  const [questions, setQuestions] = useState<QuestionSummary[] | null>(null);
  const [showArchived, setShowArchived] = useState(false);
  const [editing, setEditing] = useState<Editing>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const load = useCallback(() => {
    callApi('/api/questions?archived=include', { method: 'GET' }, QuestionList).then(
      setQuestions,
      (err: unknown) => setMessage({ error: true, text: err instanceof Error ? err.message : String(err) }),
    );
  }, []);
  useEffect(load, [load]);

  async function act(what: string, run: () => Promise<unknown>) {
    setMessage(null);
    try {
      await run();
      load();
    } catch (err) {
      setMessage({ error: true, text: `${what}: ${err instanceof Error ? err.message : String(err)}` });
    }
  }

  async function importFile(file: File) {
    setMessage(null);
    try {
      const text = await file.text();
      const result = await callApi('/api/questions/import', { method: 'POST', body: text }, ImportResult);
      setMessage({
        error: false,
        text: `Imported ${result.imported} question${result.imported === 1 ? '' : 's'}.`,
      });
      load();
    } catch (err) {
      setMessage({ error: true, text: `Import failed: ${err instanceof Error ? err.message : String(err)}` });
    }
  }

  const save = (id: string | null) => async (content: QuestionContent) => {
    await callApi(
      id ? `/api/questions/${id}` : '/api/questions',
      { method: id ? 'PUT' : 'POST', body: JSON.stringify(content) },
      Question,
    );
    setEditing(null);
    load();
  };

  const shown = (questions ?? []).filter((q) => showArchived || !q.archived);
  return (
    <main className="dashboard question-library">
      <header className="dashboard-header">
        <h1>Question library</h1>
        <div className="spacer" />
        <Link className="button secondary" href="/dashboard">
          Boards
        </Link>
      </header>
      <p className="muted">
        Pick a question when you create a board. Its scope hints, reference estimates, deep-dive candidates
        and rubric show only in your private panel. Built-in questions are read-only: duplicate one to adapt
        it.
      </p>
      <div className="field-inline">
        <button type="button" className="button primary" onClick={() => setEditing({ kind: 'new' })}>
          New question
        </button>
        <button type="button" className="button secondary" onClick={() => fileInput.current?.click()}>
          Import JSON…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          className="visually-hidden"
          aria-label="Questions file to import"
          data-testid="library.import-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importFile(file);
          }}
        />
        <a className="button secondary" href="/api/questions/export" download data-testid="library.export">
          Export JSON
        </a>
        <label className="check">
          <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />{' '}
          Show archived
        </label>
      </div>
      {message && (
        <p
          role={message.error ? 'alert' : 'status'}
          className={message.error ? 'error' : 'muted'}
          data-testid="library.message"
        >
          {message.text}
        </p>
      )}
      {editing && (
        <QuestionEditor
          key={editing.kind === 'edit' ? editing.question.id : 'new'}
          initial={editing.kind === 'edit' ? editing.question : null}
          onSave={save(editing.kind === 'edit' ? editing.question.id : null)}
          onCancel={() => setEditing(null)}
        />
      )}
      {questions && (
        <table className="boards" data-testid="library.questions">
          <thead>
            <tr>
              <th scope="col">Question</th>
              <th scope="col">Source</th>
              <th scope="col">Starter</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((q) => (
              <tr key={q.id} data-testid="library.row" className={q.archived ? 'archived' : undefined}>
                <td>
                  <strong>{q.title}</strong>
                  {q.archived && <span className="muted"> (archived)</span>}
                  <div className="muted question-library__prompt">{q.prompt}</div>
                </td>
                <td>{q.builtIn ? 'Built-in' : 'Workspace'}</td>
                <td>{q.hasTemplate ? 'Yes' : '—'}</td>
                <td className="row-actions">
                  {!q.builtIn && (
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Edit ${q.title}`}
                      onClick={() =>
                        act('Edit', async () =>
                          setEditing({
                            kind: 'edit',
                            question: await callApi(`/api/questions/${q.id}`, { method: 'GET' }, Question),
                          }),
                        )
                      }
                    >
                      Edit
                    </button>
                  )}
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Duplicate ${q.title}`}
                    onClick={() =>
                      act('Duplicate', () =>
                        callApi(`/api/questions/${q.id}/duplicate`, { method: 'POST' }, Question),
                      )
                    }
                  >
                    Duplicate
                  </button>
                  {!q.builtIn && (
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`${q.archived ? 'Restore' : 'Archive'} ${q.title}`}
                      onClick={() =>
                        act(q.archived ? 'Restore' : 'Archive', () =>
                          callApi(
                            `/api/questions/${q.id}/${q.archived ? 'unarchive' : 'archive'}`,
                            { method: 'POST' },
                            Question,
                          ),
                        )
                      }
                    >
                      {q.archived ? 'Restore' : 'Archive'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
