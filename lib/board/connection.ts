/**
 * A browser's live connection to one board document: the Y.Doc, the y-websocket provider,
 * awareness, and a connection state the UI can subscribe to.
 */
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { SYNC_PATH_PREFIX, dropsLocalCopy, type Command } from '../protocol';
import { encodeCommand } from '../wire';
import { createBoardDoc } from './schema';
import type { PresenceUser } from './presence';
import { forgetLocalCopies, localCopyName } from './localCopies';

/** What the UI shows about the link to the server. */
export type ConnectionState =
  | { kind: 'connecting' }
  | { kind: 'connected' }
  | { kind: 'reconnecting' }
  | { kind: 'offline' }
  /** The server refused us for good (unknown board, no access): no retry. */
  | { kind: 'closed'; code: number; reason: string };

/** Someone present on the board. */
export interface Participant extends PresenceUser {
  clientId: number;
  /** True for this browser tab. */
  self: boolean;
  /** Their latest "Bring everyone to me" (interviewers only: the server refuses it from others). */
  gather?: number;
}

/** An open board connection. */
export interface BoardConnection {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  /** The current connection state. */
  getState(): ConnectionState;
  /** Subscribes to state changes; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Everyone present (this tab first), from awareness. */
  getParticipants(): Participant[];
  /** Subscribes to presence changes; returns the unsubscribe function. */
  subscribeParticipants(listener: () => void): () => void;
  /** Resolves after the first full sync with the server. */
  readonly firstSync: Promise<void>;
  /**
   * Asks the server to write what only it may (steps, the clock). False when not connected:
   * such actions need the server, so the UI offers them only while connected.
   */
  sendCommand(command: Command): boolean;
  /** Deletes this browser's copy of the document (when access ended or the board went read-only). */
  forgetLocalCopy(): void;
  /** Closes the socket and frees the document. */
  destroy(): void;
}

/** Options of `openBoardConnection`. */
export interface ConnectionOptions {
  /** Page origin (tests); default the page's own. */
  origin?: string;
  /**
   * Keep a copy of the document in this browser's IndexedDB, so edits made while the server was
   * unreachable survive closing the tab and are sent when the board is opened again. For people
   * who can edit; the copy is deleted once access ends.
   */
  keepLocalCopy?: boolean;
}

/** Opens a connection to `docId` on the page's own origin. */
export function openBoardConnection(docId: string, opts: ConnectionOptions = {}): BoardConnection {
  const origin = opts.origin ?? window.location.origin;
  const serverUrl = origin.replace(/^http/, 'ws') + SYNC_PATH_PREFIX.replace(/\/$/, '');
  const doc = createBoardDoc();
  const local =
    opts.keepLocalCopy && typeof indexedDB !== 'undefined'
      ? new IndexeddbPersistence(localCopyName(docId), doc)
      : null;
  // No BroadcastChannel shortcut between tabs: every edit goes through the server, which
  // enforces access and stores it.
  const provider = new WebsocketProvider(serverUrl, encodeURIComponent(docId), doc, { disableBc: true });
  let forgotten = false;
  const forgetLocalCopy = () => {
    if (forgotten) return;
    forgotten = true;
    if (local)
      void local.clearData(); // also stops storing further updates
    else forgetLocalCopies([docId]); // one left from an earlier visit
  };
  const listeners = new Set<() => void>();
  let everSynced = false;
  let state: ConnectionState = { kind: 'connecting' };

  const set = (next: ConnectionState) => {
    state = next;
    for (const l of listeners) l();
  };
  const recompute = () => {
    if (state.kind === 'closed') return;
    if (typeof navigator !== 'undefined' && !navigator.onLine) return set({ kind: 'offline' });
    if (provider.wsconnected && provider.synced) return set({ kind: 'connected' });
    set({ kind: everSynced ? 'reconnecting' : 'connecting' });
  };

  let resolveFirstSync!: () => void;
  const firstSync = new Promise<void>((resolve) => (resolveFirstSync = resolve));
  provider.on('sync', (isSynced: boolean) => {
    if (isSynced) {
      everSynced = true;
      resolveFirstSync();
    }
    recompute();
  });
  provider.on('status', recompute);
  provider.on('closed', (event: { code: number; reason: string }) => {
    if (dropsLocalCopy(event.code)) forgetLocalCopy();
    set({ kind: 'closed', code: event.code, reason: event.reason });
  });
  window.addEventListener('online', recompute);
  window.addEventListener('offline', recompute);

  const awareness = provider.awareness;
  let participants: Participant[] = [];
  const refreshParticipants = () => {
    participants = readParticipants(awareness);
  };
  awareness.on('change', refreshParticipants);

  return {
    doc,
    awareness,
    getParticipants: () => participants,
    subscribeParticipants(listener) {
      awareness.on('change', listener);
      return () => awareness.off('change', listener);
    },
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    firstSync,
    sendCommand(command) {
      const ws = provider.ws;
      if (!provider.wsconnected || !ws || ws.readyState !== ws.OPEN) return false;
      ws.send(encodeCommand(command));
      return true;
    },
    forgetLocalCopy,
    destroy() {
      window.removeEventListener('online', recompute);
      window.removeEventListener('offline', recompute);
      listeners.clear();
      provider.destroy();
      doc.destroy(); // also closes the IndexedDB copy (y-indexeddb listens for it)
    },
  };
}

/** Everyone present on a board according to awareness, this tab first. */
export function readParticipants(awareness: Awareness): Participant[] {
  const out: Participant[] = [];
  for (const [clientId, state] of awareness.getStates()) {
    const u = (state as { user?: Partial<PresenceUser> } | null)?.user;
    if (!u || typeof u.name !== 'string' || typeof u.color !== 'string') continue;
    const gather = (state as { gather?: unknown }).gather;
    out.push({
      id: String(u.id ?? clientId),
      name: u.name,
      color: u.color,
      clientId,
      self: clientId === awareness.clientID,
      ...(typeof gather === 'number' && { gather }),
    });
  }
  return out.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name));
}

/** Connections opened before the board's UI was ready to use them, by document id. */
const early = new Map<string, BoardConnection>();

/**
 * Opens a document's connection now, for the board UI to take once it has loaded: the page starts
 * syncing while the canvas code is still downloading (and while the person types their name).
 */
export function openEarly(docId: string, opts: ConnectionOptions = {}): void {
  if (!early.has(docId)) early.set(docId, openBoardConnection(docId, opts));
}

/** The connection `openEarly` opened for `docId` (once), or a new one. */
export function takeBoardConnection(docId: string, opts: ConnectionOptions = {}): BoardConnection {
  const conn = early.get(docId);
  early.delete(docId);
  return conn ?? openBoardConnection(docId, opts);
}

/**
 * Closes the connection `openEarly` opened for `docId` if nobody has taken it: the page was left
 * before the board's UI loaded. Without this its socket stayed open, syncing a board nobody shows,
 * until the tab closed.
 */
export function closeEarly(docId: string): void {
  const conn = early.get(docId);
  early.delete(docId);
  conn?.destroy();
}
