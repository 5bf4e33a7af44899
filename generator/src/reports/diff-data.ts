// A diff between any two versions from data alone: each version's API model and the patches. The
// repository's `dockerapi-gen diff` prepares the models from the specs; the published CLI reads
// them, stripped to what the diff reads, from the files it ships.
import type { ApiModel } from '../stages/index.js';
import type { SpecPatch } from '../document/patches.js';
import { diffApis, type ApiDiff } from './diff.js';
import { markPatchOrigins } from './patch-origin.js';
import { diffHtml, diffMarkdown } from './render.js';

// v1.24 is rebuilt from v1.25 as patched, so it carries v1.25's patches.
export const patchedAs = (version: string) => (version === '1.24' ? '1.25' : version);

export const diffRenderers: Record<string, (diff: ApiDiff) => string> = {
  md: diffMarkdown,
  html: diffHtml,
  json: (d) => `${JSON.stringify(d, null, 1)}\n`,
};

/**
 * The diff of two versions, each change our patches made marked with the patch: a change the diff
 * of the unpatched models lacks is ours.
 */
export function diffVersions(from: string, a: ApiModel, to: string, b: ApiModel, patches: SpecPatch[]): ApiDiff {
  const upstream = diffApis(from, a.unpatched ?? a, to, b.unpatched ?? b);
  return markPatchOrigins(diffApis(from, a, to, b), upstream, patches, patchedAs);
}

// Prose the diff never compares; an answer's description is kept (a status change quotes it).
const PROSE = new Set(['description', 'example', 'examples', 'x-go-name', 'title']);

function withoutProse(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutProse);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (PROSE.has(key)) continue;
    out[key] =
      key === 'responses' && inner && typeof inner === 'object' ? answersWithoutProse(inner as Record<string, any>) : withoutProse(inner);
  }
  return out;
}

const answersWithoutProse = (answers: Record<string, any>) =>
  Object.fromEntries(
    Object.entries(answers).map(([status, answer]) => {
      const stripped = withoutProse(answer) as Record<string, unknown>;
      return [status, answer?.description === undefined ? stripped : { ...stripped, description: answer.description }];
    }),
  );

/** A model with only what the diff reads: about half the size, the same diffs. */
export const diffModel = (model: Pick<ApiModel, 'operations' | 'components' | 'unpatched'>): ApiModel => ({
  ...(withoutProse({ operations: model.operations, components: model.components }) as ApiModel),
  ...(model.unpatched ? { unpatched: diffModel(model.unpatched) } : {}),
});
