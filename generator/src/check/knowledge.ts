// What the check knows about versions: every generated package's operation table (when each operation,
// parameter and body field came), which versions have each operation, and which engine release first
// speaks each API version.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { OperationDescriptor } from '@dockerapi/runtime';
import type { EngineRelease } from '../sources.js';
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
  releases: EngineRelease[];
}

export class BadInputError extends Error {}

/** Reads the operation tables of the packages generated into `generatedDir`. */
export async function loadKnowledge(generatedDir: string, releases: EngineRelease[]): Promise<VersionKnowledge> {
  const folders = existsSync(generatedDir) ? (await readdir(generatedDir)).filter((name) => /^v\d+\.\d+$/.test(name)) : [];
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
  return { versions, operations, releases };
}

/** Operation method -> its versioned body fields: what the call finder needs to know of each operation. */
export const bodyKeysByOperation = (knowledge: VersionKnowledge) =>
  new Map([...knowledge.operations].map(([method, facts]) => [method, Object.keys(facts.bodySince)]));

/** The first engine release that speaks `api`, if any was released. */
export function firstEngine(api: string, releases: EngineRelease[]): string | undefined {
  return releases.find((r) => compareVersions(r.minApi, api) <= 0 && compareVersions(api, r.maxApi) <= 0)?.engine;
}

/** The highest API version an engine release speaks. */
export function engineApi(engine: string, releases: EngineRelease[]): string {
  const release = releases.find((r) => r.engine === engine.replace(/^v/, ''));
  if (!release) {
    throw new BadInputError(`--engine ${engine}: unknown Docker Engine release (known: ${releases.map((r) => r.engine).join(', ')})`);
  }
  return release.maxApi;
}
