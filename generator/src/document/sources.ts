// The pinned upstream inputs: which files exist, where they come from, and their sha256.
// Upstream files are copied into a git-ignored folder by `specs sync` and verified on every load.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** `DOCKERAPI_SPECS` points every command at another specs folder: a scratch copy to try a new upstream version in. */
export const specsDir = process.env.DOCKERAPI_SPECS ? path.resolve(process.env.DOCKERAPI_SPECS) : path.join(repoRoot, 'specs');
export const upstreamDir = path.join(specsDir, '.upstream');
/** The mirror folder used when no `--from` is given and it exists beside the repository. */
export const defaultMirror = path.resolve(repoRoot, '../shared/docker-api-specs');

export interface PinnedFile {
  file: string;
  format: 'swagger-2.0' | 'markdown';
  apiVersion?: string;
  released?: boolean;
  kind?: string;
  url: string;
  sha256: string;
}

export interface EngineRelease {
  engine: string;
  maxApi: string;
  minApi: string;
}

export interface SourceList {
  files: PinnedFile[];
  engineReleases: EngineRelease[];
}

export async function readSourceList(file = path.join(specsDir, 'sources.json')): Promise<SourceList> {
  return JSON.parse(await readFile(file, 'utf8')) as SourceList;
}

export interface SpecSource extends PinnedFile {
  apiVersion: string;
  released: boolean;
}

/** Every API version's source, oldest first: Swagger specs, and v1.24's Markdown (reconstructed). */
export function apiSpecs(list: SourceList): SpecSource[] {
  return list.files.filter((f): f is SpecSource => f.apiVersion !== undefined);
}

/** The Markdown-only version is rebuilt from the oldest Swagger spec and the change log. */
export function reconstructionInputs(list: SourceList): { base: SpecSource; changelog: PinnedFile } {
  const base = apiSpecs(list).find((s) => s.format === 'swagger-2.0')!;
  const changelog = list.files.find((f) => f.kind === 'version-history')!;
  return { base, changelog };
}

export const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

export class SourceError extends Error {}

function verify(file: PinnedFile, data: Buffer, origin: string): void {
  const actual = sha256(data);
  if (actual !== file.sha256) {
    throw new SourceError(`${file.file}: sha256 mismatch for ${origin}: expected ${file.sha256}, got ${actual}`);
  }
}

async function fetchPinned(file: PinnedFile, mirror: string | undefined): Promise<Buffer> {
  if (mirror) {
    const from = path.join(mirror, file.file);
    if (!existsSync(from)) throw new SourceError(`${file.file}: missing from mirror folder ${mirror}`);
    const data = await readFile(from);
    verify(file, data, from);
    return data;
  }
  let response: Response;
  try {
    response = await fetch(file.url, { signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new SourceError(`${file.file}: cannot download ${file.url}: ${(error as Error).message}`);
  }
  if (!response.ok) throw new SourceError(`${file.file}: cannot download ${file.url}: HTTP ${response.status}`);
  const data = Buffer.from(await response.arrayBuffer());
  verify(file, data, file.url);
  return data;
}

/**
 * Copies every pinned file into `dest` (from a mirror folder, or the pinned URL when none is given).
 * All files are verified in a staging folder first, so a failure leaves `dest` untouched.
 */
export async function syncSources(list: SourceList, mirror: string | undefined, dest = upstreamDir): Promise<string[]> {
  const staging = `${dest}.staging-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    const done: string[] = [];
    for (const file of list.files) {
      const target = path.join(dest, file.file);
      if (existsSync(target) && sha256(await readFile(target)) === file.sha256) continue;
      await writeFile(path.join(staging, file.file), await fetchPinned(file, mirror));
      done.push(file.file);
    }
    await mkdir(dest, { recursive: true });
    for (const name of done) await rename(path.join(staging, name), path.join(dest, name));
    return done;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Reads one pinned file from the synced folder, refusing anything whose hash changed. */
export async function readPinned(file: PinnedFile, dir = upstreamDir): Promise<Buffer> {
  const from = path.join(dir, file.file);
  if (!existsSync(from)) {
    throw new SourceError(`${file.file}: not synced into ${path.relative(process.cwd(), dir) || dir}; run \`dockerapi-gen specs sync\``);
  }
  const data = await readFile(from);
  verify(file, data, from);
  return data;
}
