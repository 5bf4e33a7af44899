// API version negotiation: the version requests use is min(the package's, the engine's), learnt
// from one ping. A range package also has a lowest version and refuses an engine below it. Only a
// successful negotiation is remembered; one that failed or was cut short by its caller's signal or
// timeout is forgotten, so the next call tries again.
import { EngineOutOfRangeError, InvalidAnswerError, requestLine, type RequestInfo } from './errors.js';
import type { CallGuard } from './call-guard.js';

/** What the Go client assumes of an engine that sends no Api-Version header. */
export const DEFAULT_ENGINE_VERSION = '1.24';

const VERSION = /^1\.(0|[1-9]\d{0,3})$/;

/** The minor number of a `1.N` version, the only form the Docker API has had. */
export const minor = (version: string) => Number(version.slice(2));

export const compareVersions = (a: string, b: string) => minor(a) - minor(b);

/** Whether `version` is `1.N`. */
export const isApiVersion = (version: unknown): version is string => typeof version === 'string' && VERSION.test(version);

/** The engine's Api-Version header, checked: missing means 1.24, anything but `1.N` is refused. */
export function parseApiVersionHeader(header: unknown, info: RequestInfo): string {
  if (header === undefined) return DEFAULT_ENGINE_VERSION;
  if (isApiVersion(header)) return header;
  const problem = `the engine's Api-Version header ${JSON.stringify(header)} is not an API version (1.N)`;
  throw new InvalidAnswerError(`${requestLine(info)}: ${problem}`, info);
}

/** Pings the engine under a call's guard; resolves with its API version. */
export type Ping = (guard: CallGuard) => Promise<string>;

/** Asks the engine for its lowest API version (GET /version), under a call's guard. */
export type MinimumOf = (guard: CallGuard) => Promise<string | undefined>;

/** A range package's bounds, and how to learn an engine's lowest version. */
export interface RangeBounds {
  minimum: string;
  engineMinimum: MinimumOf;
}

export class VersionNegotiation {
  /** The version requests use, once known. */
  known?: string;
  /** The engine's own highest version, once known. */
  engine?: string;
  readonly #packageVersion: string;
  readonly #range?: RangeBounds;
  readonly #ping: Ping;
  #pending?: { promise: Promise<string>; guard: CallGuard };

  /** `range`: a range package's lowest version; an engine that shares no version with the range is refused. */
  constructor(packageVersion: string, ping: Ping, fixed?: string, range?: RangeBounds) {
    this.#packageVersion = packageVersion;
    this.#range = range;
    this.#ping = ping;
    this.known = fixed;
  }

  /** The version, negotiating under the guard of the first call that needs it. */
  async version(guard: CallGuard): Promise<string> {
    for (;;) {
      if (this.known) return this.known;
      const pending = this.#pending ?? this.#start(guard);
      try {
        return await (pending.guard === guard ? pending.promise : guard.race(pending.promise));
      } catch (error) {
        // Another call's negotiation ended by that call's own signal or timeout: this call tries itself.
        if (pending.guard === guard || guard.cancelled || !pending.guard.cancelled) throw error;
      }
    }
  }

  #start(guard: CallGuard): { promise: Promise<string>; guard: CallGuard } {
    const pending = {
      guard,
      promise: this.#ping(guard)
        .then(async (engine) => {
          this.engine = engine;
          if (this.#range) await this.#checkRange(engine, this.#range, guard);
          this.known = compareVersions(engine, this.#packageVersion) < 0 ? engine : this.#packageVersion;
          return this.known;
        })
        .catch((error) => {
          if (this.#pending === pending) this.#pending = undefined;
          throw error;
        }),
    };
    this.#pending = pending;
    return pending;
  }

  /**
   * An engine below the range is refused. One above it is asked for its lowest version (one more
   * request, only then): an engine that accepts none of the range is refused too.
   */
  async #checkRange(engine: string, range: RangeBounds, guard: CallGuard): Promise<void> {
    const high = this.#packageVersion;
    if (compareVersions(engine, range.minimum) < 0) {
      throw new EngineOutOfRangeError({ version: engine }, range.minimum, high, { method: 'HEAD', path: '/_ping' });
    }
    if (compareVersions(engine, high) <= 0) return;
    const minimum = await range.engineMinimum(guard);
    if (minimum && compareVersions(minimum, high) > 0) {
      throw new EngineOutOfRangeError({ version: engine, minimum }, range.minimum, high, { method: 'GET', path: '/version' });
    }
  }
}
