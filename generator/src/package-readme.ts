// A package's README and CHANGES.md: which engines serve it, how to install and use it, what changed
// from the previous version, its operations. `generate` writes them beside the package's other files
// once the reports (the diffs) are built, so `generate --check` covers them and a tarball packs them
// as they are. Computed here from the package's manifest and API model; the template only places the strings.
import type { EngineRelease } from './document/sources.js';
import { renderTemplate } from './templates.js';
import { methodName } from './stages/operations.js';
import type { ApiModel } from './stages/index.js';
import type { ApiDiff } from './reports/diff.js';
import { enginesMatching, enginesServing } from './reports/engines.js';
import { endpointOf } from './document/walk.js';
import { compareVersions } from './versions.js';

export interface ReadmeInputs {
  /** The package's package.json as generated. */
  manifest: {
    name: string;
    engines: { node: string };
    dockerapi: { apiVersion: string; minimumApiVersion?: string; released: boolean; spec: string };
  };
  /** Its operations, as the operation table lists them. */
  operations: ApiModel['operations'];
  /** Endpoint -> the first version that has it (the table's `since`). */
  since: Record<string, string>;
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

export function packageReadme({ manifest, operations, since, releases, diff, repositoryUrl }: ReadmeInputs): string {
  const apiVersion = manifest.dockerapi.apiVersion;
  const exact = enginesMatching(apiVersion, releases);
  const web = webAddress(repositoryUrl);
  return renderTemplate('README.md.hbs', {
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
    // In the operation table's order: by method name.
    operations: operations
      .map((op) => ({ name: methodName(op.id), endpoint: `${op.method} ${op.path}`, since: since[endpointOf(op.method, op.path)] ?? '' }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  });
}

/** A package's README.md, and its CHANGES.md (the diff report from the previous version) when there is one. */
export function packageDocs(
  files: Map<string, string>,
  model: ApiModel,
  changes: { diff: ApiDiff; markdown: string } | undefined,
  context: Pick<ReadmeInputs, 'since' | 'releases' | 'repositoryUrl'>,
): Map<string, string> {
  const manifest = JSON.parse(files.get('package.json')!);
  const readme = packageReadme({ ...context, manifest, operations: model.operations, diff: changes?.diff });
  return new Map([['README.md', readme], ...(changes ? ([['CHANGES.md', changes.markdown]] as const) : [])]);
}
