// The API versions as specs/sources.json pins them: tests derive the newest version from here, so
// adding an upstream version (`dockerapi-gen specs add`) needs no test edited.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { apiSpecs, repoRoot, type SourceList } from '../../generator/src/document/sources.ts';
import { compareVersions } from '../../generator/src/versions.ts';

const list = JSON.parse(readFileSync(path.join(repoRoot, 'specs/sources.json'), 'utf8')) as SourceList;

/** Every pinned API version, oldest first. */
export const apiVersions = apiSpecs(list).map((s) => s.apiVersion);
export const newest = apiVersions.at(-1)!;
const served = list.engineReleases
  .map((r) => r.maxApi)
  .sort(compareVersions)
  .at(-1)!;
/** The versions no engine release serves yet (above every release's highest): the reports call them unreleased. */
export const unreleased = apiVersions.filter((v) => compareVersions(v, served) > 0);
