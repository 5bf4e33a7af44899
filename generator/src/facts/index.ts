// The cross-version facts of a run: each version's endpoint and field lists (from its parsed, patched
// document, cached in .cache/endpoints and .cache/fields by the version's spec key, so a run with
// unchanged inputs parses no YAML; the others are parsed on worker threads), the history of every endpoint over all pinned versions, and the
// fields that came after their endpoint or definition.
import { readCached, writeCached } from '../build/cache-files.js';
import { specKey } from '../build/cache.js';
import { patchedSpec, type Inputs } from '../stages/index.js';
import type { SpecSource } from '../sources.js';
import type { WorkerPool } from '../build/parallel.js';
import { endpointHistory, endpointsOf, sinceByEndpoint, type EndpointHistory, type EndpointList } from './history.js';
import { fieldHistory, fieldsOf, type FieldHistory, type FieldList } from './fields.js';

export interface Facts {
  endpoints: Map<string, EndpointList>;
  history: Record<string, EndpointHistory>;
  fields: FieldHistory;
}

export interface VersionLists {
  endpoints: EndpointList;
  fields: FieldList;
}

/** A version's lists, from its parsed and patched document. */
export async function versionListsOf(source: SpecSource, inputs: Inputs): Promise<VersionLists> {
  const { doc } = await patchedSpec(source, inputs);
  return { endpoints: endpointsOf(doc, source.file), fields: fieldsOf(doc, source.file) };
}

async function versionLists(source: SpecSource, inputs: Inputs, generator: string, pool?: WorkerPool): Promise<VersionLists> {
  const key = specKey(source, inputs, generator);
  const endpoints = await readCached<EndpointList>('endpoints', source.apiVersion, key);
  const fields = await readCached<FieldList>('fields', source.apiVersion, key);
  if (endpoints && fields) return { endpoints, fields };
  const lists = pool ? await pool.lists(source, inputs) : await versionListsOf(source, inputs);
  await writeCached('endpoints', source.apiVersion, key, lists.endpoints);
  await writeCached('fields', source.apiVersion, key, lists.fields);
  return lists;
}

/** `specs` are every pinned version, whichever of them this run generates. */
export async function crossVersionFacts(specs: SpecSource[], inputs: Inputs, generator: string, pool?: WorkerPool): Promise<Facts> {
  const endpoints = new Map<string, EndpointList>();
  const fields = new Map<string, FieldList>();
  // Derived on the pool's workers when given (parsing is most of a cold run's facts); kept in version order.
  const lists = await Promise.all(specs.map((spec) => versionLists(spec, inputs, generator, pool)));
  specs.forEach((spec, i) => {
    endpoints.set(spec.apiVersion, lists[i].endpoints);
    fields.set(spec.apiVersion, lists[i].fields);
  });
  const history = endpointHistory(endpoints);
  return { endpoints, history, fields: fieldHistory(fields, sinceByEndpoint(history)) };
}
