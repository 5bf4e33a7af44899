// A version's document as every stage, fact and report reads it: the pinned upstream file parsed (or,
// for v1.24, rebuilt from v1.25, v1.24.md and the change log), then patched.
import { readPinned, reconstructionInputs, type PinnedFile, type SourceList, type SpecSource } from './sources.js';
import { parseSpec } from './load.js';
import { applyPatches, readPatches, type SpecPatch, type StalePatch } from './patches.js';
import { parseChangelog } from './changelog.js';
import { checkExamples, parseV124, reconstructV124, type Provenance } from './v124.js';
import { inRange } from '../versions.js';
import type { Swagger } from './spec.js';

/** What shapes a version's patched document besides its own pinned file. */
export interface DocumentInputs {
  patches: SpecPatch[];
  /** v1.24's base (v1.25) and the change log whose notes say what v1.25 added. */
  reconstruction: { base: SpecSource; changelog: PinnedFile };
}

/** `patches` replaces specs/patches/ (a test's own, or none for the document as upstream publishes it). */
export async function readDocumentInputs(list: SourceList, patches?: SpecPatch[]): Promise<DocumentInputs> {
  return { patches: patches ?? (await readPatches()), reconstruction: reconstructionInputs(list) };
}

const touches = (version: string) => (patch: SpecPatch) => patch.apply.some((a) => inRange(version, a.versions));

/**
 * Of the inputs, what shapes `source`'s document: the patches whose ranges cover it (or its base, for a
 * rebuilt version), without their evidence, which only the drift report reads.
 */
export function documentInputsFor<T extends DocumentInputs>(inputs: T, source: SpecSource): T {
  const versions = source.format === 'markdown' ? [source.apiVersion, inputs.reconstruction.base.apiVersion] : [source.apiVersion];
  const patches = inputs.patches.filter((p) => versions.some((v) => touches(v)(p))).map(({ evidence: _evidence, ...patch }) => patch);
  return { ...inputs, patches };
}

/** A version's parsed and patched document, with what patching it found. */
export interface SpecDocument {
  doc: Swagger;
  /** The ids of the patches applied. */
  applied: string[];
  /** Patch entries whose range covers the version but which no longer apply to it. */
  stale: StalePatch[];
  /** For a rebuilt version: each change from its base and why. */
  provenance?: Provenance[];
  /** The document as upstream publishes it (absent for a rebuilt version). */
  upstream?: Swagger;
}

/** v1.24 from v1.25 (patched as usual), v1.24.md and the v1.25 change-log notes. */
export async function reconstruct(source: SpecSource, inputs: DocumentInputs): Promise<{ doc: Swagger; provenance: Provenance[] }> {
  const { base, changelog } = inputs.reconstruction;
  const baseDoc = applyPatches(parseSpec(base.file, (await readPinned(base)).toString('utf8')), base.apiVersion, inputs.patches).doc;
  const sections = parseV124((await readPinned(source)).toString('utf8'));
  const notes = parseChangelog((await readPinned(changelog)).toString('utf8')).get(base.apiVersion) ?? [];
  const { doc, provenance } = reconstructV124(baseDoc, sections, notes);
  return { doc, provenance: [...provenance, ...checkExamples(doc, sections)] };
}

/** The Swagger 2 document of a version as the generator sees it: parsed (or reconstructed) and patched. */
export async function patchedSpec(source: SpecSource, inputs: DocumentInputs): Promise<SpecDocument> {
  if (source.format === 'markdown') {
    const { doc, provenance } = await reconstruct(source, inputs);
    return { ...applyPatches(doc, source.apiVersion, inputs.patches), provenance };
  }
  const upstream = parseSpec(source.file, (await readPinned(source)).toString('utf8'));
  return { ...applyPatches(upstream, source.apiVersion, inputs.patches), upstream };
}
