/**
 * Batches update appends: everything queued in one event-loop turn is written in one
 * transaction, and each caller's promise resolves only once its update is durable. Rooms
 * relay an update after this promise resolves, so nothing a client saw can be lost.
 */
import type { LogActor } from '../../lib/history';
import type { BoardStore } from './BoardStore';

interface Pending {
  docId: string;
  bytes: Uint8Array;
  actor: LogActor | null;
  step: number | null;
  resolve: (v: { seq: number; at: number }) => void;
  reject: (err: unknown) => void;
}

/** One writer per store. */
export class UpdateWriter {
  private queue: Pending[] = [];
  private scheduled = false;
  private current: Promise<void> = Promise.resolve();

  constructor(private readonly store: BoardStore) {}

  /** Queues an update; resolves with its log position once it is stored. */
  append(
    docId: string,
    bytes: Uint8Array,
    actor: LogActor | null = null,
    step: number | null = null,
  ): Promise<{ seq: number; at: number }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ docId, bytes, actor, step, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.current = this.current.then(() => this.flush());
        });
      }
    });
  }

  /** Resolves once everything queued so far is stored. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.scheduled) {
      await new Promise((r) => setImmediate(r));
      await this.current;
    }
    await this.current;
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    try {
      const results = await this.store.appendUpdates(
        batch.map(({ docId, bytes, actor, step }) => ({ docId, bytes, actor, step })),
      );
      batch.forEach((p, i) => p.resolve(results[i]!));
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }
}
