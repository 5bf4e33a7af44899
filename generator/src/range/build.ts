// A range package: the members' patched documents, intersected (intersect.ts), then prepared and
// emitted exactly as a version's spec is.
import { validateSpec } from '../document/load.js';
import { normalizeForConversion } from '../stages/normalize.js';
import { toOpenApi3 } from '../stages/convert.js';
import { typeJsonQueryParams } from '../stages/json-query.js';
import { packageFrom, type BuiltPackage, type Prepared, type Timings } from '../stages/index.js';
import type { Inputs } from '../stages/inputs.js';
import { patchedSpec } from '../document/document.js';
import { unshare, type SharedDocument } from '../document/shared.js';
import type { SpecSource } from '../document/sources.js';
import { sha256 } from '../document/sources.js';
import { intersectSpecs, type Omission } from './intersect.js';
import { highOf, lowOf, rangeLabel, type RangeSource } from './config.js';

/**
 * RANGE.md: what the package is, and what of the newest version it leaves out and why. `exported` are
 * the type names the package exports (its surface): a definition some version lacks may still be
 * exported under its name, as an operation's answer (ContainerInspectResponse), and is then not left out.
 */
export function rangeNotes(range: RangeSource, omitted: Omission[], exported: readonly string[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const kept = new Set(exported.map((name) => `definition ${name}`));
  const leftOut = omitted.filter(({ what }) => !kept.has(what));
  const lines = [
    `# @dockerapi/${rangeLabel(range)}: what the range leaves out`,
    '',
    `This package has what API v${lowOf(range)} to v${highOf(range)} (${range.members.length} versions) have in common:` +
      ' the operations every one has at the same method and path, and in each schema the fields every one has.' +
      ' What the client sends is what every version accepts (required if any requires it, the enum values all accept);' +
      ' what the engine answers is what any version may answer (optional unless all require it, the enum values of any).' +
      ' A type both sent and answered (ContainerConfig) follows the rules for what is sent, but a field of it may be null if any version says so.',
    '',
    `Its client negotiates min(v${highOf(range)}, the engine's version) and refuses an engine below v${lowOf(range)}` +
      ' with `EngineOutOfRangeError` before any operation.',
    '',
    `Left out of v${highOf(range)}:`,
    '',
    '| what | because |',
    '|---|---|',
    ...leftOut.map(({ what, because }) => `| ${cell(what)} | ${cell(because)} |`),
  ];
  return `${lines.join('\n')}\n`;
}

/** The range's common document, validated and in OpenAPI 3 as a version's spec is prepared. */
/** `documents`: members' documents already read (by API version); the others are parsed and patched here. */
export async function prepareRange(
  range: RangeSource,
  inputs: Inputs,
  timings: Partial<Timings> = {},
  documents: Record<string, SharedDocument> = {},
): Promise<Pick<Prepared, 'swagger' | 'openapi'> & { omitted: Omission[]; specFile: string }> {
  let t = performance.now();
  const documentOf = async (source: SpecSource) => {
    const shared = documents[source.apiVersion];
    return shared ? unshare(shared) : await patchedSpec(source, inputs);
  };
  const members = await Promise.all(
    range.members.map(async (source) => ({ apiVersion: source.apiVersion, doc: (await documentOf(source)).doc })),
  );
  timings.load = performance.now() - t;
  t = performance.now();
  const { doc: swagger, omitted } = intersectSpecs(members);
  const specFile = `${range.members[0].file} to ${range.members.at(-1)!.file}`;
  // The members were validated when their own packages were built; the intersection is checked anew.
  await validateSpec(`the common document of ${rangeLabel(range)}`, swagger);
  timings.patch = performance.now() - t;
  t = performance.now();
  const openapi = typeJsonQueryParams(await toOpenApi3(specFile, normalizeForConversion(swagger)), inputs.jsonQuery, specFile);
  timings.convert = performance.now() - t;
  return { swagger, openapi, omitted, specFile };
}

export async function buildRangePackage(
  range: RangeSource,
  inputs: Inputs,
  timings: Partial<Timings> = {},
  documents: Record<string, SharedDocument> = {},
): Promise<BuiltPackage> {
  const { swagger, openapi, omitted, specFile } = await prepareRange(range, inputs, timings, documents);
  const built = await packageFrom(
    { swagger, openapi },
    {
      apiVersion: highOf(range),
      label: rangeLabel(range),
      minimumApiVersion: lowOf(range),
      released: range.members.every((m) => m.released),
      specFile,
      specSha256: sha256(range.members.map((m) => m.sha256).join('\n')),
    },
    inputs,
    timings,
  );
  built.files.set('RANGE.md', rangeNotes(range, omitted, built.surface?.exports ?? []));
  return built;
}
