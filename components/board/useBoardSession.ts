/** Opens a board connection, binds a tldraw store once synced, and tracks state and presence. */
'use client';
import { useEffect, useState } from 'react';
import { atom, createUserId, UserRecordType, type TLUser, type Signal } from 'tldraw';
import { takeBoardConnection, type ConnectionState, type Participant } from '../../lib/board/connection';
import type { Command } from '../../lib/protocol';
import { bindTldrawStore, type SyncedStore } from '../../lib/board/tldraw';
import { createAssetStore } from './assetStore';
import { BOARD_SHAPE_UTILS } from '../canvas/shapeUtils';
import { firstViewCentre } from '../canvas/cameraMemory';
import type { Identity } from './identity';

/** What the board UI renders from. */
export interface BoardSnapshot {
  state: ConnectionState;
  synced: SyncedStore | null;
  participants: Participant[];
  /** Deletes this browser's copy of the board (once it can no longer be edited from here). */
  forgetLocalCopy: () => void;
  /** Asks the server to write what only it may (steps, the clock); false when not connected. */
  sendCommand: (command: Command) => boolean;
}

const INITIAL: BoardSnapshot = {
  state: { kind: 'connecting' },
  synced: null,
  participants: [],
  forgetLocalCopy: () => {},
  sendCommand: () => false,
};

function toUser(identity: Identity): TLUser {
  return UserRecordType.create({ id: createUserId(identity.id), name: identity.name, color: identity.color });
}

/** Starts a session outside React; `onChange` receives every new snapshot. Returns the stop function. */
function startBoardSession(
  boardId: string,
  user: Signal<TLUser>,
  keepLocalCopy: boolean,
  onChange: (s: BoardSnapshot) => void,
): () => void {
  const connection = takeBoardConnection(boardId, { keepLocalCopy });
  let snapshot: BoardSnapshot = {
    ...INITIAL,
    forgetLocalCopy: connection.forgetLocalCopy,
    sendCommand: connection.sendCommand,
  };
  let stopped = false;
  const update = (patch: Partial<BoardSnapshot>) => {
    if (stopped) return;
    snapshot = { ...snapshot, ...patch };
    onChange(snapshot);
  };
  const unsubscribeState = connection.subscribe(() => {
    snapshot.synced?.setConnection(connection.getState());
    update({ state: connection.getState() });
  });
  const unsubscribePeople = connection.subscribeParticipants(() =>
    update({ participants: connection.getParticipants() }),
  );
  // An early connection (openEarly) may already be connected: start from where it is.
  update({ state: connection.getState(), participants: connection.getParticipants() });
  void connection.firstSync.then(() => {
    if (stopped) return;
    performance.mark('boardroom:synced');
    const synced = bindTldrawStore({
      doc: connection.doc,
      awareness: connection.awareness,
      user,
      assets: createAssetStore(boardId),
      shapeUtils: BOARD_SHAPE_UTILS,
      firstCentre: firstViewCentre(boardId),
    });
    synced.setConnection(connection.getState());
    performance.mark('boardroom:store-ready');
    update({ synced, participants: connection.getParticipants() });
  });
  return () => {
    stopped = true;
    unsubscribeState();
    unsubscribePeople();
    snapshot.synced?.dispose();
    connection.destroy();
  };
}

/**
 * Connects to `boardId` as `identity` for as long as the component is mounted. `keepLocalCopy`
 * (read when connecting) keeps a copy in IndexedDB for edits made while the server is away.
 */
export function useBoardSession(boardId: string, identity: Identity, keepLocalCopy: boolean): BoardSnapshot {
  const [user] = useState(() => atom<TLUser>('boardroom user', toUser(identity)));
  const [snapshot, setSnapshot] = useState<BoardSnapshot>(INITIAL);
  const [keep] = useState(keepLocalCopy);
  useEffect(() => {
    user.set(toUser(identity));
  }, [user, identity]);
  useEffect(() => startBoardSession(boardId, user, keep, setSnapshot), [boardId, user, keep]);
  return snapshot;
}
