// What the check knows about versions: every generated package's operation table (when each operation,
// parameter and body field came), which versions have each operation, and which engine release first
// speaks each API version.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { OperationDescriptor } from '@dockerapi/runtime';
import type { EngineRelease } from '../document/sources.js';
import { compareVersions } from '../versions.js';

/** One operation method as all versions together know it. */
export interface OperationFacts {
  id: string;
  since: string;
  /** Query and header parameters newer than the operation. */
  paramSince: Record<string, string>;
  /** Body fields newer than the operation, by dotted path (`HostConfig.Annotations`, a map's values as `*`). */
  bodySince: Record<string, string>;
  /** The API versions whose package has the endpoint (method and path), under whatever method name. */
  versions: Set<string>;
}

export interface VersionKnowledge {
  /** Generated API versions, oldest first. */
  versions: string[];
  operations: Map<string, OperationFacts>;
  /** Generated range packages, each as its lowest and highest version. */
  ranges: { low: string; high: string }[];
  releases: EngineRelease[];
}

/** What `--api` or `--engine` names: an API version and, when released, the engine and its lowest accepted version. */
export interface Goal {
  api: string;
  engine?: string;
  /** The lowest API version that engine accepts: a client that speaks only older ones is refused. */
  minApi?: string;
}

export class BadInputError extends Error {}

/** Reads the operation tables of the packages generated into `generatedDir`. */
export async function loadKnowledge(generatedDir: string, releases: EngineRelease[]): Promise<VersionKnowledge> {
  const names = existsSync(generatedDir) ? await readdir(generatedDir) : [];
  const folders = names.filter((name) => /^v\d+\.\d+$/.test(name));
  const ranges = names
    .map((name) => /^v(\d+\.\d+)-v(\d+\.\d+)$/.exec(name))
    .filter((m) => m !== null)
    .map(([, low, high]) => ({ low, high }))
    .sort((a, b) => compareVersions(a.low, b.low) || compareVersions(a.high, b.high));
  if (!folders.length) throw new BadInputError(`no generated packages in ${generatedDir}: run \`npm run generate\` first`);
  const versions = folders.map((name) => name.slice(1)).sort(compareVersions);
  const operations = new Map<string, OperationFacts>();
  // by endpoint: the same endpoint can have another method name in an old package (its operationId changed)
  const endpointVersions = new Map<string, Set<string>>();
  const endpointOf = (op: OperationDescriptor) => `${op.method} ${op.path.replace(/\{[^}]*\}/g, '{}')}`;
  for (const version of versions) {
    const table: Record<string, OperationDescriptor> = (
      await import(pathToFileURL(path.join(generatedDir, `v${version}`, 'operations.js')).href)
    ).operations;
    for (const [method, op] of Object.entries(table)) {
      if (op.unsupported) continue;
      const endpoint = endpointOf(op);
      const present = endpointVersions.get(endpoint) ?? new Set<string>();
      endpointVersions.set(endpoint, present);
      present.add(version);
      const facts = operations.get(method) ?? { id: op.id, since: op.since ?? version, paramSince: {}, bodySince: {}, versions: present };
      operations.set(method, facts);
      Object.assign(facts.paramSince, op.paramSince);
      Object.assign(facts.bodySince, op.bodySince);
    }
  }
  return { versions, operations, ranges, releases };
}

/** Operation method -> its versioned body fields: what the call finder needs to know of each operation. */
export const bodyKeysByOperation = (knowledge: VersionKnowledge) =>
  new Map([...knowledge.operations].map(([method, facts]) => [method, Object.keys(facts.bodySince)]));

/** The first engine release that speaks `api`, if any was released. */
export function firstEngine(api: string, releases: EngineRelease[]): string | undefined {
  return releases.find((r) => compareVersions(r.minApi, api) <= 0 && compareVersions(api, r.maxApi) <= 0)?.engine;
}

/** An engine release as a target: its highest API version, and the lowest it accepts. */
export function engineGoal(engine: string, releases: EngineRelease[]): Goal {
  const release = releases.find((r) => r.engine === engine.replace(/^v/, ''));
  if (!release) {
    throw new BadInputError(`--engine ${engine}: unknown Docker Engine release (known: ${releases.map((r) => r.engine).join(', ')})`);
  }
  return { api: release.maxApi, engine: release.engine, minApi: release.minApi };
}

/**
 * An API version as a target: an engine's API version is its highest, so the engines meant are those
 * whose highest it is; the lowest version they accept is the strictest of theirs.
 */
export function apiGoal(api: string, releases: EngineRelease[]): Goal {
  const version = api.replace(/^v/, '');
  const minimums = releases.filter((r) => r.maxApi === version).map((r) => r.minApi);
  const minApi = minimums.length ? minimums.reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b)) : undefined;
  return { api: version, engine: firstEngine(version, releases), ...(minApi ? { minApi } : {}) };
}

/** The knowledge as JSON: what the published CLI ships, so that it needs no generated packages. */
export interface KnowledgeJson {
  versions: string[];
  operations: Record<string, Omit<OperationFacts, 'versions'> & { versions: string[] }>;
  ranges: { low: string; high: string }[];
  releases: EngineRelease[];
}

export const knowledgeToJson = (knowledge: VersionKnowledge): KnowledgeJson => ({
  versions: knowledge.versions,
  operations: Object.fromEntries([...knowledge.operations].map(([method, facts]) => [method, { ...facts, versions: [...facts.versions] }])),
  ranges: knowledge.ranges,
  releases: knowledge.releases,
});

export function knowledgeFromJson(json: KnowledgeJson): VersionKnowledge {
  // operations of one endpoint share its version set, as loadKnowledge builds them; equal sets suffice here
  const operations = new Map(
    Object.entries(json.operations).map(([method, facts]) => [method, { ...facts, versions: new Set(facts.versions) }]),
  );
  return { versions: json.versions, operations, ranges: json.ranges, releases: json.releases };
}
