// Carrying the open patches over to a new upstream version: an entry whose range ends at the version
// before is extended to the new one when it still applies there; one that no longer applies keeps
// its end, and the review says why. Open-ended ranges cover the new version already.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Swagger } from '../document/spec.js';
import { applyPatchInPlace, PatchError, type SpecPatch } from '../document/patches.js';
import { inRange } from '../versions.js';

export interface CarriedEntry {
  id: string;
  /** The range as it was. */
  versions: string;
  /** Why it was not carried over; absent when it was. */
  notApplied?: string;
}

export interface CarriedPatches {
  entries: CarriedEntry[];
  /** The patch files to write: id -> new text (only those that changed). */
  files: Map<string, string>;
}

const VERSIONS = /("versions"\s*:\s*")([^"]*)(")/g;

/** Applies, in generation's order, what would cover `version` once the open entries are extended, onto a copy of `doc`. */
export async function carryPatches(
  patches: SpecPatch[],
  previous: string,
  version: string,
  doc: Swagger,
  dir: string,
): Promise<CarriedPatches> {
  const simulated = structuredClone(doc);
  const entries: CarriedEntry[] = [];
  const files = new Map<string, string>();
  for (const patch of patches) {
    const extend: number[] = [];
    for (const [i, entry] of patch.apply.entries()) {
      const open = entry.versions.to === previous;
      if (!open && !inRange(version, entry.versions)) continue;
      const one: SpecPatch = { ...patch, apply: [{ versions: { from: version, to: version }, operations: entry.operations }] };
      let notApplied: string | undefined;
      try {
        applyPatchInPlace(simulated, version, one, (stale) => (notApplied = `its test fails: ${stale.reason}`));
      } catch (error) {
        if (!(error instanceof PatchError)) throw error;
        notApplied = error.message;
      }
      if (!open) continue;
      entries.push({ id: patch.id, versions: `${entry.versions.from}..${previous}`, ...(notApplied ? { notApplied } : {}) });
      if (!notApplied) extend.push(i);
    }
    if (extend.length) files.set(patch.id, await extendRanges(path.join(dir, `${patch.id}.json`), extend, version, patch.apply.length));
  }
  return { entries, files };
}

/** The file's text with the ranges of the given entries ending at `version`: only those strings change, the layout stays. */
async function extendRanges(file: string, indexes: number[], version: string, entries: number): Promise<string> {
  const text = await readFile(file, 'utf8');
  const found = text.match(VERSIONS)?.length ?? 0;
  if (found !== entries)
    throw new PatchError(`${file}: ${found} "versions" strings for ${entries} apply entries; extend the ranges by hand`);
  let at = -1;
  return text.replace(VERSIONS, (whole, open: string, range: string, close: string) => {
    at++;
    if (!indexes.includes(at)) return whole;
    return `${open}${range.split('..')[0]}..${version}${close}`;
  });
}
