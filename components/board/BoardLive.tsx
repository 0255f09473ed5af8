'use client';
import dynamic from 'next/dynamic';
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
      {state.kind === 'closed' && !synced ? (
        <CanvasMessage alert text={describeClose(state.code, state.reason)} />
      ) : synced ? (
        <BoardCanvas store={synced.store} />
      ) : (
        <CanvasMessage text="Connecting to the board…" />
      )}
    </BoardFrame>
  );
}
