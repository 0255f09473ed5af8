/**
 * One open document: its in-memory Y.Doc and awareness, the connections editing it, and the
 * rule that every update is stored before any other client sees it.
 */
import * as Y from 'yjs';
import {
  Awareness,
  applyAwarenessUpdate,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from 'y-protocols/awareness';
import { createBoardDoc } from '../lib/board/schema';
import { CloseCode } from '../lib/protocol';
import {
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  type ClientMessage,
} from '../lib/wire';
import type { BoardStore } from './storage/BoardStore';
import type { UpdateWriter } from './storage/UpdateWriter';
import type { Connection } from './connection';
import { log } from './log';
import { applyStored } from './documents';

/** Most awareness client ids one connection may introduce (a browser tab uses one). */
const MAX_AWARENESS_IDS_PER_CONNECTION = 16;

/** What a room needs from the server. */
export interface RoomDeps {
  store: BoardStore;
  writer: UpdateWriter;
  snapshotEveryUpdates: number;
  maxDocumentBytes: number;
  /** Called when the room can no longer vouch for its in-memory state (storage failure, bad update). */
  onBroken: (room: Room) => void;
}

/** Thrown by `handle` for a frame that is well framed but unusable; the caller closes with 4400. */
export class MalformedMessageError extends Error {}

/** An open document. */
export class Room {
  readonly doc = createBoardDoc();
  readonly awareness = new Awareness(this.doc);
  readonly conns = new Set<Connection>();
  /** Approximate stored size: last snapshot plus every update since. */
  private sizeBytes = 0;
  private lastSeq = 0;
  private lastAt = 0;
  private updatesSinceSnapshot = 0;
  private pendingWrites = 0;
  private afterWrites: Array<() => void> = [];
  private captured: Uint8Array[] = [];
  private snapshotting: Promise<void> | null = null;
  private broken = false;

  constructor(
    readonly docId: string,
    private readonly deps: RoomDeps,
  ) {
    this.awareness.setLocalState(null); // the server has no presence of its own
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  /** Loads the document from storage; the room answers nobody before this resolves. */
  async load(): Promise<void> {
    const stored = await this.deps.store.loadDoc(this.docId);
    const applied = applyStored(this.doc, stored, (seq, err) =>
      log.error('stored update failed to apply', { doc: this.docId, seq, err: String(err) }),
    );
    this.lastSeq = applied.lastSeq;
    this.lastAt = applied.lastAt;
    this.sizeBytes = applied.bytes;
    this.updatesSinceSnapshot = stored.updates.length;
    this.doc.on('update', (update: Uint8Array) => this.captured.push(update));
    this.maybeSnapshot();
  }

  /** Adds a connection and starts the sync handshake with it. */
  add(conn: Connection): void {
    this.conns.add(conn);
    conn.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
    const states = this.awareness.getStates();
    if (states.size > 0) {
      conn.send(encodeAwareness(encodeAwarenessUpdate(this.awareness, [...states.keys()])));
    }
  }

  /** Removes a connection and the presence it announced. */
  remove(conn: Connection): void {
    if (!this.conns.delete(conn)) return;
    if (conn.clientIds.size > 0) {
      removeAwarenessStates(this.awareness, [...conn.clientIds], null);
    }
  }

  /** Acts on one validated client message. Throws MalformedMessageError for unusable content. */
  handle(conn: Connection, msg: ClientMessage): void {
    switch (msg.kind) {
      case 'sync-step1':
        // Answer only with stored state: what we send must survive a crash.
        this.whenPersisted(() =>
          conn.send(encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, msg.stateVector))),
        );
        return;
      case 'sync-step2':
      case 'sync-update':
        if (conn.canWrite) this.applyClientUpdate(conn, msg.update);
        return;
      case 'awareness':
        try {
          applyAwarenessUpdate(this.awareness, msg.update, conn);
        } catch {
          throw new MalformedMessageError('awareness update does not decode');
        }
        return;
      default:
        assertNever(msg);
    }
  }

  private applyClientUpdate(conn: Connection, update: Uint8Array): void {
    if (this.sizeBytes + update.length > this.deps.maxDocumentBytes) {
      conn.close(CloseCode.DocumentTooLarge, 'document is at its size limit');
      return;
    }
    this.captured = [];
    try {
      Y.applyUpdate(this.doc, update, conn);
    } catch {
      // Part of the update may be in the doc: nothing of it is stored or relayed, and the room
      // is rebuilt from storage so memory and disk agree again.
      this.captured = [];
      conn.close(CloseCode.Malformed, 'update does not apply');
      this.markBroken('update failed to apply');
      return;
    }
    const updates = this.captured;
    this.captured = [];
    for (const u of updates) this.persistThenRelay(u, conn);
  }

  /**
   * A change made by the server itself (e.g. "the interview ended"), stored and relayed to
   * everyone like any client update.
   */
  applyServerChange(change: (doc: Y.Doc) => void): void {
    this.captured = [];
    this.doc.transact(() => change(this.doc));
    const updates = this.captured;
    this.captured = [];
    for (const u of updates) this.persistThenRelay(u, null);
  }

  private persistThenRelay(update: Uint8Array, origin: Connection | null): void {
    this.pendingWrites++;
    this.sizeBytes += update.length;
    this.deps.writer.append(this.docId, update).then(
      ({ seq, at }) => {
        this.pendingWrites--;
        this.lastSeq = seq;
        this.lastAt = at;
        this.updatesSinceSnapshot++;
        if (!this.broken) {
          const frame = encodeSyncUpdate(update);
          for (const c of this.conns) if (c !== origin) c.send(frame);
        }
        if (this.pendingWrites === 0) this.runAfterWrites();
      },
      (err: unknown) => {
        this.pendingWrites--;
        log.error('storing an update failed', { doc: this.docId, err: String(err) });
        this.markBroken('storage error');
      },
    );
  }

  private runAfterWrites(): void {
    const callbacks = this.afterWrites;
    this.afterWrites = [];
    for (const cb of callbacks) cb();
    this.maybeSnapshot();
  }

  /** Runs `cb` once every update applied so far is stored. */
  private whenPersisted(cb: () => void): void {
    if (this.pendingWrites === 0) cb();
    else this.afterWrites.push(cb);
  }

  /** Resolves once every update applied so far is stored. */
  persisted(): Promise<void> {
    return new Promise((resolve) => this.whenPersisted(resolve));
  }

  private onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const conn = origin as Connection | null;
    if (conn && this.conns.has(conn)) {
      for (const id of added) conn.clientIds.add(id);
      for (const id of removed) conn.clientIds.delete(id);
      if (conn.clientIds.size > MAX_AWARENESS_IDS_PER_CONNECTION) {
        conn.close(CloseCode.Malformed, 'too many awareness client ids');
      }
    }
    const changed = added.concat(updated, removed);
    if (changed.length === 0) return;
    // Everyone gets it, the sender too: y-websocket clients treat 30 s of silence as a dead link.
    const frame = encodeAwareness(encodeAwarenessUpdate(this.awareness, changed));
    for (const c of this.conns) c.send(frame);
  };

  private maybeSnapshot(): void {
    if (this.updatesSinceSnapshot >= this.deps.snapshotEveryUpdates) void this.snapshot();
  }

  /** Stores a snapshot of the current (fully persisted) state, if anything changed since the last. */
  async snapshot(): Promise<void> {
    if (this.snapshotting) return this.snapshotting;
    if (this.broken || this.updatesSinceSnapshot === 0 || this.pendingWrites > 0) return;
    const covered = this.updatesSinceSnapshot;
    const sizeBefore = this.sizeBytes;
    const bytes = Y.encodeStateAsUpdate(this.doc);
    const snap = { seq: this.lastSeq, at: this.lastAt, bytes };
    this.snapshotting = this.deps.store
      .writeSnapshot(this.docId, snap)
      .then(() => {
        this.updatesSinceSnapshot -= covered;
        this.sizeBytes = bytes.length + (this.sizeBytes - sizeBefore); // plus what arrived meanwhile
      })
      .catch((err: unknown) => log.error('snapshot failed', { doc: this.docId, err: String(err) }))
      .finally(() => {
        this.snapshotting = null;
      });
    return this.snapshotting;
  }

  private markBroken(why: string): void {
    if (this.broken) return;
    this.broken = true;
    log.error('room reset', { doc: this.docId, why });
    for (const c of this.conns) c.close(CloseCode.TryAgainLater, `document reset: ${why}`);
    this.deps.onBroken(this);
  }

  /** True once the room must not be used any more. */
  get isBroken(): boolean {
    return this.broken;
  }

  /** Waits for pending writes and frees memory, without a snapshot (the document is going away). */
  async discard(): Promise<void> {
    this.broken = true; // nothing more is relayed or snapshotted
    await this.persisted();
    this.awareness.destroy();
    this.doc.destroy();
  }

  /** Stores what is pending, snapshots, and frees memory. */
  async close(): Promise<void> {
    await this.persisted();
    if (!this.broken) await this.snapshot();
    this.awareness.destroy();
    this.doc.destroy();
  }
}

function assertNever(x: never): never {
  throw new Error(`unexpected message ${JSON.stringify(x)}`);
}
