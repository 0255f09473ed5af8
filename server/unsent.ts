/**
 * Bytes this process holds for clients that have not yet taken them: large HTTP answers
 * (heldResponses.ts) and what a sync socket has queued but not yet written (sync/connection.ts),
 * per client address and in total. A client that asks and stops reading would otherwise keep its
 * answer in memory for as long as its connection stays open (docs/architecture.md, "Authority").
 */

export interface UnsentLimits {
  /** Every client together; one hold always fits while nothing is held. */
  maxBytes: number;
  /** One client address; one hold always fits while the address holds nothing. */
  maxBytesPerAddress: number;
}

/** Bytes held for one answer or socket until `release` (which may be called more than once). */
export interface UnsentHold {
  /** Holds `bytes` instead of what it held (a socket's queue shrinks as the client reads). */
  resize(bytes: number): void;
  release(): void;
}

/** Why a hold did not fit. */
export type UnsentRefusal = 'address' | 'server';

export class UnsentBytes {
  private total = 0;
  private readonly byAddress = new Map<string, number>();

  constructor(private readonly limits: UnsentLimits) {}

  /** Bytes held now, every client together. */
  get heldBytes(): number {
    return this.total;
  }

  /** Whether `address` already holds its share (nothing more of any size fits for it). */
  isFull(address: string): boolean {
    return (this.byAddress.get(address) ?? 0) >= this.limits.maxBytesPerAddress;
  }

  /** Holds `bytes` for `address`, or says whose share it would pass. */
  take(address: string, bytes: number): UnsentHold | UnsentRefusal {
    const mine = this.byAddress.get(address) ?? 0;
    if (mine > 0 && mine + bytes > this.limits.maxBytesPerAddress) return 'address';
    if (this.total > 0 && this.total + bytes > this.limits.maxBytes) return 'server';
    let held = 0;
    let released = false;
    const set = (next: number): void => {
      this.total += next - held;
      const left = (this.byAddress.get(address) ?? 0) + next - held;
      if (left > 0) this.byAddress.set(address, left);
      else this.byAddress.delete(address);
      held = next;
    };
    set(bytes);
    return {
      resize: (next) => {
        if (!released) set(next);
      },
      release: () => {
        if (released) return;
        set(0);
        released = true;
      },
    };
  }
}
