// `dockerapi-gen check [tsconfig or folder]`: which API version and engine release a program's
// DockerClient calls need; with a target, what that target lacks (exit 1), for CI. Versions come
// from the packages generated into `--generated`.
import path from 'node:path';
import { checkOptions, exitWith, runCheck, type CheckOptions } from '../check/command.js';
import { loadKnowledge } from '../check/knowledge.js';
import { readSourceList } from '../document/sources.js';
import { log } from './common.js';
import { defaultOut } from './generate.js';

/** Exit codes: 0 fine, 1 the target lacks something, 2 bad input. */
export async function checkCommand(target: string, options: CheckOptions & { generated?: string }) {
  await exitWith(
    'dockerapi-gen check',
    async () => {
      checkOptions(options);
      const { engineReleases } = await readSourceList();
      return runCheck(target, options, await loadKnowledge(path.resolve(options.generated ?? defaultOut), engineReleases));
    },
    log,
  );
}
