/**
 * Bytes in flight: what this process holds for a client between the network and the work, per
 * client address and in total. Large HTTP answers not yet taken (heldResponses.ts), what a sync
 * socket has queued but not yet written (sync/connection.ts), and a sync message still arriving
 * (sync/endpoint.ts). A client that stops reading, or sends a message and never finishes it,
 * would otherwise keep those in memory for as long as its connection stays open
 * (docs/architecture.md, "Authority").
 */

export interface InFlightLimits {
  /** Every client together; one hold always fits while nothing is held. */
  maxBytes: number;
  /** One client address; one hold always fits while the address holds nothing. */
  maxBytesPerAddress: number;
}

/** Bytes held for one answer or socket until `release` (which may be called more than once). */
export interface InFlightHold {
  /** Holds `bytes` instead of what it held (a socket's queue shrinks as the client reads). */
  resize(bytes: number): void;
  release(): void;
}

/** Why a hold did not fit. */
export type InFlightRefusal = 'address' | 'server';

export class InFlightBytes {
  private total = 0;
  private readonly byAddress = new Map<string, number>();

  constructor(private readonly limits: InFlightLimits) {}

  /** Bytes held now, every client together. */
  get heldBytes(): number {
    return this.total;
  }

  /** Whether `address` already holds its share (nothing more of any size fits for it). */
  isFull(address: string): boolean {
    return (this.byAddress.get(address) ?? 0) >= this.limits.maxBytesPerAddress;
  }

  /** Holds `bytes` for `address`, or says whose share it would pass. */
  take(address: string, bytes: number): InFlightHold | InFlightRefusal {
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
