// The API versions as specs/sources.json pins them: tests derive the newest version from here, so
// adding an upstream version (`dockerapi-gen specs add`) needs no test edited.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { apiSpecs, repoRoot, type SourceList } from '../../generator/src/sources.ts';

const specs = apiSpecs(JSON.parse(readFileSync(path.join(repoRoot, 'specs/sources.json'), 'utf8')) as SourceList);

/** Every pinned API version, oldest first. */
export const apiVersions = specs.map((s) => s.apiVersion);
export const newest = apiVersions.at(-1)!;
/** The versions upstream has not released yet (the newest, while it is in development). */
export const unreleased = specs.filter((s) => !s.released).map((s) => s.apiVersion);
