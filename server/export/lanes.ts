/**
 * Turns for building export bundles: a few run at once, a few more wait, the rest are told to
 * come back later (docs/architecture.md, "Export bundle"). One per server, so two servers in one
 * process (tests) never share turns.
 */
import { HttpError } from '../http';

export class ExportLanes {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly atOnce = 1,
    private readonly maxWaiting = 4,
  ) {}

  /**
   * Resolves when it is this caller's turn, to the function that ends the turn; throws a 503
   * when every lane is taken and the waiting line is full.
   */
  async take(): Promise<() => void> {
    if (this.running >= this.atOnce) {
      if (this.waiting.length >= this.maxWaiting)
        throw new HttpError(503, 'exports are busy: try again in a few seconds');
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    };
  }
}
