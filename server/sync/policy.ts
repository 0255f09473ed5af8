/**
 * Board policy for open connections: which connections belong to which board and credential
 * (for caps and for closing them), what a board-level change does to them (interview ended,
 * link revoked, board deleted, interviewer signed out), the candidate's name for the dashboard,
 * and the commands through which clients ask the server to write what only it may write.
 */
import { CloseCode, notesDocId, parseDocId, type Command } from '../../lib/protocol';
import type { LinkRole } from '../../lib/access';
import { frameworkEvents, readBoardStatus, writeBoardEnded } from '../../lib/board/schema';
import { requestStep, setClockRunning, setStep } from '../../lib/board/framework';
import type { Actor } from '../../lib/board/timeline';
import type { BoardStore } from '../storage/BoardStore';
import type { Rooms } from '../rooms';
import { Refused, SERVER_ACTOR, type Room } from '../room';
import type { Connection } from './connection';
import { log } from '../log';

/** The server as the author of framework events it writes on its own (the end of the interview). */
const SERVER_EVENT_ACTOR: Actor = { id: 'server', name: SERVER_ACTOR.name };

/** Shortest time between two writes of one connection's candidate name. */
const NAME_WRITE_EVERY_MS = 5_000;

/**
 * Shortest time between two stored requests to move on, per board. Each is a framework event
 * in the record of the interview, and every command reads all of them: alternating between two
 * steps as fast as a socket may send appended thousands a minute.
 */
export const REQUEST_EVERY_MS = 5_000;

/** Most sync sockets one credential may hold open on one document. */
export const MAX_SOCKETS_PER_CREDENTIAL = 16;

/** Effects of board changes on open connections and documents (the API calls these). */
export interface BoardControl {
  /** The interview ended: candidates turn read-only, the clock stops, every open browser is told. */
  boardEnded(boardId: string, endedAt: number): Promise<void>;
  /** A link was revoked or replaced: connections that used it close at once. */
  linkRevoked(boardId: string, role: LinkRole): void;
  /** The board is about to be deleted: close its connections and drop its rooms unsaved. */
  boardDeleted(boardId: string): Promise<void>;
  /** An interviewer signed out: the connections of that session close. */
  sessionEnded(credential: string): void;
}

/** Connections by board, by credential and by address; board changes; commands. */
export class BoardPolicy implements BoardControl {
  private readonly byBoard = new Map<string, Set<Connection>>();
  private readonly byAddress = new Map<string, number>();
  private readonly recordedNames = new WeakMap<Connection, { name: string; at: number }>();
  /** When each board last stored a request to move on (while its room is open on this instance). */
  private readonly lastRequest = new Map<string, number>();

  constructor(
    private readonly rooms: Rooms,
    private readonly store: BoardStore,
  ) {}

  /** Why `identity` may not open another socket on `docId` now, or null when it may. */
  capReached(
    boardId: string,
    docId: string,
    credential: string,
    address: string,
    maxPerAddress: number,
  ): string | null {
    let sameCredential = 0;
    for (const c of this.byBoard.get(boardId) ?? []) {
      if (c.identity.credential === credential && c.docId === docId) sameCredential++;
    }
    if (sameCredential >= MAX_SOCKETS_PER_CREDENTIAL) return 'too many connections';
    if ((this.byAddress.get(address) ?? 0) >= maxPerAddress) return 'too many connections';
    return null;
  }

  /** The open connections of a board on this instance, by board. */
  connections(): ReadonlyMap<string, ReadonlySet<Connection>> {
    return this.byBoard;
  }

  /** Starts counting a joined connection. */
  track(boardId: string, conn: Connection): void {
    let set = this.byBoard.get(boardId);
    if (!set) this.byBoard.set(boardId, (set = new Set()));
    set.add(conn);
    this.byAddress.set(conn.identity.address, (this.byAddress.get(conn.identity.address) ?? 0) + 1);
  }

  /** Stops counting a connection that left. */
  untrack(boardId: string, conn: Connection): void {
    const set = this.byBoard.get(boardId);
    if (set?.delete(conn)) {
      const n = (this.byAddress.get(conn.identity.address) ?? 1) - 1;
      if (n > 0) this.byAddress.set(conn.identity.address, n);
      else this.byAddress.delete(conn.identity.address);
    }
    if (set?.size === 0) {
      this.byBoard.delete(boardId);
      this.lastRequest.delete(boardId);
    }
  }

  /**
   * Carries out a client's command in its room, stamped with server time and the connection's
   * role. Throws `Refused` for a command the connection's role may not give.
   */
  command(room: Room, conn: Connection, command: Command): void {
    if (parseDocId(room.docId)?.kind !== 'board') {
      throw new Refused(CloseCode.Malformed, 'commands are for board documents');
    }
    const allowed = command.type === 'request-step' ? conn.role === 'candidate' : conn.role === 'interviewer';
    if (!allowed) {
      throw new Refused(
        CloseCode.Forbidden,
        command.type === 'request-step'
          ? 'only the candidate asks to move on'
          : 'only the interviewer runs the interview',
      );
    }
    // After the end, the record of the interview is closed: late commands change nothing.
    if (readBoardStatus(room.doc).status === 'ended' || !conn.canWrite) {
      return conn.noteDropped('command after the interview ended', { doc: room.docId });
    }
    const by: Actor = conn.actor;
    const now = Date.now();
    const { boardId } = parseDocId(room.docId)!;
    const asks = command.type === 'request-step';
    if (asks && now - (this.lastRequest.get(boardId) ?? -Infinity) < REQUEST_EVERY_MS) {
      return conn.noteDropped('request to move on too soon after the last', { doc: room.docId });
    }
    const eventsBefore = frameworkEvents(room.doc).length;
    const actor = { role: conn.role, name: by.name };
    room.applyServerChange((doc) => {
      if (command.type === 'step') setStep(doc, command.step, by, now);
      else if (command.type === 'clock') setClockRunning(doc, command.running, by, now);
      else requestStep(doc, command.step, by, now);
    }, actor);
    // Only a stored request starts the interval: one that changed nothing does not hold back the next.
    if (asks && frameworkEvents(room.doc).length > eventsBefore) this.lastRequest.set(boardId, now);
  }

  /**
   * Keeps the candidate's display name (from their presence) for the dashboard and summary: at
   * most one write per connection every NAME_WRITE_EVERY_MS, however often a client renames.
   */
  recordCandidateName(boardId: string, conn: Connection): void {
    const name = conn.user?.name;
    const last = this.recordedNames.get(conn);
    if (conn.role !== 'candidate' || !name || last?.name === name) return;
    if (last && Date.now() - last.at < NAME_WRITE_EVERY_MS) return; // the next presence after it retries
    this.recordedNames.set(conn, { name, at: Date.now() });
    this.store
      .setCandidateName(boardId, name)
      .catch((err: unknown) =>
        log.error('storing the candidate name failed', { board: boardId, err: String(err) }),
      );
  }

  async boardEnded(boardId: string, endedAt: number): Promise<void> {
    this.candidatesReadOnly(boardId);
    await this.rooms.withRoom(boardId, (room) =>
      room.applyServerChange((doc) => {
        setClockRunning(doc, false, SERVER_EVENT_ACTOR, endedAt); // the clock stops for good
        writeBoardEnded(doc, endedAt);
      }),
    );
  }

  /** The candidates' connections to a board stop writing (the interview ended, here or on another instance). */
  candidatesReadOnly(boardId: string): void {
    for (const conn of this.byBoard.get(boardId) ?? []) {
      if (conn.role === 'candidate') conn.canWrite = false;
    }
  }

  linkRevoked(boardId: string, role: LinkRole): void {
    for (const conn of [...(this.byBoard.get(boardId) ?? [])]) {
      if (conn.role === role) conn.close(CloseCode.Unauthorized, 'link revoked');
    }
  }

  async boardDeleted(boardId: string): Promise<void> {
    for (const conn of [...(this.byBoard.get(boardId) ?? [])])
      conn.close(CloseCode.NotFound, 'board deleted');
    await this.rooms.discard(boardId);
    await this.rooms.discard(notesDocId(boardId));
  }

  sessionEnded(credential: string): void {
    for (const set of this.byBoard.values()) {
      for (const conn of [...set]) {
        if (conn.identity.credential === credential) conn.close(CloseCode.Unauthorized, 'signed out');
      }
    }
  }
}
