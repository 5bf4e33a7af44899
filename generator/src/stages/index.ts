// One version, from pinned spec to package files. The stages, in the order they run:
//
//   load.ts        parse the pinned YAML                  (v124.ts instead for v1.24: rebuilt from v1.25)
//   patches.ts     apply specs/patches/*.json; load.ts validates the result
//   normalize.ts   rewrite what the conversion would lose
//   convert.ts     Swagger 2 -> OpenAPI 3
//   json-query.ts  give JSON-encoded query parameters their structure
//   ../document/walk  the operations, walked once: the package and the reports share them
//   drift.ts       the recorded engine answers against the upstream and the step-by-step patched document
//   field-docs.ts  each field's `@since` and `@deprecated`, for the type docs
//   timestamps.ts  `since`/`until` that are points in time take a Date too, for the types
//   types.ts       openapi-typescript: schema.d.ts
//   operations.ts  the operation models, with `since` of each and of its later fields from the cross-version facts (../facts)
//   surface.ts     the public surface: methods and types, as the declarations, the API report and the reference show them
//   emit.ts        render the templates (api-report.ts and api-reference.ts: the views of API.md and reference.html)
import { validateSpec } from '../document/load.js';
import type { StalePatch } from '../document/patches.js';
import { patchedSpec, reconstruct } from '../document/document.js';
import type { Swagger } from '../document/spec.js';
import { unshare, type SharedDocument } from '../document/shared.js';
import type { SpecSource } from '../document/sources.js';
import type { Provenance } from '../document/v124.js';
import { endpointOf, operationsOf, type Operation } from '../document/walk.js';
import { fieldsOf } from '../facts/fields.js';
import { versionDrift, type EngineDrift } from '../drift/attribution.js';
import { normalizeForConversion } from './normalize.js';
import { toOpenApi3 } from './convert.js';
import type { OpenApi } from '../document/spec.js';
import { typeJsonQueryParams } from './json-query.js';
import { assemble, touchedBy, touchedPart } from './unpatched.js';
import { documentFields } from './field-docs.js';
import { markTimestamps } from './timestamps.js';
import { schemaTypes } from './types.js';
import { laterFields, operationModels } from './operations.js';
import { renderPackage, type PackageModel } from './emit.js';
import { shapeOf, shapesOf } from './operation-types.js';
import { surfaceOf, type Surface } from './surface.js';
import type { Inputs } from './inputs.js';

function provenanceMarkdown(source: SpecSource, base: SpecSource, provenance: Provenance[]): string {
  const lines = [
    `# v${source.apiVersion}: how it was reconstructed`,
    '',
    `Upstream publishes v${source.apiVersion} only as ${source.file}. This package is generated from ${base.file},` +
      ' changed as listed here; each change says what justifies it.',
    '',
    '| change | because |',
    '|---|---|',
  ];
  for (const p of provenance) lines.push(`| ${p.change.replace(/\|/g, '\\|')} | ${p.because.replace(/\|/g, '\\|')} |`);
  return `${lines.join('\n')}\n`;
}

export type Timings = Record<'load' | 'patch' | 'convert' | 'drift' | 'types' | 'emit', number>;

export type Prepared = {
  swagger: Swagger;
  openapi: OpenApi;
  applied: string[];
  stale: StalePatch[];
  provenance?: Provenance[];
  upstream?: Swagger;
};

/** The spec as the generator sees it: patched, validated, and in OpenAPI 3 with typed JSON queries. */
export async function prepareSpec(
  source: SpecSource,
  inputs: Inputs,
  timings?: Partial<Timings>,
  document?: SharedDocument,
): Promise<Prepared> {
  let t = performance.now();
  const lap = (stage: keyof Timings) => {
    const now = performance.now();
    if (timings) timings[stage] = (timings[stage] ?? 0) + (now - t);
    t = now;
  };
  const { doc: swagger, applied, stale, provenance, upstream } = document ? unshare(document) : await patchedSpec(source, inputs);
  lap('load');
  await validateSpec(`${source.file}${applied.length ? ` (patched: ${applied.join(', ')})` : ''}`, swagger);
  lap('patch');
  const converted = await toOpenApi3(source.file, normalizeForConversion(swagger));
  const openapi = typeJsonQueryParams(converted, inputs.jsonQuery, source.file);
  lap('convert');
  return { swagger, openapi, applied, stale, provenance, upstream };
}

/** What the reports compare of a version: its operations (walked once, shared with the package build) and schemas. */
export interface ApiModel {
  operations: Operation[];
  components: OpenApi['components'];
  /** The recorded answers' drift at this version, per engine (absent when no engine answered at it). */
  drift?: EngineDrift[];
  /** The same version before our patches (absent when none changes it): what upstream's own diffs compare. */
  unpatched?: Pick<ApiModel, 'operations' | 'components'>;
  /** Patch entries whose range covers this version but which no longer apply to it: generation warns. */
  stalePatches?: StalePatch[];
}

export const apiModelOf = (openapi: OpenApi, name = 'spec'): ApiModel => ({
  operations: operationsOf(openapi, name),
  components: openapi.components,
});

/**
 * The version as upstream publishes it, converted like the patched one: the reports tell our patches'
 * changes from upstream's by comparing the two. v1.24 is rebuilt from the unpatched v1.25.
 */
export async function unpatchedModel(
  source: SpecSource,
  inputs: Inputs,
  prepared: Pick<Prepared, 'upstream'> & Partial<Pick<Prepared, 'openapi'>>,
): Promise<ApiModel> {
  const convert = async (doc: Swagger) =>
    typeJsonQueryParams(await toOpenApi3(source.file, normalizeForConversion(doc)), inputs.jsonQuery, source.file);
  const { upstream, openapi } = prepared;
  // Given the patched conversion, only what the patches touch is converted (unpatched.ts).
  const touched = upstream && openapi && touchedBy(inputs.patches, source.apiVersion);
  if (touched) return apiModelOf(assemble(upstream, openapi, await convert(touchedPart(upstream, touched)), touched), source.file);
  return apiModelOf(await convert(upstream ?? (await reconstruct(source, { ...inputs, patches: [] })).doc), source.file);
}

export interface BuiltPackage {
  files: Map<string, string>;
  model: ApiModel;
  /** What the package offers (surface.ts): read by what is written beside it (a range's RANGE.md); stays in the worker. */
  surface?: Surface;
}

/** `document`: the version's document as read for the facts, when they were not cached. */
export async function buildPackage(
  source: SpecSource,
  inputs: Inputs,
  timings: Partial<Timings> = {},
  document?: SharedDocument,
): Promise<BuiltPackage> {
  const prepared = await prepareSpec(source, inputs, timings, document);
  const t = performance.now();
  const drift = await versionDrift(source, inputs, prepared.upstream, prepared.swagger);
  timings.drift = performance.now() - t;
  const meta: PackageMeta = {
    apiVersion: source.apiVersion,
    label: `v${source.apiVersion}`,
    minimumApiVersion: false,
    released: source.released,
    specFile: source.file,
    specSha256: source.sha256,
  };
  const built = await packageFrom(prepared, meta, inputs, timings);
  if (drift.length) built.model.drift = drift;
  if (prepared.stale.length) built.model.stalePatches = prepared.stale;
  // v1.24's base is patched even when no patch names v1.24 itself.
  if (prepared.applied.length || !prepared.upstream) built.model.unpatched = await unpatchedModel(source, inputs, prepared);
  if (prepared.provenance) built.files.set('PROVENANCE.md', provenanceMarkdown(source, inputs.reconstruction.base, prepared.provenance));
  return built;
}

/** What names a package and its source besides its document. */
export type PackageMeta = Pick<PackageModel, 'apiVersion' | 'label' | 'minimumApiVersion' | 'released' | 'specFile' | 'specSha256'>;

/** The package files of a prepared document: a version's spec, or a range's common document. */
export async function packageFrom(
  { swagger, openapi }: Pick<Prepared, 'swagger' | 'openapi'>,
  meta: PackageMeta,
  inputs: Inputs,
  timings: Partial<Timings> = {},
): Promise<BuiltPackage> {
  const model = apiModelOf(openapi, meta.specFile);
  let t = performance.now();
  const types = await schemaTypes(markTimestamps(documentFields(openapi, inputs.fields)));
  timings.types = performance.now() - t;
  t = performance.now();
  const present = fieldsOf(swagger, meta.specFile).operations;
  const operations = operationModels(openapi, inputs.operationFacts, meta.specFile, model.operations).map((op) => {
    const endpoint = endpointOf(op.method, op.path);
    return { ...op, since: inputs.since[endpoint], ...laterFields(inputs.fields.operations[endpoint], present[endpoint]) };
  });
  const byId = new Map(model.operations.map((operation) => [operation.id, operation]));
  const definitions = Object.entries<any>(swagger.definitions ?? {});
  const surface = surfaceOf({
    doc: openapi,
    operations: model.operations,
    models: operations,
    shapes: Object.fromEntries(operations.map((op) => [op.operationId, shapesOf(byId.get(op.operationId)!, op)])),
    definitions: definitions.map(([name]) => name),
    schemaSince: inputs.fields.schemas,
  });
  const files = await renderPackage({
    ...meta,
    packageVersion: inputs.packageVersion,
    runtimeVersion: inputs.runtimeVersion,
    repository: inputs.repository,
    nodeEngines: inputs.nodeEngines,
    schemaTypes: types,
    definitions: definitions.map(([name, schema]) => ({
      name,
      description: schema.description,
      object: shapeOf(openapi.components?.schemas?.[name]).object,
    })),
    surface,
  });
  timings.emit = performance.now() - t;
  return { files, model, surface };
}
