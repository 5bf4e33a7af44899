// One signal and one timeout over every call a helper (run, pull, push, build) makes for the
// caller, and over the streams it reads: the helper's timeout is its whole duration, not each call's.
import { AbortedError, TimeoutError } from './errors.js';
import type { CallOptions } from './client.js';

export class HelperScope {
  readonly #controller = new AbortController();
  readonly #timeout?: number;
  #timer?: ReturnType<typeof setTimeout>;
  #timedOut = false;

  private constructor(options: CallOptions) {
    const { signal, timeout } = options;
    this.#timeout = timeout;
    if (signal) {
      const abort = () => this.#controller.abort(signal.reason);
      if (signal.aborted) abort();
      else signal.addEventListener('abort', abort, { once: true, signal: this.#controller.signal });
    }
    if (timeout) {
      this.#timer = setTimeout(() => {
        this.#timedOut = true;
        this.#controller.abort();
      }, timeout);
    }
  }

  /** Runs `helper` with the options each of its calls takes; its calls' errors become the helper's. */
  static async over<T>(options: CallOptions, helper: (call: CallOptions) => Promise<T>): Promise<T> {
    // Most helper calls have neither: their calls go as they are (the client's own timeout applies to each).
    if (!options.signal && !options.timeout) return helper({});
    const scope = new HelperScope(options);
    try {
      return await helper({ signal: scope.#controller.signal });
    } catch (error) {
      // The calls saw an abort: it was the helper's deadline.
      if (scope.#timedOut && error instanceof AbortedError) throw new TimeoutError(scope.#timeout!, error);
      throw error;
    } finally {
      clearTimeout(scope.#timer);
      // Drops the listener on the caller's signal.
      if (!scope.#controller.signal.aborted) scope.#controller.abort();
    }
  }
}
