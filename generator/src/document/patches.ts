// Upstream defects are fixed by patches kept as data in specs/patches/*.json: a reason, and for
// each version range the RFC 6902 operations (a `test` first pins what the patch expects to find).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import jsonPatch, { type Operation } from 'fast-json-patch';
import { specsDir } from './sources.js';
import { inRange, parseRange, type VersionRange } from '../versions.js';
import type { Swagger } from './spec.js';

/**
 * Why a patch is right: the drift it fixes, cited as `<engine> v<version> <kind> <operation> <path>`
 * (one representative version per engine will do; generation checks each citation against the
 * drift report), and/or, for what engine answers cannot show (request-side fixes), the source.
 */
export interface PatchEvidence {
  drift?: string[];
  source?: string;
}

export interface SpecPatch {
  id: string;
  reason: string;
  evidence?: PatchEvidence;
  apply: { versions: VersionRange; operations: Operation[] }[];
}

function parseEvidence(raw: any, where: string): PatchEvidence | undefined {
  if (raw === undefined) return undefined;
  const drift = raw?.drift;
  const source = raw?.source;
  const listOk = drift === undefined || (Array.isArray(drift) && drift.length > 0 && drift.every((d: unknown) => typeof d === 'string'));
  const sourceOk = source === undefined || (typeof source === 'string' && source.length > 0);
  if (!listOk || !sourceOk || (drift === undefined && source === undefined)) {
    throw new PatchError(`${where}: "evidence" needs "drift" (a list of citations) or "source" (a text), or both`);
  }
  return { ...(drift ? { drift } : {}), ...(source ? { source } : {}) };
}

export class PatchError extends Error {}

export function parsePatch(id: string, raw: any): SpecPatch {
  const where = `specs/patches/${id}.json`;
  if (typeof raw?.reason !== 'string' || !raw.reason) throw new PatchError(`${where}: missing "reason"`);
  if (!Array.isArray(raw.apply) || raw.apply.length === 0) throw new PatchError(`${where}: missing "apply" list`);
  const evidence = parseEvidence(raw.evidence, where);
  return {
    id,
    reason: raw.reason,
    ...(evidence ? { evidence } : {}),
    apply: raw.apply.map((entry: any, i: number) => {
      if (!Array.isArray(entry.operations)) throw new PatchError(`${where}: apply[${i}] has no "operations" list`);
      return { versions: parseRange(entry.versions, `${where} apply[${i}]`), operations: entry.operations };
    }),
  };
}

export async function readPatches(dir = path.join(specsDir, 'patches')): Promise<SpecPatch[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  return Promise.all(
    names.map(async (name) => parsePatch(name.replace(/\.json$/, ''), JSON.parse(await readFile(path.join(dir, name), 'utf8')))),
  );
}

/** An entry of a patch whose range covers a version but whose `test` finds something else there. */
export interface StalePatch {
  id: string;
  version: string;
  /** What the failing `test` expected, in the words of the JSON patch library. */
  reason: string;
}

/**
 * Whether the leading `test` operations of an entry hold on `doc`. They pin what the entry expects; when
 * one fails, upstream changed that place (it fixed the defect, or moved it) and the entry is left out.
 */
function staleReason(doc: Swagger, operations: Operation[]): string | undefined {
  for (const operation of operations) {
    if (operation.op !== 'test') return undefined;
    try {
      // mutateDocument: a `test` changes nothing, and without it the library copies the whole document per test.
      jsonPatch.applyOperation(doc, structuredClone(operation), true, true);
    } catch (error) {
      return `${operation.path}: ${(error as Error).message.split('\n')[0]}`;
    }
  }
  return undefined;
}

/**
 * Applies what `patch` does at `version` to `doc` itself; true when it did anything. An entry whose
 * `test` fails is skipped and reported through `stale`; any other failure is an error in the patch.
 */
export function applyPatchInPlace(doc: Swagger, version: string, patch: SpecPatch, stale?: (s: StalePatch) => void): boolean {
  let applied = false;
  for (const { versions, operations } of patch.apply) {
    if (!inRange(version, versions)) continue;
    const reason = staleReason(doc, operations);
    if (reason) {
      stale?.({ id: patch.id, version, reason });
      continue;
    }
    try {
      jsonPatch.applyPatch(doc, structuredClone(operations), true, true);
    } catch (error) {
      throw new PatchError(`specs/patches/${patch.id}.json does not apply to v${version}: ${(error as Error).message.split('\n')[0]}`);
    }
    applied = true;
  }
  return applied;
}

/** Applies the patches for `version` to a copy of `doc`: those it applied, and the entries that no longer apply. */
export function applyPatches(
  doc: Swagger,
  version: string,
  patches: SpecPatch[],
): { doc: Swagger; applied: string[]; stale: StalePatch[] } {
  const result = structuredClone(doc);
  const applied: string[] = [];
  const stale: StalePatch[] = [];
  for (const patch of patches) {
    if (applyPatchInPlace(result, version, patch, (s) => stale.push(s))) applied.push(patch.id);
  }
  return { doc: result, applied, stale };
}

/** `specs/patches/x.json no longer applies at v1.57 (...)`: what generation warns about. */
export const staleWarning = (s: StalePatch) =>
  `warning: specs/patches/${s.id}.json covers v${s.version} but no longer applies there (${s.reason}); end its range before v${s.version} or fix it`;
