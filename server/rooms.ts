/**
 * The set of open rooms: loads a document on its first connection, hands the same room to
 * every later one, and unloads it a while after the last one leaves (or at once when it breaks).
 * A room that is unloading is waited for, never reused; its unloading always settles.
 */
import { Room } from './room';
import type { DocLog } from './storage/docLog';
import { log } from './log';
import type { CheckingAllowance, PlacementAllowance } from './config';

/** What the room manager needs. */
export interface RoomsDeps {
  log: DocLog;
  snapshotEveryUpdates: number;
  maxDocumentBytes: number;
  maxDocumentStructs: number;
  maxRecordMemory: number;
  placement: PlacementAllowance;
  checking: CheckingAllowance;
  idleRoomTtlMs: number;
  /** Called once an idle room is unloaded with everything stored (the server compacts its log then). */
  onUnloaded?: (docId: string) => void;
  /** Called once a room has loaded (other instances feed it then); returns what to call once it closed. */
  attach?: (room: Room) => () => void;
}

/** Open rooms by doc id. */
export class Rooms {
  private readonly open = new Map<string, Promise<Room>>();
  private readonly unloading = new Map<string, Promise<void>>();
  private readonly idleTimers = new Map<Room, NodeJS.Timeout>();
  private readonly detach = new Map<Room, () => void>();

  constructor(private readonly deps: RoomsDeps) {}

  /** Number of rooms in memory. */
  get size(): number {
    return this.open.size;
  }

  /** Ids of the documents open (or loading) right now. */
  openDocIds(): string[] {
    return [...this.open.keys()];
  }

  /** Whether a document is open (or loading, or unloading) here now. */
  isOpen(docId: string): boolean {
    return this.open.has(docId) || this.unloading.has(docId);
  }

  /** The loaded room for a document, loading it from storage first if needed. */
  async acquire(docId: string): Promise<Room> {
    await this.unloading.get(docId);
    let ready = this.open.get(docId);
    if (!ready) {
      const room = new Room(docId, {
        log: this.deps.log,
        snapshotEveryUpdates: this.deps.snapshotEveryUpdates,
        maxDocumentBytes: this.deps.maxDocumentBytes,
        maxDocumentStructs: this.deps.maxDocumentStructs,
        maxRecordMemory: this.deps.maxRecordMemory,
        placement: this.deps.placement,
        checking: this.deps.checking,
        onBroken: (r) => this.unload(r),
      });
      ready = room.load().then(() => {
        if (this.deps.attach) this.detach.set(room, this.deps.attach(room));
        return room;
      });
      this.open.set(docId, ready);
      ready.catch((err: unknown) => {
        log.error('loading a document failed', { doc: docId, err: String(err) });
        if (this.open.get(docId) === ready) this.open.delete(docId);
      });
    }
    const room = await ready;
    if (room.isGone) return this.acquire(docId); // it broke while we waited: load it again
    const timer = this.idleTimers.get(room);
    if (timer) {
      clearTimeout(timer);
      this.idleTimers.delete(room);
    }
    return room;
  }

  /** Call when a connection left (or never joined): unloads the room once idle for a while. */
  release(room: Room): void {
    if (room.conns.size > 0 || room.isGone || this.idleTimers.has(room)) return;
    const timer = setTimeout(() => {
      this.idleTimers.delete(room);
      if (room.conns.size === 0) this.unload(room);
    }, this.deps.idleRoomTtlMs);
    timer.unref();
    this.idleTimers.set(room, timer);
  }

  private unload(room: Room): void {
    if (this.open.get(room.docId) === undefined) return;
    this.open.delete(room.docId);
    const timer = this.idleTimers.get(room);
    if (timer) clearTimeout(timer);
    this.idleTimers.delete(room);
    const broken = room.state === 'broken';
    const done = room
      .close()
      .then(() => {
        if (!broken && room.state === 'closed') this.deps.onUnloaded?.(room.docId);
      })
      .catch((err: unknown) => log.error('closing a room failed', { doc: room.docId, err: String(err) }))
      .finally(() => {
        this.detached(room);
        if (this.unloading.get(room.docId) === done) this.unloading.delete(room.docId);
      });
    this.unloading.set(room.docId, done);
  }

  /** Runs `fn` on a document's room, loading it if needed, and lets it unload afterwards if idle. */
  async withRoom<T>(docId: string, fn: (room: Room) => T): Promise<T> {
    const room = await this.acquire(docId);
    try {
      return fn(room);
    } finally {
      this.release(room);
    }
  }

  /** Drops a document's room without a snapshot (the board is being deleted); waits for pending writes. */
  async discard(docId: string): Promise<void> {
    const ready = this.open.get(docId);
    await this.unloading.get(docId);
    if (!ready) return;
    this.open.delete(docId);
    const room = await ready.catch(() => null);
    if (!room) return;
    const timer = this.idleTimers.get(room);
    if (timer) clearTimeout(timer);
    this.idleTimers.delete(room);
    try {
      await room.discard();
    } finally {
      this.detached(room);
    }
  }

  private detached(room: Room): void {
    this.detach.get(room)?.();
    this.detach.delete(room);
  }

  /** Unloads every room (shutdown): stores pending updates and snapshots. */
  async closeAll(): Promise<void> {
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    const rooms = await Promise.allSettled([...this.open.values()]);
    for (const r of rooms) if (r.status === 'fulfilled') this.unload(r.value);
    await Promise.all([...this.unloading.values()]);
  }
}
