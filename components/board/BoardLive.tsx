'use client';
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
import { PanelShell, PanelToggle, panelStartsOpen } from '../panel/PanelShell';
import { NotesSection } from '../panel/NotesSection';
import { QuestionSection } from '../panel/QuestionSection';
import { useBoardSession } from './useBoardSession';
import { useObserved } from './useObserved';
import { ConnectionBadge, describeClose } from './ConnectionBadge';
import { PresenceList } from './PresenceList';
import { useFollowing } from './useFollowing';
import { HeaderClock } from './HeaderClock';
import { FirstMinuteHint } from './FirstMinuteHint';
import { ShareMenu } from './ShareMenu';
import { EndInterviewButton } from './EndInterviewButton';
import { BoardFrame, CanvasMessage } from './BoardFrame';
import { distinctColor, type Identity } from './identity';
import { BoardCanvasSlot } from './canvasCode';

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

/** Opens the interviewer's private note on the current step (one click from anywhere in the panel). */
function openCurrentNotes(): void {
  const note = document.querySelector<HTMLElement>(
    '[data-testid="panel.notes"] .notes-list li.current .inline-text',
  );
  note?.scrollIntoView({ block: 'center' });
  note?.click();
}

/** The live board: header (connection, presence, role tools), the shared canvas and the panel. */
export function BoardLive({
  board,
  role,
  identity,
  onRename,
  onNameChange,
}: {
  board: BoardMeta;
  role: Role;
  identity: Identity;
  /** Opens the name prompt. */
  onRename: () => void;
  /** A new name given elsewhere (tldraw's people menu). */
  onNameChange: (name: string) => void;
}) {
  // Two people never show in the same colour on one board (see distinctColor).
  const [shownColor, setShownColor] = useState(identity.color);
  const shown = useMemo(() => ({ ...identity, color: shownColor }), [identity, shownColor]);
  const { state, synced, participants, forgetLocalCopy, sendCommand } = useBoardSession(
    board.id,
    shown,
    canEditBoard(role, board.status),
  );
  useEffect(() => {
    const me = participants.find((p) => p.self);
    // Presence is an outside system: the colour settles after one more render at most.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (me) setShownColor(distinctColor({ ...identity, clientId: me.clientId }, participants));
  }, [participants, identity]);
  const [editor, setEditor] = useState<Editor | null>(null);
  const following = useFollowing(editor, participants);
  const [panelOpen, setPanelOpen] = useState(panelStartsOpen);
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
  // A large board opened with the shapes nearest the view: the rest follow once the canvas shows,
  // while this person is not drawing or moving the view.
  useEffect(() => {
    if (!editor || !synced?.deferred) return;
    const busy = () => editor.inputs.getIsPointing() || editor.getCameraState() !== 'idle';
    return synced.loadRest(editor.getViewportPageBounds().center, busy);
  }, [editor, synced]);
  // Alt+Shift+S: to "Add scope item" from anywhere (opening the panel if it is hidden).
  const [focusScope, setFocusScope] = useState(0);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || !e.shiftKey || e.ctrlKey || e.metaKey || e.code !== 'KeyS') return;
      e.preventDefault();
      e.stopPropagation();
      setPanelOpen(true);
      setFocusScope((n) => n + 1);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
  useEffect(() => {
    if (focusScope > 0)
      document.querySelector<HTMLInputElement>('[data-testid="panel.scope-input"]')?.focus();
  }, [focusScope]);
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
          {synced && <HeaderClock doc={synced.doc} now={clock.now} />}
          {status === 'ended' && (
            <span className="ended-banner" role="status" data-testid="ended-banner">
              {role === 'candidate' ? 'The interview has ended; the board is read-only' : 'Interview ended'}
            </span>
          )}
          <div className="spacer" />
          <PresenceList
            participants={participants}
            onRename={onRename}
            followedId={following.followed?.id ?? null}
            onFollow={editor ? following.follow : undefined}
            onStopFollowing={following.stop}
          />
          {synced && !accessLost && <PanelToggle open={panelOpen} onOpenChange={setPanelOpen} />}
          {role === 'interviewer' && (
            <>
              {status === 'live' && <EndInterviewButton boardId={board.id} />}
              <ShareMenu boardId={board.id} />
              <Link className="button secondary" href={`/r/${board.id}`} prefetch={false}>
                Review
              </Link>
              <Link className="button secondary" href="/dashboard" prefetch={false}>
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
          <>
            {/* Not while following: it would cover whom they follow and "Stop following". */}
            {role === 'candidate' && !readOnly && !following.followed && (
              <FirstMinuteHint doc={synced.doc} now={clock.now} />
            )}
            <BoardCanvasSlot
              store={synced.store}
              boardId={board.id}
              onBringEveryone={role === 'interviewer' ? synced.bringEveryone : undefined}
              env={canvasEnv}
              identity={shown}
              onRename={onNameChange}
              onEditor={setEditor}
            />
          </>
        ) : (
          <CanvasMessage text="Connecting to the board…" />
        )}
      </div>
      {synced && !accessLost && (
        <PanelShell
          title="Interview framework"
          open={panelOpen}
          headerExtra={
            role === 'interviewer' ? (
              <button
                type="button"
                className="button secondary"
                onClick={openCurrentNotes}
                data-testid="panel.notes-jump"
              >
                My notes
              </button>
            ) : undefined
          }
        >
          <FrameworkPanel
            doc={synced.doc}
            actor={actor}
            role={role}
            command={sendCommand}
            now={clock.now}
            editor={editor}
            readOnly={readOnly}
            prompt={board.prompt}
            scrollKey={board.id}
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
