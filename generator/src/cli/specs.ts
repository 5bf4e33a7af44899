// `dockerapi-gen specs sync`: copy and verify the pinned upstream files. `specs add`: pin a new
// upstream version and print its review.
import path from 'node:path';
import { ensureSynced, log } from './common.js';
import { addVersion, type AddOptions } from '../upstream/add.js';
import { reviewVersion } from '../upstream/review.js';

export async function specsSyncCommand(options: { from?: string }) {
  const list = await ensureSynced(options.from && path.resolve(options.from));
  log(`${list.files.length} pinned files verified`);
}

export async function specsAddCommand(version: string, options: Omit<AddOptions, 'version'>) {
  // The other pinned files must be in place: the review builds the version before too.
  await ensureSynced();
  const added = await addVersion({ version, ...options });
  log(`pinned v${added.version} in specs/sources.json; run \`npm run generate\` to build its package and reports`);
  process.stdout.write(await reviewVersion(added));
}
