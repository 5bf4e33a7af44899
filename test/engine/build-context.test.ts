// The build contexts users give build() besides a whole folder (from dockerode's tests): a chosen
// subset of a folder's files (dockerode's `src`), and a tar file by its path, plain or gzipped.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { DockerClient, InvalidParameterError, RequestBodyError } from '@dockerapi/v1.51';
import tarFs from 'tar-fs';
import { createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

const host = inject('dockerHost');
const image = inject('testImage');
const docker = new DockerClient({ host });
const tag = 'dockerapi-test/context:latest';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dockerapi-context-'));
  await mkdir(path.join(dir, 'src/deep'), { recursive: true });
  await writeFile(
    path.join(dir, 'Dockerfile'),
    `FROM ${image}\nCOPY . /ctx/\nCMD for f in /ctx/* /ctx/*/* /ctx/*/*/*; do [ -f "$f" ] && echo "$f"; done; true\n`,
  );
  for (const file of ['a.txt', 'b.txt', 'src/one.txt', 'src/deep/two.txt', 'src/skip.log']) await writeFile(path.join(dir, file), file);
  await writeFile(path.join(dir, '.dockerignore'), '**/*.log\n');
});
afterAll(async () => {
  await docker.imageDelete({ name: tag, force: true }).catch(() => undefined);
  await docker.close();
  await rm(dir, { recursive: true, force: true });
});

/** The files the built image holds under /ctx, sorted. */
async function builtFiles(): Promise<string[]> {
  const { stdout } = await docker.run({ image: tag });
  return stdout.split('\n').filter(Boolean).sort();
}

it("builds from a folder's chosen files and folders only, .dockerignore still applying within them", async () => {
  const id = await docker.build(dir, { t: tag, files: ['Dockerfile', 'a.txt', 'src'] });
  expect(id).toMatch(/^sha256:/);
  expect(await builtFiles()).toEqual(['/ctx/Dockerfile', '/ctx/a.txt', '/ctx/src/deep/two.txt', '/ctx/src/one.txt']);
});

it.each([
  { name: 'context.tar', gzip: false },
  { name: 'context.tar.gz', gzip: true },
])('builds from a tar file given by its path: $name', async ({ name, gzip }) => {
  const archive = path.join(os.tmpdir(), `${path.basename(dir)}-${name}`);
  try {
    const pack = tarFs.pack(dir, { entries: ['Dockerfile', 'b.txt'] }) as unknown as Readable;
    if (gzip) await pipeline(pack, createGzip(), createWriteStream(archive));
    else await pipeline(pack, createWriteStream(archive));
    await docker.build(archive, { t: tag });
    expect(await builtFiles()).toEqual(['/ctx/Dockerfile', '/ctx/b.txt']);
  } finally {
    await rm(archive, { force: true });
  }
});

it.each([
  {
    context: () => path.join(dir, 'missing'),
    params: {},
    type: RequestBodyError,
    error: /POST \/build: the request body failed \(ENOENT.*missing/,
  },
  {
    context: () => dir,
    params: { files: ['nope.txt'] },
    type: InvalidParameterError,
    error: /build context files: "nope.txt": no such file in /,
  },
  {
    context: () => dir,
    params: { files: ['../outside'] },
    type: InvalidParameterError,
    error: /build context files: "..\/outside" is not inside /,
  },
  { context: () => dir, params: { files: [] }, type: InvalidParameterError, error: /build context files: the list is empty/ },
  {
    context: () => path.join(dir, 'a.txt'),
    params: { files: ['a.txt'] },
    type: InvalidParameterError,
    error: /files apply to a folder, not a tar file/,
  },
])('refuses a context it cannot send, before any request: $error', async ({ context, params, type, error }) => {
  const build = docker.build(context(), params);
  await expect(build).rejects.toThrow(error);
  await expect(build).rejects.toBeInstanceOf(type);
});
