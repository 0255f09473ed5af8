'use client';
import { useEffect, useState } from 'react';
import type { BoardMeta } from '../../lib/api';
import type { Role } from '../../lib/access';
import { NameDialog } from './NameDialog';
import { cleanDisplayName, loadIdentity, saveIdentity, type Identity } from './identity';
import { BoardFrame, CanvasMessage } from './BoardFrame';

// The live board (tldraw, the panel) is most of the page's code: it loads in its own chunks (the
// board, and the canvas it renders, which the page requested already with the board's connection:
// `BoardScreen`), while the board syncs and the person gives a name.
const loadBoardLive = () => import('./BoardLive').then((m) => m.BoardLive);
type BoardLiveComponent = Awaited<ReturnType<typeof loadBoardLive>>;

/**
 * Asks for a display name once (remembered in this browser), then shows the live board. The
 * board's code loads, and it syncs, before the name is given.
 */
export default function BoardEntry({ board, role }: { board: BoardMeta; role: Role }) {
  const [liveCode] = useState(loadBoardLive);
  const [BoardLive, setBoardLive] = useState<BoardLiveComponent | null>(null);
  useEffect(() => {
    let cancelled = false;
    void liveCode.then((component) => !cancelled && setBoardLive(() => component));
    return () => {
      cancelled = true;
    };
  }, [liveCode]);
  const [identity, setIdentity] = useState<Identity | null>(loadIdentity);
  const [renaming, setRenaming] = useState(false);
  return (
    <>
      {identity && BoardLive ? (
        <BoardLive
          board={board}
          role={role}
          identity={identity}
          onRename={() => setRenaming(true)}
          onNameChange={(raw) => {
            const name = cleanDisplayName(raw);
            if (name) setIdentity(saveIdentity(name));
          }}
        />
      ) : (
        <BoardFrame board={board}>
          <CanvasMessage text={identity ? 'Loading the canvas…' : 'Waiting for your name…'} />
        </BoardFrame>
      )}
      {(identity === null || renaming) && (
        <NameDialog
          initial={identity?.name ?? ''}
          onCancel={identity ? () => setRenaming(false) : undefined}
          onSubmit={(name) => {
            setIdentity(saveIdentity(name));
            setRenaming(false);
          }}
        />
      )}
    </>
  );
}
