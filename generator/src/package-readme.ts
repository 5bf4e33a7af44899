// The README of a version package: which engines serve it, how to install and use it, what changed
// from the previous version, its operations. Computed here; the template only places the strings.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Handlebars from 'handlebars';
import type { OperationDescriptor } from '@dockerapi/runtime';
import type { EngineRelease } from './sources.js';
import { templatesDir } from './stages/emit.js';
import type { ApiDiff } from './reports/diff.js';
import { enginesMatching, enginesServing } from './reports/engines.js';
import { compareVersions } from './versions.js';

export interface ReadmeInputs {
  /** The generated package folder (generated/v1.NN). */
  dir: string;
  releases: EngineRelease[];
  /** The diff from the previous version, when there is one. */
  diff?: ApiDiff;
  /** The repository's web address, for links that work outside the package. */
  repositoryUrl: string;
}

/** `git+https://host/owner/name.git` -> `https://host/owner/name`. */
export const webAddress = (gitUrl: string) => gitUrl.replace(/^git\+/, '').replace(/\.git$/, '');

export function changeSummary(diff: ApiDiff): string {
  const count = (kind: string) => diff.changes.filter((c) => c.kind === kind).length;
  const breaking = diff.changes.filter((c) => c.breaking).length;
  const parts = [
    `${count('operation-added')} operation(s) added`,
    `${count('operation-removed')} removed`,
    `${diff.changes.length} change(s) in all, ${breaking} of them breaking`,
  ];
  return parts.join(', ');
}

/** The engine releases a range package works with: they accept at least one version of it. */
function rangeOf(low: string, high: string, releases: EngineRelease[]) {
  const engines = releases.filter((r) => compareVersions(r.maxApi, low) >= 0 && compareVersions(r.minApi, high) <= 0).map((r) => r.engine);
  return { low, high, engines: engines.length > 1 ? [`${engines[0]} - ${engines.at(-1)}`] : engines };
}

export async function packageReadme({ dir, releases, diff, repositoryUrl }: ReadmeInputs): Promise<string> {
  const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
  const { operations } = (await import(pathToFileURL(path.join(dir, 'operations.js')).href)) as {
    operations: Record<string, OperationDescriptor>;
  };
  const apiVersion: string = manifest.dockerapi.apiVersion;
  const exact = enginesMatching(apiVersion, releases);
  const web = webAddress(repositoryUrl);
  const template = Handlebars.compile(await readFile(path.join(templatesDir, 'README.md.hbs'), 'utf8'), { noEscape: true, strict: true });
  return template({
    name: manifest.name,
    apiVersion,
    released: manifest.dockerapi.released,
    specFile: manifest.dockerapi.spec,
    nodeEngines: `${manifest.engines.node.replace(/^>=\s*/, '')} or newer`,
    runtimeLink: `${web}/tree/HEAD/runtime`,
    enginesLink: `${web}#which-package-for-my-engine`,
    exact,
    exactOne: exact.length === 1,
    serving: enginesServing(apiVersion, releases),
    previous: diff?.from ?? false,
    changeSummary: diff ? changeSummary(diff) : '',
    range: manifest.dockerapi.minimumApiVersion ? rangeOf(manifest.dockerapi.minimumApiVersion, apiVersion, releases) : false,
    operations: Object.entries(operations).map(([name, op]) => ({ name, endpoint: `${op.method} ${op.path}`, since: op.since ?? '' })),
  });
}
