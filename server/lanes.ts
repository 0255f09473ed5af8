/**
 * Turns for work that holds much memory while it runs (building export bundles, reading whole
 * boards): a few run at once, a few more wait, the rest are told to come back later
 * (docs/architecture.md, "Export bundle" and "Storage"). One per server, so two servers in one
 * process (tests) never share turns.
 */
import { HttpError } from './http';

export class Lanes {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly atOnce: number,
    private readonly maxWaiting: number,
    /** The 503's message when every lane is taken and the line is full. */
    private readonly busy: string,
  ) {}

  /** Runs `work` in its turn (see `take`), and ends the turn when it settles. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const done = await this.take();
    try {
      return await work();
    } finally {
      done();
    }
  }

  /**
   * Resolves when it is this caller's turn, to the function that ends the turn; throws a 503
   * when every lane is taken and the waiting line is full.
   */
  async take(): Promise<() => void> {
    if (this.running >= this.atOnce) {
      if (this.waiting.length >= this.maxWaiting) throw new HttpError(503, this.busy, { 'retry-after': '5' });
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
