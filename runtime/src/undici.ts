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

let warned = false;

/** `auto` stays on node:http without undici; said once, so that a bundle missing it is noticed. */
export function warnStayingOnHttp(error: Error) {
  if (warned) return;
  warned = true;
  process.emitWarning(`transport 'auto' stays on node:http: ${error.message}`, 'DockerapiWarning');
}
