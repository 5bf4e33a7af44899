// undici, loaded from where the program runs when a client first needs it (many calls at once, the
// 'undici' transport, websocket attach), by a name no bundler follows. Bundled, undici breaks the
// bundle (esbuild's ESM output cannot run its CommonJS `require`s, Rollup hoists its `node:sqlite`,
// which Node.js 20 lacks) and adds 1.2 MB that most programs never load.
import type * as Undici from 'undici';
import { DockerError, NO_REQUEST } from './errors.js';

// esbuild and Rollup leave `import()` of a variable alone; webpack and Vite do when told so in a comment.
const UNDICI = 'undici';

let loading: Promise<typeof Undici> | undefined;

/** undici, or an error that says how to make it loadable. */
export function loadUndici(): Promise<typeof Undici> {
  loading ??= (import(/* webpackIgnore: true */ /* @vite-ignore */ UNDICI) as Promise<typeof Undici>).catch((error: Error) => {
    loading = undefined;
    throw new DockerError(
      `undici cannot be loaded (${error.message}): a bundle leaves it out, so install undici (a dependency of ` +
        `@dockerapi/runtime) where the bundle runs, or use transport 'http'`,
      NO_REQUEST,
      { cause: error },
    );
  });
  return loading;
}

/** What the transport takes of undici: its pool, its connector (for TLS) and its `request`. */
export interface UndiciPool {
  Pool: typeof Undici.Pool;
  buildConnector: typeof Undici.buildConnector;
  /** undici's `request` method of every dispatcher (its callback form), called with the pool as `this`. */
  request: (
    this: Undici.Pool,
    options: Undici.Dispatcher.RequestOptions,
    callback: (error: Error | null, answer: Undici.Dispatcher.ResponseData) => void,
  ) => void;
}

// The modules behind those three names in undici's index (undici 7 exports no subpaths, so any may be
// imported). Loading them alone, rather than all of undici (fetch, WebSocket, caches, mocks...), takes
// about half the memory and time: that is what moving to undici costs a busy program.
const POOL = 'undici/lib/dispatcher/pool.js';
const CONNECT = 'undici/lib/core/connect.js';
const REQUEST = 'undici/lib/api/api-request.js';

let loadingPool: Promise<UndiciPool> | undefined;

/** undici's pool alone; all of undici if a later version has moved those modules. */
export function loadUndiciPool(): Promise<UndiciPool> {
  const load = (name: string) => import(/* webpackIgnore: true */ /* @vite-ignore */ name).then((module) => module.default);
  loadingPool ??= Promise.all([load(POOL), load(CONNECT), load(REQUEST)]).then(
    ([Pool, buildConnector, request]) => ({ Pool, buildConnector, request }),
    () =>
      loadUndici().then((undici) => ({
        Pool: undici.Pool,
        buildConnector: undici.buildConnector,
        request: undici.Pool.prototype.request as UndiciPool['request'],
      })),
  );
  return loadingPool;
}

let warned = false;

/** `auto` stays on node:http without undici; said once, so that a bundle missing it is noticed. */
export function warnStayingOnHttp(error: Error) {
  if (warned) return;
  warned = true;
  process.emitWarning(`transport 'auto' stays on node:http: ${error.message}`, 'DockerapiWarning');
}
