/**
 * Board-level changes on every instance (docs/architecture.md, "Scale-out"): the instance that
 * handles the request acts on its own connections and publishes the event; the others act on
 * theirs when it arrives (well within a second). The document side of an ended interview is an
 * ordinary stored update, which reaches the other instances like any other.
 */
import type { LinkRole } from '../../lib/access';
import { CloseCode } from '../../lib/protocol';
import type { BoardStore } from '../storage/BoardStore';
import type { BoardControl, BoardPolicy } from '../sync/policy';
import type { BoardEvent } from './fanout';
import type { FanoutRelay } from './relay';
import { log } from '../log';

/** BoardControl for one instance among several. */
export class ClusterControl implements BoardControl {
  constructor(
    private readonly local: BoardPolicy,
    private readonly relay: FanoutRelay,
    private readonly store: BoardStore,
  ) {
    relay.onBoardEvent((event) => this.fromElsewhere(event));
    // Events published while Redis was away are lost: storage says what happened meanwhile.
    relay.fanout.onResubscribed(() => {
      this.recheck().catch((err: unknown) =>
        log.error('rechecking open boards failed', { err: String(err) }),
      );
    });
  }

  /**
   * Applies to this instance's connections what storage says now: boards deleted or ended,
   * links replaced, sessions ended. Run after fan-out comes back.
   */
  async recheck(): Promise<void> {
    for (const [boardId, conns] of [...this.local.connections()]) {
      const board = await this.store.getBoard(boardId);
      if (!board) {
        await this.local.boardDeleted(boardId);
        continue;
      }
      if (board.status === 'ended') this.local.candidatesReadOnly(boardId);
      const links = await this.store.getLinkHashes(boardId);
      const hex = (h: Uint8Array | null | undefined) => (h ? Buffer.from(h).toString('hex') : null);
      for (const conn of [...conns]) {
        const { role, credential } = conn.identity;
        if (role === 'interviewer') {
          if (!(await this.store.isSessionValid(Buffer.from(credential, 'hex'), Date.now())))
            conn.close(CloseCode.Unauthorized, 'signed out');
        } else if (hex(links?.[role]) !== credential) {
          conn.close(CloseCode.Unauthorized, 'link revoked');
        }
      }
    }
  }

  async boardEnded(boardId: string, endedAt: number): Promise<void> {
    this.relay.publishBoardEvent({ type: 'ended', boardId, endedAt });
    await this.local.boardEnded(boardId, endedAt);
  }

  linkRevoked(boardId: string, role: LinkRole): void {
    this.relay.publishBoardEvent({ type: 'link-revoked', boardId, role });
    this.local.linkRevoked(boardId, role);
  }

  async boardDeleted(boardId: string): Promise<void> {
    this.relay.publishBoardEvent({ type: 'deleted', boardId });
    await this.local.boardDeleted(boardId);
  }

  sessionEnded(credential: string): void {
    this.relay.publishBoardEvent({ type: 'signed-out', credential });
    this.local.sessionEnded(credential);
  }

  private fromElsewhere(event: BoardEvent): void {
    switch (event.type) {
      case 'ended':
        return this.local.candidatesReadOnly(event.boardId);
      case 'link-revoked':
        return this.local.linkRevoked(event.boardId, event.role);
      case 'deleted':
        return void this.local
          .boardDeleted(event.boardId)
          .catch((err: unknown) =>
            log.error('closing a deleted board failed', { board: event.boardId, err: String(err) }),
          );
      case 'signed-out':
        return this.local.sessionEnded(event.credential);
      case 'recheck':
        return void this.recheck().catch((err: unknown) =>
          log.error('rechecking open boards failed', { err: String(err) }),
        );
    }
  }
}
