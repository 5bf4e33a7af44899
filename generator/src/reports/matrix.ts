// The compatibility matrix: which versions have each endpoint (METHOD + path, so an operation renamed
// upstream stays one row), each of its parameters and top-level body fields, and each definition
// property; joined with the engine releases, so a row answers "which engine do I need for this".
import type { EngineRelease } from '../document/sources.js';
import type { ApiModel } from '../stages/index.js';
import type { EndpointHistory } from '../facts/history.js';
import { endpointOf, flatten, successResponses } from '../document/walk.js';
import { compareVersions, ranges } from '../versions.js';

/** Upstream sometimes drops a field from one or two versions' documents while engines kept serving it. */
const MAX_OMISSION = 2;

export interface MatrixRow {
  versions: string[];
  /** The first version that has it. */
  since: string;
  /** The first engine release whose highest API version is at least `since`; absent while no release serves it. */
  firstEngine?: string;
  /** Versions missing between two present ones, at most two in a row: upstream omissions, not removals. */
  omitted?: string[];
}

export interface OperationRow extends MatrixRow {
  method: string;
  /** The path as the newest version spells it. */
  path: string;
  /** The first path segment: containers, images, networks, ... */
  resource: string;
  /** Each operationId the endpoint had, with the versions it had it in (from history.json). */
  operationIds: { operationId: string; versions: string }[];
  parameters: Record<string, MatrixRow>;
  request: Record<string, MatrixRow>;
  response: Record<string, MatrixRow>;
}

export interface EngineColumn extends EngineRelease {
  /** Clients asking for an API version below minApi are refused by this release. */
  refusesBelow?: string;
}

/** A range package: what every version from `low` to `high` has in common. */
export interface RangeColumn {
  package: string;
  low: string;
  high: string;
  /** The engine releases it works with: highest API version at least `low`, lowest at most `high`. */
  engines: string[];
  /** Its endpoints, each in every version of the range. */
  endpoints: string[];
}

export interface Matrix {
  versions: string[];
  /** The range packages, by the ranges given to buildMatrix. */
  ranges?: RangeColumn[];
  /** Versions no engine release serves yet (the development version). */
  unreleased: string[];
  /** Engine release lines whose highest API version is each version. */
  engines: Record<string, string[]>;
  /** Every engine release, oldest first, with the lowest API version it accepts. */
  releases: EngineColumn[];
  /** Keyed by endpoint: `GET /containers/{}/archive`. */
  operations: Record<string, OperationRow>;
  definitions: Record<string, MatrixRow & { properties: Record<string, MatrixRow> }>;
}

const resourceOf = (path: string) => path.split('/')[1]?.replace(/^_/, '') || 'system';

/** The first release (in release order) that serves `version`. */
export function firstEngine(version: string, releases: EngineRelease[]): string | undefined {
  return releases.find((r) => compareVersions(r.maxApi, version) >= 0)?.engine;
}

/** Versions absent between two present ones, in gaps of at most MAX_OMISSION. */
export function omissionsOf(present: string[], all: string[]): string[] {
  const first = all.indexOf(present[0]);
  const last = all.indexOf(present.at(-1)!);
  const omitted: string[] = [];
  let gap: string[] = [];
  for (const version of all.slice(first, last + 1)) {
    if (!present.includes(version)) gap.push(version);
    else {
      if (gap.length <= MAX_OMISSION) omitted.push(...gap);
      gap = [];
    }
  }
  return omitted;
}

function row(versions: string[], all: string[], releases: EngineRelease[]): MatrixRow {
  const omitted = omissionsOf(versions, all);
  const engine = firstEngine(versions[0], releases);
  return { versions, since: versions[0], ...(engine ? { firstEngine: engine } : {}), ...(omitted.length ? { omitted } : {}) };
}

type Seen = Record<string, string[]>;
const note = (map: Seen, key: string, version: string) => (map[key] ??= []).push(version);
const sorted = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));

/** The range packages' columns, from their models (keyed `1.41-v1.51`). */
export function rangeColumns(rangeModels: Map<string, ApiModel>, releases: EngineRelease[]): RangeColumn[] {
  return [...rangeModels]
    .sort(([a], [b]) => compareVersions(a.split('-v')[0], b.split('-v')[0]) || compareVersions(a.split('-v')[1], b.split('-v')[1]))
    .map(([key, model]) => {
      const [low, high] = key.split('-v');
      const engines = releases
        .filter((r) => compareVersions(r.maxApi, low) >= 0 && compareVersions(r.minApi, high) <= 0)
        .map((r) => r.engine);
      const endpoints = [...new Set(model.operations.map((o) => endpointOf(o.method, o.path)))].sort();
      return { package: `@dockerapi/v${key}`, low, high, engines, endpoints };
    });
}

export function buildMatrix(
  models: Map<string, ApiModel>,
  releases: EngineRelease[],
  history: Record<string, EndpointHistory> = {},
  rangeModels: Map<string, ApiModel> = new Map(),
): Matrix {
  const versions = [...models.keys()].sort(compareVersions);
  const served = releases
    .map((r) => r.maxApi)
    .sort(compareVersions)
    .at(-1);
  const unreleased = versions.filter((v) => !served || compareVersions(v, served) > 0);
  const engines = Object.fromEntries(versions.map((v) => [v, releases.filter((r) => r.maxApi === v).map((r) => r.engine)]));
  const oldest = versions[0];
  const columns = releases.map((r) => (oldest && compareVersions(r.minApi, oldest) > 0 ? { ...r, refusesBelow: r.minApi } : { ...r }));
  type EndpointSeen = {
    method: string;
    path: string;
    ids: Record<string, string[]>;
    versions: string[];
    parameters: Seen;
    request: Seen;
    response: Seen;
  };
  const seenOps = new Map<string, EndpointSeen>();
  const seenDefs = new Map<string, { versions: string[]; properties: Seen }>();
  for (const version of versions) {
    const model = models.get(version)!;
    for (const { id, method, path, parameters, op } of model.operations) {
      const endpoint = endpointOf(method, path);
      const seen = seenOps.get(endpoint) ?? { method, path, ids: {}, versions: [], parameters: {}, request: {}, response: {} };
      seenOps.set(endpoint, seen);
      seen.path = path;
      seen.versions.push(version);
      note(seen.ids, id, version);
      for (const p of parameters) note(seen.parameters, `${p.in}.${p.name}`, version);
      const body = flatten(model, Object.values<any>(op.requestBody?.content ?? {})[0]?.schema);
      for (const name of Object.keys(body.properties ?? {})) note(seen.request, name, version);
      const names = new Set<string>();
      for (const [, response] of successResponses(op)) {
        const schema = flatten(model, response.content?.['application/json']?.schema);
        for (const name of Object.keys((schema.items ? flatten(model, schema.items) : schema).properties ?? {})) names.add(name);
      }
      for (const name of names) note(seen.response, name, version);
    }
    for (const [name, schema] of Object.entries<any>(model.components?.schemas ?? {})) {
      const seen = seenDefs.get(name) ?? { versions: [], properties: {} };
      seenDefs.set(name, seen);
      seen.versions.push(version);
      for (const property of Object.keys(flatten(model, schema).properties ?? {})) note(seen.properties, property, version);
    }
  }
  const rows = (seen: Seen) => sorted(Object.fromEntries(Object.entries(seen).map(([k, v]) => [k, row(v, versions, releases)])));
  const operations: Matrix['operations'] = {};
  for (const [endpoint, seen] of seenOps) {
    const operationIds =
      history[endpoint]?.operationIds ??
      Object.entries(seen.ids).map(([operationId, present]) => ({ operationId, versions: ranges(present, versions) }));
    operations[endpoint] = {
      method: seen.method,
      path: seen.path,
      resource: resourceOf(seen.path),
      ...row(seen.versions, versions, releases),
      operationIds,
      parameters: rows(seen.parameters),
      request: rows(seen.request),
      response: rows(seen.response),
    };
  }
  const definitions: Matrix['definitions'] = {};
  for (const [name, seen] of seenDefs) {
    definitions[name] = { ...row(seen.versions, versions, releases), properties: rows(seen.properties) };
  }
  const rangeList = rangeModels.size ? { ranges: rangeColumns(rangeModels, releases) } : {};
  return {
    versions,
    ...rangeList,
    unreleased,
    engines,
    releases: columns,
    operations: sorted(operations),
    definitions: sorted(definitions),
  };
}
