// What the commands share: progress lines, the synced source list, version selection.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import { defaultMirror, readSourceList, syncSources, upstreamDir, type SpecSource } from '../document/sources.js';
import { formatRange, inRange, parseRange, type VersionRange } from '../versions.js';

export const log = (line: string) => process.stderr.write(`${line}\n`);

export function versionsOption(text: string) {
  try {
    return parseRange(text, '--versions');
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

export function selectSpecs(all: SpecSource[], range?: VersionRange): SpecSource[] {
  if (!range) return all;
  const chosen = all.filter((s) => inRange(s.apiVersion, range));
  if (!chosen.length) {
    throw new Error(`--versions ${formatRange(range)}: no spec in that range (have ${all[0].apiVersion}..${all.at(-1)!.apiVersion})`);
  }
  return chosen;
}

/** Makes sure the pinned files are synced, from the mirror beside the repository when there is one. */
export async function ensureSynced(mirror?: string) {
  const list = await readSourceList();
  const from = mirror ?? (existsSync(defaultMirror) ? defaultMirror : undefined);
  const copied = await syncSources(list, from);
  if (copied.length) {
    log(`synced ${copied.length} file(s) from ${from ?? 'their pinned URLs'} into ${path.relative(process.cwd(), upstreamDir)}`);
  }
  return list;
}
