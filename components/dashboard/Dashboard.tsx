'use client';
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { BoardList, type BoardMeta } from '../../lib/api';
import { callApi } from '../apiClient';
import { CreateBoardForm } from './CreateBoardForm';
import { SignOutButton } from './SignOutButton';

/** The interviewer's dashboard: create a board, and every board so far. */
export function Dashboard() {
  const [boards, setBoards] = useState<BoardMeta[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    callApi('/api/boards', { method: 'GET' }, BoardList).then(
      (list) => setBoards(list.boards),
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  }, []);
  useEffect(load, [load]);

  return (
    <main className="dashboard">
      <header className="dashboard-header">
        <h1>Boards</h1>
        <SignOutButton />
      </header>
      <CreateBoardForm onCreated={load} />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {boards && boards.length === 0 && <p className="muted">No boards yet.</p>}
      {boards && boards.length > 0 && (
        <table className="boards" data-testid="dashboard.boards">
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Created</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {boards.map((b) => (
              <tr key={b.id}>
                <td>
                  <Link href={`/b/${b.id}`}>{b.title}</Link>
                </td>
                <td>{new Date(b.createdAt).toLocaleString()}</td>
                <td>{b.status === 'live' ? 'Live' : 'Ended'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
