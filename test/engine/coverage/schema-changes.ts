// Which operations must be exercised at which API version: every operation whose request or response
// schema changed at that version, read from the generated diffs (generated/reports/diffs), so a new
// diff asks for more without anyone writing a list.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ApiDiff, ChangeKind } from '../../../generator/src/reports/diff.ts';
import { repoRoot } from '../../../generator/src/document/sources.ts';
import { compareVersions } from '../../../generator/src/versions.ts';

const diffsDir = path.join(repoRoot, 'generated/reports/diffs');

/**
 * Changes to what is sent or answered. Not: definitions added, removed or renamed (a type's name,
 * not the wire; their users' own changes are listed separately), status codes and headers (no
 * schema), deprecations (documentation), and operations added, moved, renamed or removed: a new
 * operation has no older schema to differ from, and the coverage check already asks for every
 * operation of the newest version.
 */
const SCHEMA_KINDS = new Set<ChangeKind>([
  'parameter-added',
  'parameter-removed',
  'parameter-changed',
  'property-added',
  'property-removed',
  'type-changed',
  'enum-added',
  'enum-removed',
  'enum-introduced',
  'enum-lifted',
  'became-required',
  'became-optional',
  'became-nullable',
  'became-non-nullable',
  'content-type-added',
  'content-type-removed',
]);

export interface SchemaChangePair {
  operation: string;
  /** The version the change arrived in. */
  version: string;
}

const cache = new Map<string, SchemaChangePair[]>();

/** Every (operation, version) whose schema changed, sorted by version then operation. */
export function schemaChangePairs(dir = diffsDir): SchemaChangePair[] {
  if (!cache.has(dir)) cache.set(dir, readPairs(dir));
  return cache.get(dir)!;
}

function readPairs(dir: string): SchemaChangePair[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  if (!files.length) throw new Error(`no diffs in ${dir}: run \`npm run generate\` first`);
  const pairs = new Map<string, SchemaChangePair>();
  for (const file of files) {
    const diff = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as ApiDiff;
    for (const change of diff.changes) {
      if (!SCHEMA_KINDS.has(change.kind)) continue;
      for (const operation of change.operation ? [change.operation] : (change.operations ?? [])) {
        pairs.set(`${diff.to} ${operation}`, { operation, version: diff.to });
      }
    }
  }
  return [...pairs.values()].sort((a, b) => compareVersions(a.version, b.version) || a.operation.localeCompare(b.operation));
}

/** The operations whose schema changed at `version`. */
export const changedAt = (version: string, pairs = schemaChangePairs()) =>
  new Set(pairs.filter((p) => p.version === version).map((p) => p.operation));
