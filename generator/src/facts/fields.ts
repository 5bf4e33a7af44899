// Field-level history: which version first had each parameter and body field of an endpoint, and each
// property of a named definition. Keyed like the endpoint facts (by endpoint, not operationId), and kept
// only where a field came later than what holds it, so the operation tables and type docs stay small.
import type { Swagger } from '../document/spec.js';
import { endpointOf, fieldPaths, operationsOf, schemasOf, successResponses } from '../document/walk.js';
import { compareVersions } from '../versions.js';

/** One version's fields, as lists of keys per holder. */
export interface FieldList {
  /**
   * Endpoint -> `query.platform`, `header.X-Registry-Auth`, `body.HostConfig.Annotations`: the body's
   * fields through every definition it reaches, as a caller writes them.
   */
  operations: Record<string, string[]>;
  /**
   * Where a schema is written -> its field paths, references not followed: a definition by name, an
   * endpoint's inline body (`POST /containers/create body`) or answer (`GET /info 200`).
   */
  schemas: Record<string, string[]>;
}

/** Holder -> field key -> the first version with the field, only where that is later than the holder's own. */
export type FieldSince = Record<string, Record<string, string>>;

export interface FieldHistory {
  operations: FieldSince;
  schemas: FieldSince;
}

export const bodyRoot = (endpoint: string) => `${endpoint} body`;
export const responseRoot = (endpoint: string, status: string) => `${endpoint} ${status}`;

export function fieldsOf(doc: Swagger, name?: string): FieldList {
  const operations: Record<string, string[]> = {};
  const schemas: Record<string, string[]> = {};
  for (const [definition, schema] of Object.entries(schemasOf(doc))) schemas[definition] = fieldPaths(schema);
  for (const { method, path, parameters, op } of operationsOf(doc, name)) {
    const endpoint = endpointOf(method, path);
    const body = parameters.find((p) => p.in === 'body')?.schema;
    operations[endpoint] = [
      ...parameters.filter((p) => p.in === 'query' || p.in === 'header').map((p) => `${p.in}.${p.name}`),
      ...fieldPaths(body, doc).map((field) => `body.${field}`),
    ];
    schemas[bodyRoot(endpoint)] = fieldPaths(body);
    for (const [status, response] of successResponses(op)) schemas[responseRoot(endpoint, status)] = fieldPaths(response.schema);
  }
  return { operations, schemas };
}

/**
 * For each holder, the fields first seen after the holder itself. `holderSince` gives a holder's own
 * first version when it is known from elsewhere (an endpoint's, for its inline schemas); otherwise it is
 * the first version listing the holder.
 */
export function fieldSince(
  lists: Map<string, Record<string, string[]>>,
  holderSince: (holder: string) => string | undefined = () => undefined,
): FieldSince {
  const versions = [...lists.keys()].sort(compareVersions);
  const firstHolder = new Map<string, string>();
  const firstField = new Map<string, Map<string, string>>();
  for (const version of versions) {
    for (const [holder, fields] of Object.entries(lists.get(version)!)) {
      if (!firstHolder.has(holder)) firstHolder.set(holder, version);
      const seen = firstField.get(holder) ?? new Map<string, string>();
      firstField.set(holder, seen);
      for (const field of fields) if (!seen.has(field)) seen.set(field, version);
    }
  }
  const out: FieldSince = {};
  for (const holder of [...firstField.keys()].sort()) {
    const since = holderSince(holder) ?? firstHolder.get(holder)!;
    const later = [...firstField.get(holder)!].filter(([, v]) => compareVersions(v, since) > 0).sort(([a], [b]) => a.localeCompare(b));
    if (later.length) out[holder] = Object.fromEntries(later);
  }
  return out;
}

/** The field history of every endpoint and schema; `endpointSince` is each endpoint's first version. */
export function fieldHistory(lists: Map<string, FieldList>, endpointSince: Record<string, string>): FieldHistory {
  const pick = (key: keyof FieldList) => new Map([...lists].map(([version, list]) => [version, list[key]]));
  const ofEndpoint = (holder: string) => endpointSince[holder.split(' ').slice(0, 2).join(' ')];
  return {
    operations: fieldSince(pick('operations'), (holder) => endpointSince[holder]),
    schemas: fieldSince(pick('schemas'), (holder) => (holder.includes(' ') ? ofEndpoint(holder) : undefined)),
  };
}

/** The part of the history a package of `version` can use: what its key depends on. */
export function fieldHistoryUpTo(history: FieldHistory, version: string): FieldHistory {
  const upTo = (since: FieldSince) => {
    const out: FieldSince = {};
    for (const [holder, fields] of Object.entries(since)) {
      const kept = Object.entries(fields).filter(([, v]) => compareVersions(v, version) <= 0);
      if (kept.length) out[holder] = Object.fromEntries(kept);
    }
    return out;
  };
  return { operations: upTo(history.operations), schemas: upTo(history.schemas) };
}
