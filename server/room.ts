/**
 * One open document: its in-memory Y.Doc and awareness, the connections on it, and its rules:
 * every update is checked before it touches the document (lib/board/authority.ts), stored
 * before anyone else sees it, and presence belongs to the connection that announced it.
 *
 * Lifecycle: loading -> live -> draining -> closed, or live -> broken (storage failed or memory
 * and storage may disagree: everyone is closed with 1013 and the room unloads; the next
 * connection loads it again from storage). Storage is reached only through the `DocLog` port.
 */
import * as Y from 'yjs';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { BOARD_PARTS, createBoardDoc, frameworkEvents } from '../lib/board/schema';
import { currentStep } from '../lib/board/framework';
import { NOTES_PARTS } from '../lib/board/notes';
import { checkUpdate, RecordIndex } from '../lib/board/authority';
import { decodeClientUpdate } from '../lib/board/decodeUpdate';
import { checkBoardRecord, migrateBoardDoc } from '../lib/board/tldrawSchema';
import { presenceRefusal, readAwarenessUpdate, type AwarenessEntry } from '../lib/board/presence';
import { CloseCode, parseDocId, type DocRef } from '../lib/protocol';
import { MAX_MESSAGE_BYTES } from '../lib/limits';
import type { LogActor } from '../lib/history';
import {
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  stateVectorClients,
  type ClientMessage,
} from '../lib/wire';
import { applyStored, type DocLog } from './storage/docLog';
import type { Connection } from './sync/connection';
import { log } from './log';
import type { CheckingAllowance, PlacementAllowance } from './config';
import { WorkAllowance } from './ratelimit';

/** How often one connection gets a full sync answer; more step-1 frames meanwhile are ignored. */
export const FULL_SYNC_INTERVAL_MS = 5_000;

/**
 * Clients a sync request may name beyond those that wrote to the board: a browser names itself and
 * what it heard of, which the room may not have stored yet.
 */
const MAX_UNKNOWN_SYNC_CLIENTS = 1_000;

/** Updates stored since the last snapshot that make a new one due, if the snapshot is smaller. */
const SNAPSHOT_AFTER_BYTES = 8 * 1024 * 1024;
/** Close reasons past the allowance of bytes checked and answered whole. */
const TOO_MUCH_CHECKING = 'too much checking work from this link or session; try again later';
const TOO_MANY_SYNCS = 'too many full syncs for this link or session; try again later';

/** Most awareness client ids one connection may introduce (a browser tab uses one). */
const MAX_AWARENESS_IDS_PER_CONNECTION = 16;

/** Most bytes of client updates a room holds while sync answers wait for storage. */
const MAX_HELD_BYTES = 16 * 1024 * 1024;

/** Most bytes of updates one connection may send that wait for its sync answer (see `park`): one frame. */
export const MAX_EARLY_BYTES = MAX_MESSAGE_BYTES;

/** Most bytes of updates that wait for sync answers in one room, all connections together. */
export const MAX_EARLY_BYTES_PER_ROOM = 16 * 1024 * 1024;

/** How long updates wait for their connection's sync answer before it is closed (1013). */
export const EARLY_WAIT_MS = 10_000;

/** The server's own changes, as the log records them. */
export const SERVER_ACTOR: LogActor = { role: 'server', name: 'Boardroom' };

/** Transaction origin of updates another instance stored. */
const STORED_ELSEWHERE = Symbol('stored elsewhere');

/** Where a room is in its life. */
export type RoomState = 'loading' | 'live' | 'draining' | 'broken' | 'closed';

/** A message the room refuses: the connection is closed with `code` and this message as reason. */
export class Refused extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** What a room needs from the server. */
export interface RoomDeps {
  log: DocLog;
  snapshotEveryUpdates: number;
  maxDocumentBytes: number;
  /** Most structs the document may hold (lib/limits.ts, `MAX_DOCUMENT_STRUCTS`). */
  maxDocumentStructs: number;
  /**
   * Most memory the board's live tldraw records may take decoded, as `recordMemory` estimates it
   * (lib/limits.ts, `MAX_DOCUMENT_RECORD_MEMORY`).
   */
  maxRecordMemory: number;
  /** Placement work each credential may spend in the room (docs/architecture.md, "Authority"). */
  placement: PlacementAllowance;
  /** Bytes each credential may have the room check and answer whole (docs/architecture.md, "Authority"). */
  checking: CheckingAllowance;
  /** Called when the room breaks (storage failed, or memory and storage may disagree). */
  onBroken: (room: Room) => void;
}

/** The messages a room handles (commands go to the board's policy). */
export type RoomMessage = Exclude<ClientMessage, { kind: 'command' }>;

/** An open document. */
export class Room {
  readonly doc = createBoardDoc();
  readonly awareness = new Awareness(this.doc);
  readonly conns = new Set<Connection>();
  private stateNow: RoomState = 'loading';
  private readonly ref: DocRef;
  private records: RecordIndex | null = null;
  /** Awareness client id -> the connection that announced it. */
  private readonly owners = new Map<number, Connection>();
  private presenceToRelay = new Set<number>();
  /** The JSON each accepted presence state arrived as, relayed as is while it is current. */
  private readonly presenceJson = new Map<number, { state: unknown; json: string }>();
  /**
   * The document's size as far as the room knows: when last measured (loaded, snapshotted, or
   * measured before a refusal) plus every update since. It only grows in between, while Yjs drops
   * overwritten values as it goes.
   */
  private sizeBytes = 0;
  /** `sizeBytes` when it was last measured from the document itself (0: never). */
  private measuredBytes = 0;
  /** Structs in the document (those loaded, plus what client updates added; Yjs may merge some). */
  private structCount = 0;
  /**
   * Placement steps, and bytes checked or answered whole, each credential (a link, an interviewer's
   * session) may still spend in this room: one link holder draining them never holds back the
   * others, and reconnecting does not refill them.
   */
  private readonly placement: WorkAllowance;
  private readonly checking: WorkAllowance;
  private lastSeq = 0;
  private lastAt = 0;
  private updatesSinceSnapshot = 0;
  /** Bytes of the updates stored since the newest snapshot, and that snapshot's (0: none). */
  private bytesSinceSnapshot = 0;
  private snapshotBytes = 0;
  private pendingWrites = 0;
  private afterWrites: Array<() => void> = [];
  /**
   * Client updates that arrived while a sync answer waited for storage, applied right after it
   * (null: not holding). Without this, a steady stream of writes would keep a reconnecting
   * client waiting for ever: the answer needs a moment when everything applied is stored.
   */
  private held: HeldUpdate[] | null = null;
  private heldBytes = 0;
  /** Connections that have sent their sync answer (the step 2 to the room's step 1). */
  private readonly answered = new WeakSet<Connection>();
  /** Updates waiting for their connection's sync answer, in the order they came (see `park`). */
  private readonly early = new Map<Connection, Early>();
  private earlyBytes = 0;
  /** The step the log's entries are stamped with, cached by the count of framework events. */
  private stepCache = { events: -1, step: null as number | null };
  private snapshotting: Promise<void> | null = null;

  constructor(
    readonly docId: string,
    private readonly deps: RoomDeps,
  ) {
    const ref = parseDocId(docId);
    if (!ref) throw new Error(`not a document id: ${docId}`);
    this.ref = ref;
    this.placement = new WorkAllowance(deps.placement.burstSteps, deps.placement.stepsPerSecond);
    this.checking = new WorkAllowance(deps.checking.burstBytes, deps.checking.bytesPerSecond);
    this.awareness.setLocalState(null); // the server has no presence of its own
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  /** Where the room is in its life. */
  get state(): RoomState {
    return this.stateNow;
  }

  /** True once the room must not be used any more (broken, draining or closed). */
  get isGone(): boolean {
    return this.stateNow !== 'live' && this.stateNow !== 'loading';
  }

  /** Loads the document from storage; the room answers nobody before this resolves. */
  async load(): Promise<void> {
    const stored = await this.deps.log.load(this.docId);
    const applied = applyStored(this.doc, stored, (seq, err) =>
      log.error('stored update failed to apply', { doc: this.docId, seq, err: String(err) }),
    );
    this.lastSeq = applied.lastSeq;
    this.lastAt = applied.lastAt;
    this.sizeBytes = applied.bytes;
    this.structCount = countStructs(this.doc);
    this.updatesSinceSnapshot = stored.updates.length;
    this.snapshotBytes = stored.snapshot?.bytes.length ?? 0;
    this.bytesSinceSnapshot = applied.bytes - this.snapshotBytes;
    if (this.ref.kind === 'board') this.records = new RecordIndex(this.doc);
    this.stateNow = 'live';
    // A board written by an older tldraw is migrated once, here, by the server.
    if (this.ref.kind === 'board') this.applyServerChange((doc) => void migrateBoardDoc(doc));
    this.maybeSnapshot();
  }

  /** Adds a connection and starts the sync handshake with it. */
  add(conn: Connection): void {
    this.conns.add(conn);
    conn.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
    const states = this.awareness.getStates();
    if (states.size > 0) conn.send(encodeAwareness(this.encodePresence([...states.keys()])));
  }

  /** Removes a connection and the presence it announced. */
  remove(conn: Connection): void {
    if (!this.conns.delete(conn)) return;
    this.dropEarly(conn);
    const ids = [...conn.clientIds].filter((id) => this.owners.get(id) === conn);
    for (const id of ids) this.owners.delete(id);
    if (ids.length > 0 && this.stateNow === 'live') removeAwarenessStates(this.awareness, ids, null);
  }

  /** Acts on one well-framed client message. Throws `Refused` for what the connection may not do. */
  handle(conn: Connection, msg: RoomMessage): void {
    if (this.stateNow !== 'live') return;
    switch (msg.kind) {
      case 'sync-step1':
        return this.answerSyncStep1(conn, msg.stateVector);
      case 'sync-step2':
      case 'sync-update':
        // Read-only connections' updates are dropped at once, never held (they would fill the cap).
        if (this.held && conn.canWrite) return this.hold({ conn, kind: msg.kind, update: msg.update });
        return this.receiveUpdate(conn, msg.kind, msg.update);
      case 'awareness':
        return this.receiveAwareness(conn, msg.update);
      default:
        assertNever(msg);
    }
  }

  private answerSyncStep1(conn: Connection, stateVector: Uint8Array): void {
    const now = performance.now();
    if (now - conn.lastFullSyncAt < FULL_SYNC_INTERVAL_MS) {
      conn.noteDropped('repeated sync request', { doc: this.docId });
      return;
    }
    conn.lastFullSyncAt = now;
    // What the client says it has names at most the board's writers (and itself): a state vector of
    // a million made Yjs spend a second decoding it and another encoding against it. Its bytes count
    // against the allowance like an update's.
    this.spendChecking(conn, stateVector.length, TOO_MANY_SYNCS);
    let clients: number;
    try {
      clients = stateVectorClients(stateVector);
    } catch {
      throw new Refused(CloseCode.Malformed, 'invalid sync request: state vector does not decode');
    }
    if (clients > this.doc.store.clients.size + MAX_UNKNOWN_SYNC_CLIENTS) {
      throw new Refused(CloseCode.Malformed, `invalid sync request: it names ${clients} clients`);
    }
    // Answer only with stored state (what we send must survive a crash), and never encode a
    // whole document for a connection that is not reading what it already has. Updates that
    // arrive meanwhile wait, so the answer comes after the appends already under way.
    if (this.pendingWrites > 0) this.held ??= [];
    this.whenPersisted(() => {
      if (!conn.isOpen) return;
      if (conn.isBehind) return conn.close(CloseCode.TryAgainLater, 'slow consumer: too much unsent data');
      // Encoding the whole board costs in proportion to its size, and a socket that reconnects
      // asks again: answers count against the credential's allowance, as its updates do.
      const credential = conn.identity.credential;
      if (this.checking.available(credential) <= 0)
        return conn.close(CloseCode.TryAgainLater, TOO_MANY_SYNCS);
      const answer = Y.encodeStateAsUpdate(this.doc, stateVector);
      this.checking.spend(credential, answer.length);
      conn.sendAnswer(encodeSyncStep2(answer));
    });
  }

  private receiveUpdate(conn: Connection, kind: UpdateKind, update: Uint8Array): void {
    // Checking a large update takes a while whatever the verdict (a refused 4 MiB one up to ~0.3 s),
    // and a refused one is stored nowhere: a reconnecting socket could repeat it for ever.
    this.spendChecking(conn, update.length, TOO_MUCH_CHECKING);
    if (!conn.canWrite) {
      // Dropped unread, but still held to the rules: a malformed frame closes any connection.
      if (!decodes(update)) throw new Refused(CloseCode.Malformed, 'invalid update: update does not decode');
      return conn.noteDropped('update from a read-only connection', { doc: this.docId });
    }
    // Behind one that waits for the sync answer: in order, after it.
    const waiting = kind === 'sync-update' ? this.early.get(conn) : undefined;
    if (waiting) return this.holdEarly(conn, waiting, update);
    if (this.sizeBytes + update.length > this.deps.maxDocumentBytes && !this.fitsMeasured(update.length)) {
      throw new Refused(CloseCode.DocumentTooLarge, 'document is at its size limit');
    }
    const verdict = checkUpdate(update, {
      doc: this.doc,
      parts: this.ref.kind === 'board' ? BOARD_PARTS : NOTES_PARTS,
      writer: conn.role === 'interviewer' ? 'interviewer' : 'candidate',
      checkRecord: (key, value) => checkBoardRecord(key, value, this.ref.boardId),
      records: this.records ?? undefined,
    });
    if (!verdict.ok) {
      if (verdict.missing && kind === 'sync-update' && !this.answered.has(conn))
        return this.park(conn, update, verdict.reason);
      throw new Refused(CloseCode.Malformed, `invalid update: ${verdict.reason}`);
    }
    if (this.structCount + verdict.structs > this.deps.maxDocumentStructs) {
      // The count only grows between loads, while Yjs merges a drag's deleted values as it goes:
      // count what is really there before refusing anyone.
      this.structCount = countStructs(this.doc);
      if (this.structCount + verdict.structs > this.deps.maxDocumentStructs) {
        throw new Refused(CloseCode.DocumentTooLarge, 'document is at its size limit');
      }
    }
    // Bytes and structs say little about what the records take once decoded (docs/architecture.md,
    // "Authority"): what the update adds is counted on top of what the board's records take now.
    if (
      verdict.memory > 0 &&
      this.records &&
      this.records.memory + verdict.memory > this.deps.maxRecordMemory
    ) {
      throw new Refused(
        CloseCode.DocumentTooLarge,
        "document is at its size limit: its records would take too much of the server's memory",
      );
    }
    this.spendPlacement(conn, verdict.steps);
    this.structCount += verdict.structs;
    // A fresh update integrates exactly what it holds: stored and relayed as sent, so Yjs need
    // not encode it again (docs/architecture.md, "Relay"). Any other is stored as Yjs emits it.
    let updates: Uint8Array[];
    // Yjs ignores bytes after an update's delete set: read through a decoder to see where it ended.
    const reader = decoding.createDecoder(update);
    try {
      if (verdict.fresh) {
        Y.readUpdate(reader, this.doc, conn);
        // Exactly what Yjs read (never bytes after it), and a copy: `update` is a view into the
        // socket's read buffer, which it would keep alive while the append is pending.
        updates = [update.slice(0, reader.pos)];
      } else {
        updates = this.capture(() => Y.readUpdate(reader, this.doc, conn));
      }
    } catch {
      // Part of it may be in memory but nothing of it is stored or relayed: rebuild from storage.
      this.markBroken('an update failed to apply');
      throw new Refused(CloseCode.Malformed, 'invalid update: does not apply');
    }
    const store = this.doc.store;
    const leftPending = store.pendingStructs !== null || store.pendingDs !== null;
    // Never kept: pending data would be sent to everyone who joins and applied later unchecked.
    store.pendingStructs = null;
    store.pendingDs = null;
    // The check refuses missing dependencies, so this is a disagreement with Yjs: store what did apply.
    if (leftPending && verdict.fresh)
      updates = [Y.encodeStateAsUpdate(this.doc, stateBefore(this.doc, update))];
    for (const u of updates) this.persistThenRelay(u, conn, conn.actor);
    if (leftPending) throw new Refused(CloseCode.Malformed, 'invalid update: missing dependencies');
    if (reader.pos !== update.length) {
      throw new Refused(CloseCode.Malformed, 'invalid update: trailing bytes after update');
    }
    if (kind === 'sync-step2' && !this.answered.has(conn)) {
      this.answered.add(conn);
      this.unpark(conn);
    }
  }

  /**
   * Whether `extra` bytes fit once the document is measured again, before anyone is refused for
   * its size (docs/architecture.md, "Authority"). The count adds every update, and a drag rewrites
   * its shapes on every frame: a minute's drag of 600 shapes sends ~65 MB, and leaves ~250 KB.
   * Measuring encodes the whole document, so it runs only once an eighth of the limit was
   * accepted since it last ran: a board really at its limit refuses at once.
   */
  private fitsMeasured(extra: number): boolean {
    if (this.sizeBytes - this.measuredBytes < this.deps.maxDocumentBytes / 8) return false;
    this.sizeBytes = Y.encodeStateAsUpdate(this.doc).length;
    this.measuredBytes = this.sizeBytes;
    return this.sizeBytes + extra <= this.deps.maxDocumentBytes;
  }

  /**
   * Takes `bytes` from the credential's allowance of bytes checked and answered whole, or refuses
   * the message for now (docs/architecture.md, "Authority").
   */
  private spendChecking(conn: Connection, bytes: number, reason: string): void {
    if (!this.checking.take(conn.identity.credential, bytes))
      throw new Refused(CloseCode.TryAgainLater, reason);
  }

  /** Takes `steps` of placement work from the credential's allowance, or refuses the update for now. */
  private spendPlacement(conn: Connection, steps: number): void {
    if (!this.placement.take(conn.identity.credential, steps)) {
      throw new Refused(
        CloseCode.TryAgainLater,
        'too much placement work from this link or session; try again later',
      );
    }
  }

  /**
   * Keeps an update that needs what the room lacks until its connection's sync answer comes. A
   * client that is ahead of the room sends its edits at once, before it has read the room's sync
   * step 1 and answered with everything the room lacks: its own edits the room never stored (it
   * restarted, or the socket dropped with frames in flight), or, with several instances, what it
   * saw through an instance that died. Its sync answer brings what they build on; whatever they
   * still lack after it, the client never had (docs/architecture.md, "Authority").
   */
  private park(conn: Connection, update: Uint8Array, reason: string): void {
    const early: Early = {
      updates: [],
      bytes: 0,
      timer: setTimeout(() => {
        if (this.early.get(conn) !== early) return;
        this.dropEarly(conn);
        log.warn('no sync answer came for updates that wait for it', { conn: conn.id, doc: this.docId });
        conn.close(CloseCode.TryAgainLater, 'no sync answer came for updates that wait for it');
      }, EARLY_WAIT_MS),
      // If the answer brings nothing, judging the first again would give the same verdict (it
      // depends only on the room's state vector) and decode it a second time.
      reason,
      stateVector: Y.encodeStateVector(this.doc),
    };
    early.timer.unref();
    this.early.set(conn, early);
    this.holdEarly(conn, early, update);
  }

  /** Adds an update to those waiting for `conn`'s sync answer, within the limits on what waits. */
  private holdEarly(conn: Connection, early: Early, update: Uint8Array): void {
    if (
      early.bytes + update.length > MAX_EARLY_BYTES ||
      this.earlyBytes + update.length > MAX_EARLY_BYTES_PER_ROOM
    ) {
      this.dropEarly(conn);
      throw new Refused(CloseCode.TryAgainLater, 'too many updates wait for the sync answer: send again');
    }
    early.updates.push(update);
    early.bytes += update.length;
    this.earlyBytes += update.length;
  }

  /** Judges again, in order, the updates that waited for `conn`'s sync answer (it just came). */
  private unpark(conn: Connection): void {
    const early = this.early.get(conn);
    if (!early) return;
    this.dropEarly(conn);
    if (Buffer.compare(early.stateVector, Y.encodeStateVector(this.doc)) === 0)
      throw new Refused(CloseCode.Malformed, `invalid update: ${early.reason}`);
    for (const update of early.updates) this.receiveUpdate(conn, 'sync-update', update);
  }

  private dropEarly(conn: Connection): void {
    const early = this.early.get(conn);
    if (!early) return;
    clearTimeout(early.timer);
    this.earlyBytes -= early.bytes;
    this.early.delete(conn);
  }

  /** The updates Yjs emits while `change` runs (one per transaction). */
  private capture(change: () => void): Uint8Array[] {
    const emitted: Uint8Array[] = [];
    const onUpdate = (update: Uint8Array) => emitted.push(update);
    this.doc.on('update', onUpdate);
    try {
      change();
    } finally {
      this.doc.off('update', onUpdate);
    }
    return emitted;
  }

  /**
   * Presence: a client id belongs to the connection that announced it (or to another of the
   * same credential: a tab reconnecting before the server noticed its old socket died). Clients
   * echo everyone's presence back (y-websocket does); echoes change nothing and are skipped. A
   * newer state for someone else's id is a forgery and closes the connection; a removal of
   * someone else's id (a client that timed them out) is ignored. Only an interviewer's
   * connection may publish `gather` ("Bring everyone to me").
   */
  private receiveAwareness(conn: Connection, update: Uint8Array): void {
    // Parsed and validated whatever the verdict: charged like updates (a tab's cursor is a few
    // hundred bytes a move).
    this.spendChecking(conn, update.length, TOO_MUCH_CHECKING);
    const read = readAwarenessUpdate(update);
    if (!read.ok) throw new Refused(CloseCode.Malformed, `invalid awareness: ${read.reason}`);
    const accepted: AwarenessEntry[] = [];
    /** Ids this frame announces that the connection does not hold yet (they count against its cap). */
    const announced = new Set<number>();
    for (const entry of read.entries) {
      const { clientId, clock, state } = entry;
      const known = this.awareness.meta.get(clientId)?.clock ?? 0;
      const removesKnown = clock === known && state === null && this.awareness.states.has(clientId);
      if (clock <= known && !removesKnown) continue; // an echo of what the room already has
      const owner = this.owners.get(clientId);
      const others =
        clientId === this.doc.clientID ||
        (owner !== undefined && owner !== conn && owner.identity.credential !== conn.identity.credential);
      if (others) {
        if (state === null) continue;
        throw new Refused(CloseCode.Malformed, 'invalid awareness: client id in use by another connection');
      }
      // Removing an id nobody here announced changes nothing anyone sees, and each one would stay
      // in the room's presence records until it unloads.
      if (state === null && owner === undefined) continue;
      if (owner !== conn && state !== null && !conn.clientIds.has(clientId)) {
        announced.add(clientId);
        if (conn.clientIds.size + announced.size > MAX_AWARENESS_IDS_PER_CONNECTION) {
          throw new Refused(CloseCode.Malformed, 'invalid awareness: too many client ids');
        }
      }
      // Checked on the sender's own states only: echoes of the interviewer's were skipped above.
      const refusal = presenceRefusal(state, conn.role);
      if (refusal) throw new Refused(CloseCode.Malformed, `invalid awareness: ${refusal}`);
      accepted.push(entry);
    }
    if (accepted.length === 0) return;
    for (const { clientId, state } of accepted) {
      if (state === null) continue;
      const previous = this.owners.get(clientId);
      if (previous && previous !== conn) previous.clientIds.delete(clientId);
      this.owners.set(clientId, conn);
      conn.clientIds.add(clientId);
      if (state.user) conn.user = state.user;
    }
    this.applyPresence(accepted, conn);
  }

  /**
   * Applies accepted presence entries the way y-protocols' `applyAwarenessUpdate` does, from the
   * states already parsed and checked instead of decoding and parsing the update again, and keeps
   * each state's JSON for the relay.
   */
  private applyPresence(entries: readonly AwarenessEntry[], origin: Connection): void {
    const { states, meta } = this.awareness;
    const lastUpdated = Date.now();
    const added: number[] = [];
    const updated: number[] = [];
    const changed: number[] = [];
    const removed: number[] = [];
    for (const { clientId, clock, state, json } of entries) {
      const known = meta.get(clientId);
      const previous = this.presenceJson.get(clientId);
      if (state === null) {
        states.delete(clientId);
        this.presenceJson.delete(clientId);
      } else {
        states.set(clientId, state);
        this.presenceJson.set(clientId, { state, json });
      }
      meta.set(clientId, { clock, lastUpdated });
      if (known === undefined && state !== null) added.push(clientId);
      else if (known !== undefined && state === null) removed.push(clientId);
      else if (state !== null) {
        updated.push(clientId);
        if (previous?.json !== json) changed.push(clientId);
      }
    }
    if (added.length > 0 || changed.length > 0 || removed.length > 0)
      this.awareness.emit('change', [{ added, updated: changed, removed }, origin]);
    if (added.length > 0 || updated.length > 0 || removed.length > 0)
      this.awareness.emit('update', [{ added, updated, removed }, origin]);
  }

  /**
   * An awareness update with the current presence of `clientIds`, as `encodeAwarenessUpdate`
   * writes it, reusing the JSON a state arrived as instead of serialising it again.
   */
  encodePresence(clientIds: readonly number[]): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, clientIds.length);
    for (const id of clientIds) {
      const state: unknown = this.awareness.states.get(id) ?? null;
      const kept = this.presenceJson.get(id);
      encoding.writeVarUint(encoder, id);
      encoding.writeVarUint(encoder, this.awareness.meta.get(id)?.clock ?? 0);
      encoding.writeVarString(
        encoder,
        kept !== undefined && kept.state === state ? kept.json : JSON.stringify(state),
      );
    }
    return encoding.toUint8Array(encoder);
  }

  /**
   * A change made by the server itself (the interview ended, a step moved on someone's
   * command), stored and relayed to everyone like any client update. False when the room is
   * not live.
   */
  applyServerChange(change: (doc: Y.Doc) => void, actor: LogActor = SERVER_ACTOR): boolean {
    if (this.stateNow !== 'live') return false;
    const updates = this.capture(() => this.doc.transact(() => change(this.doc)));
    for (const u of updates) this.persistThenRelay(u, null, actor);
    return true;
  }

  /**
   * An update another instance already stored (server/fanout/relay.ts delivers them in log
   * order): applied and relayed to everyone here, not stored again. False when the room is not
   * live or the update left it inconsistent (then it breaks and reloads from storage).
   */
  applyStoredElsewhere(update: Uint8Array): boolean {
    if (this.stateNow !== 'live') return false;
    try {
      Y.applyUpdate(this.doc, update, STORED_ELSEWHERE);
    } catch {
      this.markBroken('a stored update failed to apply');
      return false;
    }
    this.sizeBytes += update.length;
    // In log order nothing can be missing; if something is, storage has the truth.
    if (this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null) {
      this.markBroken('stored updates arrived incomplete');
      return false;
    }
    const frame = encodeSyncUpdate(update);
    for (const c of this.conns) c.send(frame);
    return true;
  }

  private persistThenRelay(update: Uint8Array, origin: Connection | null, actor: LogActor): void {
    this.pendingWrites++;
    this.sizeBytes += update.length;
    this.deps.log.append(this.docId, update, actor, this.stepNow()).then(
      ({ seq, at }) => {
        this.lastSeq = seq;
        this.lastAt = at;
        this.updatesSinceSnapshot++;
        this.bytesSinceSnapshot += update.length;
        // The sender already has it. Yjs cannot have folded anyone else's pending data into
        // it: the room keeps none (docs/architecture.md, "Relay").
        if (this.stateNow === 'live') {
          const frame = encodeSyncUpdate(update);
          for (const c of this.conns) if (c !== origin) c.send(frame);
        }
        this.writeSettled();
      },
      (err: unknown) => {
        log.error('storing an update failed', { doc: this.docId, err: String(err) });
        this.markBroken('storage error');
        this.writeSettled();
      },
    );
  }

  /** The interview step in effect now (board documents only; the server alone writes steps). */
  private stepNow(): number | null {
    if (this.ref.kind !== 'board') return null;
    const events = frameworkEvents(this.doc).length;
    if (events !== this.stepCache.events) this.stepCache = { events, step: currentStep(this.doc) };
    return this.stepCache.step;
  }

  /** One append finished (stored or failed); once none is pending, waiting callbacks run. */
  private writeSettled(): void {
    this.pendingWrites--;
    if (this.pendingWrites > 0) return;
    const callbacks = this.afterWrites;
    this.afterWrites = [];
    for (const cb of callbacks) cb();
    this.releaseHeld();
    this.maybeSnapshot();
  }

  /** Keeps a client update until the waiting sync answers are sent. */
  private hold(entry: HeldUpdate): void {
    if (this.heldBytes + entry.update.length > MAX_HELD_BYTES) {
      throw new Refused(CloseCode.TryAgainLater, 'the board is busy: send again');
    }
    this.held!.push(entry);
    this.heldBytes += entry.update.length;
  }

  /** Applies the updates held while sync answers waited, in the order they came. */
  private releaseHeld(): void {
    const held = this.held;
    this.held = null;
    this.heldBytes = 0;
    for (const { conn, kind, update } of held ?? []) {
      if (this.stateNow !== 'live' || !conn.isOpen) continue;
      try {
        this.receiveUpdate(conn, kind, update);
      } catch (err) {
        const refused = err instanceof Refused;
        log.warn('held update refused', { conn: conn.id, doc: this.docId, reason: String(err) });
        conn.close(refused ? err.code : CloseCode.TryAgainLater, refused ? err.message : 'internal error');
      }
    }
  }

  /** Runs `cb` once every update applied so far has been stored (or has failed to be). */
  private whenPersisted(cb: () => void): void {
    if (this.pendingWrites === 0) cb();
    else this.afterWrites.push(cb);
  }

  /** Resolves once every update applied so far has been stored (or has failed to be). */
  persisted(): Promise<void> {
    return new Promise((resolve) => this.whenPersisted(resolve));
  }

  private onAwarenessUpdate = ({
    added,
    updated,
    removed,
  }: {
    added: number[];
    updated: number[];
    removed: number[];
  }): void => {
    const wasEmpty = this.presenceToRelay.size === 0;
    for (const id of removed) this.presenceJson.delete(id);
    for (const id of [...added, ...updated, ...removed]) this.presenceToRelay.add(id);
    if (!wasEmpty || this.presenceToRelay.size === 0) return;
    // Everything that changed in one event-loop turn goes out as one frame. Everyone gets it,
    // the sender too: y-websocket clients treat 30 s of silence as a dead link.
    setImmediate(() => {
      const ids = [...this.presenceToRelay];
      this.presenceToRelay = new Set();
      if (this.stateNow !== 'live') return;
      const frame = encodeAwareness(this.encodePresence(ids));
      for (const c of this.conns) c.send(frame);
    });
  };

  /**
   * Snapshots every so many updates, and once the updates since the last snapshot outweigh it (at
   * least 8 MiB): a load replays at most about the document's size again, however large the
   * updates were (a drag of many shapes rewrites all of them on every frame).
   */
  private maybeSnapshot(): void {
    if (
      this.updatesSinceSnapshot >= this.deps.snapshotEveryUpdates ||
      this.bytesSinceSnapshot >= Math.max(SNAPSHOT_AFTER_BYTES, this.snapshotBytes)
    )
      void this.snapshot();
  }

  /** Stores a snapshot of the current (fully persisted) state, if anything changed since the last. */
  async snapshot(): Promise<void> {
    if (this.snapshotting) return this.snapshotting;
    if (this.stateNow === 'broken' || this.updatesSinceSnapshot === 0 || this.pendingWrites > 0) return;
    const covered = this.updatesSinceSnapshot;
    const coveredBytes = this.bytesSinceSnapshot;
    const sizeBefore = this.sizeBytes;
    const bytes = Y.encodeStateAsUpdate(this.doc);
    const snap = { seq: this.lastSeq, at: this.lastAt, bytes };
    this.snapshotting = this.deps.log
      .snapshot(this.docId, snap)
      .then(() => {
        this.updatesSinceSnapshot -= covered;
        this.bytesSinceSnapshot -= coveredBytes;
        this.snapshotBytes = bytes.length;
        this.sizeBytes = bytes.length + (this.sizeBytes - sizeBefore); // plus what arrived meanwhile
        this.measuredBytes = bytes.length;
      })
      .catch((err: unknown) => log.error('snapshot failed', { doc: this.docId, err: String(err) }))
      .finally(() => {
        this.snapshotting = null;
      });
    return this.snapshotting;
  }

  private markBroken(why: string): void {
    if (this.stateNow === 'broken' || this.stateNow === 'closed') return;
    this.stateNow = 'broken';
    log.error('room reset', { doc: this.docId, why });
    for (const c of this.conns) c.close(CloseCode.TryAgainLater, `document reset: ${why}`);
    this.deps.onBroken(this);
  }

  /** Waits for pending writes and frees memory, without a snapshot (the document is going away). */
  async discard(): Promise<void> {
    if (this.stateNow !== 'broken') this.stateNow = 'draining';
    await this.persisted();
    this.free();
  }

  /** Stores what is pending, snapshots, and frees memory. */
  async close(): Promise<void> {
    if (this.stateNow !== 'broken') this.stateNow = 'draining';
    await this.persisted();
    // A snapshot only of a room whose memory still matches storage (a failed write breaks it).
    if (this.stateNow === 'draining') await this.snapshot();
    this.free();
  }

  private free(): void {
    this.stateNow = 'closed';
    this.awareness.destroy();
    this.doc.destroy();
  }
}

type UpdateKind = 'sync-step2' | 'sync-update';

/** A client update held while sync answers wait for storage. */
interface HeldUpdate {
  conn: Connection;
  kind: UpdateKind;
  update: Uint8Array;
}

/** Updates waiting for their connection's sync answer. */
interface Early {
  updates: Uint8Array[];
  bytes: number;
  timer: NodeJS.Timeout;
  /** Why the first was refused for now, and the room's state vector then. */
  reason: string;
  stateVector: Uint8Array;
}

/** Structs a document holds (Yjs keeps each until the document goes). */
function countStructs(doc: Y.Doc): number {
  let n = 0;
  for (const structs of doc.store.clients.values()) n += structs.length;
  return n;
}

/**
 * The document's state vector before a fresh `update` applied (it applied since): a fresh update's
 * first struct of each client starts exactly where the document stood, other clients are unchanged.
 */
function stateBefore(doc: Y.Doc, update: Uint8Array): Uint8Array {
  const state = Y.decodeStateVector(Y.encodeStateVector(doc));
  for (const s of Y.decodeUpdate(update).structs) {
    state.set(s.id.client, Math.min(state.get(s.id.client) ?? Infinity, s.id.clock));
  }
  return Y.encodeStateVector(state);
}

function decodes(update: Uint8Array): boolean {
  try {
    decodeClientUpdate(update);
    return true;
  } catch {
    return false;
  }
}

function assertNever(x: never): never {
  throw new Error(`unexpected message ${JSON.stringify(x)}`);
}
