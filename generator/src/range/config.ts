// The range packages to generate: specs/ranges.json, and any asked for on the command line. A range
// is written `1.41..1.51`: two known API versions, the lower first.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { specsDir, type SpecSource } from '../document/sources.js';
import { compareVersions, inRange, type VersionRange } from '../versions.js';

export interface RangeSource {
  /** Every version of the range, oldest first. */
  members: SpecSource[];
}

export const lowOf = (range: RangeSource) => range.members[0].apiVersion;
export const highOf = (range: RangeSource) => range.members.at(-1)!.apiVersion;

/** The package's name in the scope and its folder: `v1.41-v1.51`. */
export const rangeLabel = (range: RangeSource) => `v${lowOf(range)}-v${highOf(range)}`;

/** Its key among the packages (the folder is `v` + key, as for a version). */
export const rangeKey = (range: RangeSource) => rangeLabel(range).slice(1);

/** Whether a package key (`1.44`, `1.41-v1.51`) names a range. */
export const isRangeKey = (key: string) => key.includes('-');

const RANGE = /^(1\.\d+)\.\.(1\.\d+)$/;

/** The range `text` names over the known versions; a clear error naming `where` otherwise. */
export function parseRangeSource(text: string, all: SpecSource[], where: string): RangeSource {
  const match = RANGE.exec(String(text));
  const known = `${all[0].apiVersion}..${all.at(-1)!.apiVersion}`;
  if (!match) throw new Error(`${where}: bad range "${text}" (want "1.NN..1.MM", two API versions)`);
  const [, low, high] = match;
  for (const version of [low, high]) {
    if (!all.some((s) => s.apiVersion === version))
      throw new Error(`${where}: ${version} in "${text}" is not a known API version (have ${known})`);
  }
  if (compareVersions(low, high) >= 0) throw new Error(`${where}: bad range "${text}": ${low} is not below ${high}`);
  return { members: all.filter((s) => compareVersions(s.apiVersion, low) >= 0 && compareVersions(s.apiVersion, high) <= 0) };
}

export const rangesFile = path.join(specsDir, 'ranges.json');

/**
 * The configured ranges and any extra ones, each once, in a stable order. A partial run (`within`,
 * from --versions) builds only the configured ranges inside it; the extra ones always.
 */
export async function selectRanges(
  all: SpecSource[],
  extra: string[] = [],
  file = rangesFile,
  within?: VersionRange,
): Promise<RangeSource[]> {
  const config = JSON.parse(await readFile(file, 'utf8')) as { ranges?: { range: string }[] };
  if (!Array.isArray(config.ranges))
    throw new Error(`${path.basename(file)}: "ranges" must be a list of { "range": "1.NN..1.MM", "reason": "..." }`);
  const configured = config.ranges
    .map((entry, i) => parseRangeSource(entry?.range, all, `${path.basename(file)} ranges[${i}]`))
    .filter((range) => !within || (inRange(lowOf(range), within) && inRange(highOf(range), within)));
  const asked = extra.map((text) => parseRangeSource(text, all, '--range'));
  const byKey = new Map([...configured, ...asked].map((range) => [rangeKey(range), range]));
  return [...byKey.values()];
}
