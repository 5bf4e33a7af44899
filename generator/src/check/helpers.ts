// The client's CLI-like helpers (runtime/src/cli-helpers.ts) as the operations they perform, with the
// options a caller gives mapped to those operations' parameters and body fields.
import type { Expression } from 'ts-morph';
import { bodyPaths, objectEntries } from './literals.js';

/** What one call does to one operation: the parameters and body fields it sets. */
export interface OperationUse {
  method: string;
  params: string[];
  body: string[];
}

type HelperUses = (args: Expression[], bodyKeys: (operation: string) => string[]) => OperationUse[];

const plain = (method: string, params: string[] = []): OperationUse => ({ method, params: params.sort(), body: [] });

/** `pull(image, { platform })`, `build(context, params)`: the option keys that are the operation's parameters. */
const withParams =
  (method: string, argument: number, notParams: string[]): HelperUses =>
  (args) => [
    plain(
      method,
      [...new Set(objectEntries(args[argument]).map(([key]) => key))].filter((key) => !notParams.includes(key)),
    ),
  ];

export const helperUses: Record<string, HelperUses> = {
  pull: withParams('imageCreate', 1, ['onProgress', 'signal', 'timeout']),
  push: () => [plain('imagePush')],
  build: withParams('imageBuild', 1, ['gzip', 'files']),
  // create (name, Image, Cmd and `config` as the body), attach, start, wait for the exit code, remove
  run: (args, bodyKeys) => {
    const options = new Map(objectEntries(args[0]));
    const body = new Set(['AttachStderr', 'AttachStdin', 'AttachStdout', 'Cmd', 'Image', 'OpenStdin', 'StdinOnce']);
    bodyPaths(options.get('config'), '', bodyKeys('containerCreate'), body);
    return [
      { method: 'containerCreate', params: options.has('name') ? ['name'] : [], body: [...body].sort() },
      plain('containerAttach', ['stderr', 'stdin', 'stdout', 'stream']),
      plain('containerStart'),
      plain('containerWait'),
      plain('containerDelete', ['force']),
    ];
  },
};
