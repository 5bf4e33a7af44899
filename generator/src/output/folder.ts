// Writes generated packages atomically: everything goes to a staging folder beside the output and
// is swapped in by rename, so a failed run leaves the previous output whole. The manifest lists
// every file the generator owns, with the input key it was built from (the cache).
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, symlink, writeFile, lstat, readlink } from 'node:fs/promises';
import path from 'node:path';
import { sha256 } from '../document/sources.js';

export type PackageFiles = Map<string, string>;

export interface OwnedFiles {
  inputKey: string;
  files: Record<string, string>;
}

export interface Manifest {
  about: string;
  versions: Record<string, OwnedFiles>;
  reports?: OwnedFiles;
}

export interface Group {
  inputKey: string;
  files: PackageFiles;
}

const MANIFEST = 'manifest.json';

export const packageDir = (version: string) => `v${version}`;

export async function readManifest(outDir: string): Promise<Manifest | undefined> {
  try {
    return JSON.parse(await readFile(path.join(outDir, MANIFEST), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/** The files of a version as they are on disk, if they still match the manifest's record. */
export function readUnchanged(
  outDir: string,
  manifest: Manifest | undefined,
  version: string,
  inputKey: string,
): Promise<PackageFiles | undefined> {
  return readOwned(path.join(outDir, packageDir(version)), manifest?.versions[version], inputKey);
}

export function readUnchangedReports(outDir: string, manifest: Manifest | undefined, inputKey: string): Promise<PackageFiles | undefined> {
  return readOwned(path.join(outDir, 'reports'), manifest?.reports, inputKey);
}

async function readOwned(dir: string, entry: OwnedFiles | undefined, inputKey: string): Promise<PackageFiles | undefined> {
  if (!entry || entry.inputKey !== inputKey) return undefined;
  const files: PackageFiles = new Map();
  for (const [name, hash] of Object.entries(entry.files)) {
    const file = path.join(dir, name);
    if (!existsSync(file)) return undefined;
    const text = await readFile(file, 'utf8');
    if (sha256(text) !== hash) return undefined;
    files.set(name, text);
  }
  return files;
}

const owned = ({ inputKey, files }: Group): OwnedFiles => ({
  inputKey,
  files: Object.fromEntries([...files].sort(([a], [b]) => a.localeCompare(b)).map(([n, t]) => [n, sha256(t)])),
});

function manifestFor(packages: Map<string, Group>, reports?: Group): Manifest {
  const versions: Manifest['versions'] = {};
  for (const [version, group] of [...packages].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })))
    versions[version] = owned(group);
  return {
    about: 'Files owned by dockerapi-gen; `npm run generate` replaces this folder. Do not edit.',
    versions,
    ...(reports ? { reports: owned(reports) } : {}),
  };
}

/** Replaces `outDir` with exactly these packages and reports. */
export async function writeOutput(outDir: string, packages: Map<string, Group>, reports?: Group): Promise<void> {
  const staging = `${outDir}.staging-${process.pid}`;
  const old = `${outDir}.old-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  try {
    for (const [version, { files }] of packages) {
      const dir = path.join(staging, packageDir(version));
      await mkdir(dir, { recursive: true });
      for (const [name, text] of files) await writeFile(path.join(dir, name), text);
    }
    await mkdir(staging, { recursive: true });
    for (const [name, text] of reports?.files ?? []) {
      await mkdir(path.dirname(path.join(staging, 'reports', name)), { recursive: true });
      await writeFile(path.join(staging, 'reports', name), text);
    }
    await writeFile(path.join(staging, MANIFEST), `${JSON.stringify(manifestFor(packages, reports), null, 2)}\n`);
    if (existsSync(outDir)) await rename(outDir, old);
    await rename(staging, outDir);
  } finally {
    await rm(staging, { recursive: true, force: true });
    await rm(old, { recursive: true, force: true });
  }
}

/** Lists every file under `dir`, relative, sorted. */
export async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = path.posix.join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path.join(dir, entry.name), rel)));
    else out.push(rel);
  }
  return out.sort();
}

/** Files that differ between two output folders (added, removed or changed). */
export async function compareOutputs(expected: string, actual: string): Promise<string[]> {
  const [a, b] = await Promise.all([listFiles(expected), listFiles(actual)]);
  const names = [...new Set([...a, ...b])].sort();
  const differing: string[] = [];
  for (const name of names) {
    const [x, y] = await Promise.all([expected, actual].map((dir) => readFile(path.join(dir, name)).catch(() => undefined)));
    if (!x || !y || !x.equals(y)) differing.push(name);
  }
  return differing;
}

/**
 * npm links workspaces at install time, before any package is generated; link each generated
 * package into node_modules/@dockerapi so scripts at the root can import it by name. Returns the links.
 */
export async function linkPackages(nodeModules: string, outDir: string, versions: string[]): Promise<string[]> {
  const scope = path.join(nodeModules, '@dockerapi');
  await mkdir(scope, { recursive: true });
  for (const name of await readdir(scope)) {
    if (/^v1\.\d+(-v1\.\d+)?$/.test(name) && !versions.includes(name.slice(1)))
      await rm(path.join(scope, name), { recursive: true, force: true });
  }
  for (const version of versions) {
    const link = path.join(scope, packageDir(version));
    const target = path.relative(scope, path.join(outDir, packageDir(version)));
    const current = await lstat(link).then(
      (s) => (s.isSymbolicLink() ? readlink(link) : 'not a link'),
      () => undefined,
    );
    if (current === target) continue;
    if (current !== undefined) await rm(link, { recursive: true, force: true });
    await symlink(target, link, 'dir');
  }
  return versions.map((version) => path.join(scope, packageDir(version)));
}
