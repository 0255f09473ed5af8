'use client';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import type { BoardMeta } from '../../lib/api';
import type { Role } from '../../lib/access';
import { BoardFrame, CanvasMessage } from '../board/BoardFrame';
import { useReplayEngine, type ReplayWait } from './useReplay';
import { Replay } from './Replay';
import { PanelToggle, panelStartsOpen } from '../panel/PanelShell';
import './review.css';

/**
 * The review page: the board at any moment of its history, the panel as a record, exports.
 * A live board is followed as it changes (new log entries within a second, no reload).
 */
export default function ReviewScreen({ board, role }: { board: BoardMeta; role: Role }) {
  const live = board.status !== 'ended';
  const { engine, error, wait, version } = useReplayEngine(board.id, live);
  // The toggle lives in the header, as on the live board: a hidden panel leaves the canvas all
  // the room (no "Show panel" strip beside it).
  const [panelOpen, setPanelOpen] = useState(panelStartsOpen);
  return (
    <BoardFrame
      board={board}
      header={
        <>
          <span className="role-badge" data-testid="role">
            Review
          </span>
          {live ? (
            <span className="live-badge" data-testid="review.live">
              Following live
            </span>
          ) : (
            <span className="ended-banner">Interview ended</span>
          )}
          {board.questionTitle && (
            <span
              className="question-badge"
              data-testid="review.question"
              title="The library question this board used"
            >
              Question: {board.questionTitle}
            </span>
          )}
          <div className="spacer" />
          {engine && <PanelToggle open={panelOpen} onOpenChange={setPanelOpen} />}
          {role === 'interviewer' && (
            <Link className="button secondary" href={`/b/${board.id}`}>
              Live board
            </Link>
          )}
          {role === 'interviewer' && (
            <Link className="button secondary" href="/dashboard">
              Boards
            </Link>
          )}
        </>
      }
    >
      {error ? (
        <CanvasMessage alert text={error} />
      ) : engine ? (
        <Replay board={board} role={role} engine={engine} version={version} panelOpen={panelOpen} />
      ) : wait ? (
        <WaitMessage key={wait.retryAt} wait={wait} />
      ) : (
        <CanvasMessage text="Loading the board's history…" />
      )}
    </BoardFrame>
  );
}

/**
 * The first load was turned away for now: why, and a countdown to the next try (no reload needed).
 * Keyed by the try, so each wait starts its own countdown.
 */
function WaitMessage({ wait }: { wait: ReplayWait }) {
  const secondsLeft = () => Math.max(0, Math.ceil((wait.retryAt - Date.now()) / 1000));
  const [left, setLeft] = useState(secondsLeft);
  useEffect(() => {
    const timer = window.setInterval(() => setLeft(secondsLeft()), 1000);
    return () => window.clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [wait]);
  const reason = wait.reason.charAt(0).toUpperCase() + wait.reason.slice(1);
  return (
    <CanvasMessage
      text={`${reason}. ${left > 0 ? `This page tries again in ${left} s.` : 'Trying again…'}`}
    />
  );
}
