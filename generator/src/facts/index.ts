// The cross-version facts of a run: from each version's endpoint and field lists (read from its
// parsed, patched document), the history of every endpoint over all pinned versions, and the fields
// that came after their endpoint or definition. Where the lists come from (a cache, worker threads)
// is the caller's choice.
import { patchedSpec, type DocumentInputs } from '../document/document.js';
import type { SpecSource } from '../document/sources.js';
import type { Swagger } from '../document/spec.js';
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
export async function versionListsOf(source: SpecSource, inputs: DocumentInputs): Promise<VersionLists> {
  return listsOf(source, (await patchedSpec(source, inputs)).doc);
}

/** The lists of a version's document already parsed and patched. */
export const listsOf = (source: SpecSource, doc: Swagger): VersionLists => ({
  endpoints: endpointsOf(doc, source.file),
  fields: fieldsOf(doc, source.file),
});

/** `specs` are every pinned version, whichever of them this run generates. */
export async function crossVersionFacts(specs: SpecSource[], listsOf: (source: SpecSource) => Promise<VersionLists>): Promise<Facts> {
  const endpoints = new Map<string, EndpointList>();
  const fields = new Map<string, FieldList>();
  // Derived at once (on worker threads, when the caller gives them: parsing is most of a cold run's facts); kept in version order.
  const lists = await Promise.all(specs.map(listsOf));
  specs.forEach((spec, i) => {
    endpoints.set(spec.apiVersion, lists[i].endpoints);
    fields.set(spec.apiVersion, lists[i].fields);
  });
  const history = endpointHistory(endpoints);
  return { endpoints, history, fields: fieldHistory(fields, sinceByEndpoint(history)) };
}
