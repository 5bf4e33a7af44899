// What a run derives per version and later runs reuse, kept in .cache/ beside the output and keyed
// by the input key it was derived from: each version's API model (what the reports compare) and its
// endpoint and field lists (what the cross-version facts are computed from).
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../document/sources.js';

// DOCKERAPI_GEN_CACHE moves it, e.g. to time a first run as a fresh clone has it.
export const cacheDir = process.env.DOCKERAPI_GEN_CACHE ? path.resolve(process.env.DOCKERAPI_GEN_CACHE) : path.join(repoRoot, '.cache');

export type CacheKind = 'models' | 'endpoints' | 'fields';

const fileOf = (kind: CacheKind, version: string, key: string) => path.join(cacheDir, kind, `v${version}-${key.slice(0, 16)}.json`);

export async function readCached<T>(kind: CacheKind, version: string, key: string): Promise<T | undefined> {
  const file = fileOf(kind, version, key);
  return existsSync(file) ? (JSON.parse(await readFile(file, 'utf8')) as T) : undefined;
}

/** `json`: the value already as JSON, when the caller has it. */
export async function writeCached(
  kind: CacheKind,
  version: string,
  key: string,
  value: unknown,
  json = JSON.stringify(value),
): Promise<void> {
  const file = fileOf(kind, version, key);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(`${file}.tmp`, json);
  await rename(`${file}.tmp`, file);
}
