// Which package serves which Docker Engine release, from specs/sources.json's engine releases: the
// README's table, generated/reports/engines.md, and each package README's list of engines.
import type { EngineRelease } from '../document/sources.js';
import { compareVersions } from '../versions.js';

/** Releases in a row that accept the same API versions, shown as one line (`27.2 - 27.5`). */
export interface EngineGroup {
  first: string;
  last: string;
  minApi: string;
  maxApi: string;
}

export function groupReleases(releases: EngineRelease[]): EngineGroup[] {
  const groups: EngineGroup[] = [];
  for (const { engine, minApi, maxApi } of releases) {
    const last = groups.at(-1);
    if (last && last.minApi === minApi && last.maxApi === maxApi) last.last = engine;
    else groups.push({ first: engine, last: engine, minApi, maxApi });
  }
  return groups;
}

export const releaseNames = (g: EngineGroup) => (g.first === g.last ? g.first : `${g.first} - ${g.last}`);

const pkg = (version: string) => `@dockerapi/v${version}`;

/** The packages an engine group accepts, over the versions generated: none when they do not overlap. */
export function packagesFor(group: EngineGroup, versions: string[]): { lowest: string; highest: string } | undefined {
  const usable = versions.filter((v) => compareVersions(v, group.minApi) >= 0 && compareVersions(v, group.maxApi) <= 0);
  return usable.length ? { lowest: usable[0], highest: usable.at(-1)! } : undefined;
}

/** The "which package for my engine" table, newest engines first. */
export function enginesTable(releases: EngineRelease[], versions: string[]): string {
  const lines = ['| Docker Engine | API versions it accepts | package to install | also works (fewer operations) |', '|---|---|---|---|'];
  for (const group of groupReleases(releases).reverse()) {
    const packages = packagesFor(group, versions);
    const best = packages ? `\`${pkg(packages.highest)}\`` : '-';
    const also = !packages || packages.lowest === packages.highest ? '-' : `\`${pkg(packages.lowest)}\` ... \`${pkg(packages.highest)}\``;
    lines.push(`| ${releaseNames(group)} | ${group.minApi} - ${group.maxApi} | ${best} | ${also} |`);
  }
  return lines.join('\n');
}

/** Consecutive releases with the same lowest version, where that is above the oldest package: they refuse some packages. */
function refusing(releases: EngineRelease[], versions: string[]): EngineGroup[] {
  const byMinimum = groupReleases(releases.map((r) => ({ ...r, maxApi: '' })));
  return byMinimum.filter((g) => compareVersions(g.minApi, versions[0]) > 0);
}

export function enginesMarkdown(releases: EngineRelease[], versions: string[]): string {
  const strict = refusing(releases, versions);
  const lines = [
    '# Which package for my engine',
    '',
    "A client negotiates down to the engine's highest API version, so a newer package works with an older",
    'engine (its newer operations fail with `UnsupportedOperationError` before any request). An engine also',
    'has a lowest version it accepts: a package older than that is refused (`ApiVersionRefusedError`):',
    '',
    ...strict.map((g) => `- Engine ${releaseNames(g)} accepts API ${g.minApi} and newer.`),
    '',
    enginesTable(releases, versions),
  ];
  return `${lines.join('\n')}\n`;
}

/** The runs of consecutive engine releases that accept `version` (`25.0 - 29.7`), for that package's README. */
export function enginesServing(version: string, releases: EngineRelease[]): string[] {
  const runs: { first: string; last: string }[] = [];
  let open = false;
  for (const r of releases) {
    const accepts = compareVersions(r.minApi, version) <= 0 && compareVersions(version, r.maxApi) <= 0;
    if (accepts && open) runs.at(-1)!.last = r.engine;
    else if (accepts) runs.push({ first: r.engine, last: r.engine });
    open = accepts;
  }
  return runs.map((run) => (run.first === run.last ? run.first : `${run.first} - ${run.last}`));
}

/** The releases whose highest API version is `version`: the engines this package matches exactly. */
export const enginesMatching = (version: string, releases: EngineRelease[]) =>
  releases.filter((r) => r.maxApi === version).map((r) => r.engine);
