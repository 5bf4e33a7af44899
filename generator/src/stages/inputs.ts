// Everything besides a version's own pinned file that shapes its package, read in one go once the
// cross-version facts are known. What a worker is given to build one version is exactly what its cache
// key hashes (../cache/keys.ts), so no input can shape a package without being in its key.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { documentInputsFor, type DocumentInputs } from '../document/document.js';
import { readAnswers, type VersionAnswers } from '../document/answers.js';
import { repoRoot, specsDir, type SpecSource } from '../document/sources.js';
import { sinceByEndpoint, type EndpointList } from '../facts/history.js';
import { fieldHistoryUpTo, type FieldHistory } from '../facts/fields.js';
import type { Facts } from '../facts/index.js';
import type { JsonQuerySchemas } from './json-query.js';
import type { OperationFacts } from './operations.js';

export interface Inputs extends DocumentInputs {
  jsonQuery: JsonQuerySchemas;
  /** specs/operations.json: what the spec cannot say about some operations. */
  operationFacts: Record<string, OperationFacts>;
  packageVersion: string;
  runtimeVersion: string;
  /** Copied from the runtime's package.json, so every package names the same repository and Node versions. */
  repository: string;
  nodeEngines: string;
  /** Endpoint (`GET /containers/{}/json`) -> the first version that has it, over every pinned spec (../facts). */
  since: Record<string, string>;
  /** The fields that came after their endpoint or definition, with their first version (../facts/fields). */
  fields: FieldHistory;
  /** The recorded engine answers (specs/engine-answers), by API version, for the drift. */
  answers: Record<string, VersionAnswers>;
}

const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8'));

/** For what builds no package (a diff, a review, the drift alone): no first versions, no later fields. */
export const NO_FACTS: Pick<Facts, 'history' | 'fields'> = { history: {}, fields: { operations: {}, schemas: {} } };

export async function readInputs(documents: DocumentInputs, facts = NO_FACTS): Promise<Inputs> {
  const [jsonQuery, operationFacts, runtime, generator, answers] = await Promise.all([
    readJson(path.join(specsDir, 'json-query-params.json')),
    readJson(path.join(specsDir, 'operations.json')),
    readJson(path.join(repoRoot, 'runtime/package.json')),
    readJson(path.join(repoRoot, 'generator/package.json')),
    readAnswers(),
  ]);
  return {
    ...documents,
    jsonQuery: jsonQuery.parameters,
    operationFacts: operationFacts.operations,
    packageVersion: generator.version,
    runtimeVersion: runtime.version,
    repository: runtime.repository.url,
    nodeEngines: runtime.engines.node,
    since: sinceByEndpoint(facts.history),
    fields: facts.fields,
    answers,
  };
}

/**
 * What building `source` reads of the inputs, and so what its cache key hashes: its document's
 * patches, the first versions of its own endpoints (`endpoints`), the fields up to its version and the
 * answers recorded at it. Whatever else the inputs hold is passed whole.
 */
export function inputsFor(inputs: Inputs, source: SpecSource, endpoints: EndpointList): Inputs {
  const version = source.apiVersion;
  return {
    ...documentInputsFor(inputs, source),
    since: Object.fromEntries(endpoints.map(([endpoint]) => [endpoint, inputs.since[endpoint]])),
    fields: fieldHistoryUpTo(inputs.fields, version),
    answers: inputs.answers[version] ? { [version]: inputs.answers[version] } : {},
  };
}
