// Lets a test keep chosen requests of a fake server waiting (the request is fully received, the answer
// withheld) until it releases them: "work under way" at a chosen moment, e.g. a result being posted
// while a process is told to stop.

export interface HeldRequests {
  /** How many requests reached this hold so far (released ones included). */
  readonly count: number;
  /** Lets every waiting request and every later one through. */
  release(): void;
}

interface Hold<T> {
  match: (request: T) => boolean;
  count: number;
  released: Promise<void>;
  release: () => void;
  open: boolean;
}

export class RequestHolds<T> {
  readonly #holds = new Set<Hold<T>>();
  readonly #onHeld: () => void;

  /** `onHeld` runs whenever a request starts waiting (fake servers wake their waiters with it). */
  constructor(onHeld: () => void = () => undefined) {
    this.#onHeld = onHeld;
  }

  hold(match: (request: T) => boolean): HeldRequests {
    let release = () => undefined as void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const hold: Hold<T> = { match, count: 0, released, release, open: false };
    this.#holds.add(hold);
    return {
      get count() {
        return hold.count;
      },
      release: () => {
        hold.open = true;
        hold.release();
        this.#holds.delete(hold);
      },
    };
  }

  /**
   * Undefined when no closed hold matches `request` (the caller goes on in the same tick, as it would
   * without holds), else a promise that resolves once every matching hold is released.
   */
  wait(request: T): Promise<void> | undefined {
    const matching = [...this.#holds].filter((hold) => !hold.open && hold.match(request));
    if (matching.length === 0) return undefined;
    for (const hold of matching) hold.count += 1;
    this.#onHeld();
    return Promise.all(matching.map((hold) => hold.released)).then(() => undefined);
  }

  /** Lets everything through (a server closing). */
  releaseAll(): void {
    for (const hold of [...this.#holds]) {
      hold.open = true;
      hold.release();
    }
    this.#holds.clear();
  }
}
