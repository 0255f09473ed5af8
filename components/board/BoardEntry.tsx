'use client';
import { useState } from 'react';
import type { BoardMeta } from '../../lib/api';
import type { Role } from '../../lib/access';
import { NameDialog } from './NameDialog';
import { loadIdentity, saveIdentity, type Identity } from './identity';
import { BoardLive } from './BoardLive';
import { BoardFrame, CanvasMessage } from './BoardFrame';

/** Asks for a display name once (remembered in this browser), then shows the live board. */
export default function BoardEntry({ board, role }: { board: BoardMeta; role: Role }) {
  const [identity, setIdentity] = useState<Identity | null>(loadIdentity);
  const [renaming, setRenaming] = useState(false);
  return (
    <>
      {identity ? (
        <BoardLive board={board} role={role} identity={identity} onRename={() => setRenaming(true)} />
      ) : (
        <BoardFrame board={board}>
          <CanvasMessage text="Waiting for your name…" />
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
