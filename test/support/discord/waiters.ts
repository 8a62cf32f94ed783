// Promise-based waiting on state that changes over time, with a timeout that explains what was seen.
interface Waiter {
  check(): boolean;
  cancel(reason: string): void;
}

export class ChangeWaiters {
  readonly #waiters = new Set<Waiter>();

  /** Re-evaluates every pending wait; call after anything a wait could be looking at changes. */
  notify(): void {
    for (const waiter of [...this.#waiters]) waiter.check();
  }

  /**
   * Resolves with the first non-undefined value of `find()` (checked now and on every notify);
   * rejects after timeoutMs with `describe()` appended to the message.
   */
  waitFor<T>(what: string, find: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        check: () => {
          let found: T | undefined;
          try {
            found = find();
          } catch (error) {
            settle();
            reject(error instanceof Error ? error : new Error(String(error)));
            return true;
          }
          if (found === undefined) return false;
          settle();
          resolve(found);
          return true;
        },
        cancel: (reason) => {
          settle();
          reject(new Error(`FakeDiscord: stopped waiting for ${what}: ${reason}`));
        },
      };
      const timer = setTimeout(() => {
        settle();
        reject(new Error(`FakeDiscord: timed out after ${timeoutMs} ms waiting for ${what}.\n${describe()}`));
      }, timeoutMs);
      const settle = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
      };
      if (!waiter.check()) this.#waiters.add(waiter);
    });
  }

  /** Rejects every pending wait (used when the server closes). */
  rejectAll(reason: string): void {
    for (const waiter of [...this.#waiters]) waiter.cancel(reason);
  }
}
