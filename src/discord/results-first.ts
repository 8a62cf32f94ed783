/**
 * Puts results before status edits under the bot token's global budget (50 requests a second,
 * https://discord.com/developers/docs/topics/rate-limits#global-rate-limit). Once interaction
 * tokens have expired, every result costs a channel post and a status edit from the same budget;
 * discord.js sends them in arrival order, so in a burst the last results would wait behind the
 * earlier results' edits. Status edits wait while results are being posted (at most `maxWaitMs`).
 */
export class ResultsFirst {
  readonly #maxWaitMs: number;
  #posting = 0;
  #waiting: Array<() => void> = [];

  constructor(maxWaitMs: number) {
    this.#maxWaitMs = maxWaitMs;
  }

  /** Runs a result post; edits waiting in `afterResults` go once no post is left. */
  async post<T>(send: () => Promise<T>): Promise<T> {
    this.#posting++;
    try {
      return await send();
    } finally {
      this.#posting--;
      if (this.#posting === 0) this.#wake();
    }
  }

  /** Resolves when no result post is under way, or after `maxWaitMs` at most. */
  async afterResults(): Promise<void> {
    if (this.#posting === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.#maxWaitMs);
      timer.unref();
      this.#waiting.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  #wake(): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const go of waiting) go();
  }
}
