// The input keys: if nothing that shapes a version's document or package changed, what was derived
// from it before (endpoint list, model, package files) is reused.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { listFiles } from './output.js';
import { repoRoot, sha256, type SpecSource } from '../sources.js';
import { inRange } from '../versions.js';
import type { Inputs } from '../stages/index.js';
import type { EndpointList } from '../facts/history.js';
import { fieldHistoryUpTo } from '../facts/fields.js';

const require = createRequire(import.meta.url);
const TOOLS = ['openapi-typescript', 'swagger2openapi', '@apidevtools/swagger-parser', 'handlebars', 'js-yaml', 'fast-json-patch'];

/** Hash of the generator's own code, templates and the versions of the tools it drives. */
export async function generatorHash(): Promise<string> {
  const parts: string[] = [];
  for (const dir of ['generator/src', 'templates']) {
    for (const name of await listFiles(path.join(repoRoot, dir))) {
      parts.push(name, await readFile(path.join(repoRoot, dir, name), 'utf8'));
    }
  }
  for (const tool of TOOLS) parts.push(tool, require(`${tool}/package.json`).version);
  return sha256(parts.join('\0'));
}

// A patch's evidence shapes only the drift report, not the document.
const patchesFor = (version: string, inputs: Inputs) =>
  inputs.patches.filter((p) => p.apply.some((a) => inRange(version, a.versions))).map(({ evidence: _evidence, ...p }) => p);

/**
 * What shapes a version's patched document. A reconstructed version is built from its base spec,
 * patched as the base version is, and the change log: all of those are in its key.
 */
export function specKey(source: SpecSource, inputs: Inputs, generator: string): string {
  const { base, changelog } = inputs.reconstruction;
  const derived = source.format === 'markdown' ? [base.sha256, patchesFor(base.apiVersion, inputs), changelog.sha256] : [];
  return sha256(JSON.stringify([source.sha256, source.released, patchesFor(source.apiVersion, inputs), ...derived, generator]));
}

/** What shapes a version package: its document, the inputs every package reads, and the cross-version facts it uses. */
export function inputKey(source: SpecSource, inputs: Inputs, generator: string, endpoints: EndpointList): string {
  const since = endpoints.map(([endpoint]) => [endpoint, inputs.since[endpoint]]);
  const shared = [
    inputs.jsonQuery,
    inputs.operationFacts,
    inputs.packageVersion,
    inputs.runtimeVersion,
    inputs.repository,
    inputs.nodeEngines,
  ];
  const fields = fieldHistoryUpTo(inputs.fields, source.apiVersion);
  const answers = inputs.answers[source.apiVersion] ?? {};
  return sha256(JSON.stringify([specKey(source, inputs, generator), ...shared, since, fields, answers]));
}
