'use client';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useEffect, useMemo, useState } from 'react';
import type { Editor } from 'tldraw';
import type { BoardMeta } from '../../lib/api';
import { canEditBoard, type Role } from '../../lib/access';
import { CloseCode, endsAccess } from '../../lib/protocol';
import { readBoardStatus } from '../../lib/board/schema';
import { observePanel, type BoardDoc } from '../../lib/board/schema';
import { ServerClock } from '../../lib/serverClock';
import { FrameworkPanel } from '../panel/FrameworkPanel';
import { PanelShell } from '../panel/PanelShell';
import { NotesSection } from '../panel/NotesSection';
import { QuestionSection } from '../panel/QuestionSection';
import { useBoardSession } from './useBoardSession';
import { useObserved } from './useObserved';
import { ConnectionBadge, describeClose } from './ConnectionBadge';
import { PresenceList } from './PresenceList';
import { ShareMenu } from './ShareMenu';
import { EndInterviewButton } from './EndInterviewButton';
import { BoardFrame, CanvasMessage } from './BoardFrame';
import type { Identity } from './identity';

const BoardCanvas = dynamic(() => import('./BoardCanvas'), {
  ssr: false,
  loading: () => <CanvasMessage text="Loading the canvas…" />,
});

/** How often the browser re-measures its offset from server time. */
const CLOCK_RESYNC_MS = 5 * 60_000;

const ROLE_LABELS: Record<Role, string> = {
  interviewer: 'Interviewer',
  candidate: 'Candidate',
  reviewer: 'Reviewer',
};

const noDoc = () => () => {};
function statusOf(doc: BoardDoc | null) {
  return doc ? readBoardStatus(doc) : null;
}
function observeStatus(doc: BoardDoc | null, listener: () => void) {
  return doc ? observePanel(doc, listener) : noDoc();
}

/** The live board: header (connection, presence, role tools), the shared canvas and the panel. */
export function BoardLive({
  board,
  role,
  identity,
  onRename,
}: {
  board: BoardMeta;
  role: Role;
  identity: Identity;
  onRename: () => void;
}) {
  const { state, synced, participants, forgetLocalCopy, sendCommand } = useBoardSession(
    board.id,
    identity,
    canEditBoard(role, board.status),
  );
  const [editor, setEditor] = useState<Editor | null>(null);
  const [clock] = useState(() => new ServerClock());
  useEffect(() => {
    void clock.sync();
    const timer = window.setInterval(() => void clock.sync(), CLOCK_RESYNC_MS);
    return () => window.clearInterval(timer);
  }, [clock]);
  const actor = useMemo(() => ({ id: identity.id, name: identity.name }), [identity]);
  const canvasEnv = useMemo(
    () => (synced ? { doc: synced.doc, actor, now: clock.now } : null),
    [synced, actor, clock],
  );
  const live = useObserved(synced?.doc ?? null, observeStatus, statusOf);
  const status = live?.status === 'ended' ? 'ended' : board.status;
  const readOnly = !canEditBoard(role, status);
  useEffect(() => synced?.setReadOnly(readOnly), [synced, readOnly]);
  // Nothing more can be edited from here: the browser's copy has no use left.
  useEffect(() => {
    if (readOnly) forgetLocalCopy();
  }, [readOnly, forgetLocalCopy]);
  // The board leaves the screen when access ended, or when the server refused something from
  // this tab (what is on screen would no longer match the board).
  const accessLost =
    state.kind === 'closed' && (endsAccess(state.code) || state.code === CloseCode.Malformed);

  return (
    <BoardFrame
      board={board}
      header={
        <>
          <span className="role-badge" data-testid="role">
            {ROLE_LABELS[role]}
          </span>
          <ConnectionBadge state={state} />
          {status === 'ended' && (
            <span className="ended-banner" role="status" data-testid="ended-banner">
              {role === 'candidate' ? 'The interview has ended; the board is read-only' : 'Interview ended'}
            </span>
          )}
          <div className="spacer" />
          <PresenceList participants={participants} onRename={onRename} />
          {role === 'interviewer' && (
            <>
              {status === 'live' && <EndInterviewButton boardId={board.id} />}
              <ShareMenu boardId={board.id} />
              <Link className="button secondary" href={`/r/${board.id}`}>
                Review
              </Link>
              <Link className="button secondary" href="/dashboard">
                Boards
              </Link>
            </>
          )}
        </>
      }
    >
      <div className="canvas-area">
        {accessLost || (state.kind === 'closed' && !synced) ? (
          <CanvasMessage
            alert
            text={state.kind === 'closed' ? describeClose(state.code, state.reason) : ''}
          />
        ) : synced ? (
          <BoardCanvas store={synced.store} env={canvasEnv} onEditor={setEditor} />
        ) : (
          <CanvasMessage text="Connecting to the board…" />
        )}
      </div>
      {synced && !accessLost && (
        <PanelShell title="Interview framework">
          <FrameworkPanel
            doc={synced.doc}
            actor={actor}
            role={role}
            command={sendCommand}
            now={clock.now}
            editor={editor}
            readOnly={readOnly}
            prompt={board.prompt}
            extra={
              role === 'interviewer'
                ? (step) => (
                    <>
                      {board.questionId && (
                        <QuestionSection
                          questionId={board.questionId}
                          currentStep={step}
                          editor={editor}
                          readOnly={readOnly}
                        />
                      )}
                      <NotesSection boardId={board.id} currentStep={step} />
                    </>
                  )
                : undefined
            }
          />
        </PanelShell>
      )}
    </BoardFrame>
  );
}
