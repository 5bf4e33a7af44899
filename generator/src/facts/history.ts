// Cross-version facts, computed inside the pipeline from every version's parsed, patched document
// (v1.24 as reconstructed): which endpoints each version has, and under which operationId. Keyed by
// endpoint (METHOD + path), so an operation renamed upstream keeps its history: GET /containers/{}/archive
// is ContainerGetArchive up to 1.27 and ContainerArchive from 1.28, and exists since 1.24.
import type { Swagger } from '../document/spec.js';
import { endpointOf, operationsOf } from '../document/walk.js';
import { compareVersions, ranges } from '../versions.js';

/** One version's endpoints: [endpoint, operationId] pairs, in document order. */
export type EndpointList = [endpoint: string, operationId: string][];

export interface EndpointHistory {
  /** The first version that has the endpoint. */
  since: string;
  /** Each operationId the endpoint had, with the versions (as ranges) it had it in. */
  operationIds: { operationId: string; versions: string }[];
}

export const endpointsOf = (doc: Swagger, name?: string): EndpointList =>
  operationsOf(doc, name).map((o) => [endpointOf(o.method, o.path), o.id]);

/** Every endpoint's history over the given versions, sorted by endpoint. */
export function endpointHistory(lists: Map<string, EndpointList>): Record<string, EndpointHistory> {
  const versions = [...lists.keys()].sort(compareVersions);
  const seen = new Map<string, Map<string, string[]>>();
  for (const version of versions) {
    for (const [endpoint, id] of lists.get(version)!) {
      const ids = seen.get(endpoint) ?? new Map<string, string[]>();
      seen.set(endpoint, ids);
      ids.set(id, [...(ids.get(id) ?? []), version]);
    }
  }
  const history: Record<string, EndpointHistory> = {};
  for (const endpoint of [...seen.keys()].sort()) {
    const ids = [...seen.get(endpoint)!].sort(([, a], [, b]) => compareVersions(a[0], b[0]));
    history[endpoint] = {
      since: ids[0][1][0],
      operationIds: ids.map(([operationId, present]) => ({ operationId, versions: ranges(present, versions) })),
    };
  }
  return history;
}

/** Endpoint -> first version, the fact each operation table carries as `since`. */
export const sinceByEndpoint = (history: Record<string, EndpointHistory>): Record<string, string> =>
  Object.fromEntries(Object.entries(history).map(([endpoint, h]) => [endpoint, h.since]));
