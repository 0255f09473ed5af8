'use client';
import dynamic from 'next/dynamic';
import { useEffect, useMemo, useState } from 'react';
import type { Editor } from 'tldraw';
import { ServerClock } from '../../lib/serverClock';
import { FrameworkPanel } from '../panel/FrameworkPanel';
import { PanelShell } from '../panel/PanelShell';
import type { BoardMeta } from '../../lib/api';
import { useBoardSession } from './useBoardSession';
import { ConnectionBadge, describeClose } from './ConnectionBadge';
import { PresenceList } from './PresenceList';
import { CopyLinkButton } from './CopyLinkButton';
import { BoardFrame, CanvasMessage } from './BoardFrame';
import type { Identity } from './identity';

const BoardCanvas = dynamic(() => import('./BoardCanvas'), {
  ssr: false,
  loading: () => <CanvasMessage text="Loading the canvas…" />,
});

/** How often the browser re-measures its offset from server time. */
const CLOCK_RESYNC_MS = 5 * 60_000;

/** The live board: header with connection and presence, and the shared canvas. */
export function BoardLive({
  board,
  identity,
  onRename,
}: {
  board: BoardMeta;
  identity: Identity;
  onRename: () => void;
}) {
  const { state, synced, participants } = useBoardSession(board.id, identity);
  const [editor, setEditor] = useState<Editor | null>(null);
  const [clock] = useState(() => new ServerClock());
  useEffect(() => {
    void clock.sync();
    const timer = window.setInterval(() => void clock.sync(), CLOCK_RESYNC_MS);
    return () => window.clearInterval(timer);
  }, [clock]);
  const actor = useMemo(() => ({ id: identity.id, name: identity.name }), [identity]);
  return (
    <BoardFrame
      board={board}
      header={
        <>
          <ConnectionBadge state={state} />
          <div className="spacer" />
          <PresenceList participants={participants} onRename={onRename} />
          <CopyLinkButton />
        </>
      }
    >
      <div className="canvas-area">
        {state.kind === 'closed' && !synced ? (
          <CanvasMessage alert text={describeClose(state.code, state.reason)} />
        ) : synced ? (
          <BoardCanvas store={synced.store} onEditor={setEditor} />
        ) : (
          <CanvasMessage text="Connecting to the board…" />
        )}
      </div>
      {synced && (
        <PanelShell title="Interview framework">
          <FrameworkPanel doc={synced.doc} actor={actor} now={clock.now} editor={editor} />
        </PanelShell>
      )}
    </BoardFrame>
  );
}
