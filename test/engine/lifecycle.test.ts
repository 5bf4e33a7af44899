// Each call's lifetime against the real engine (run again on undici by the engine-undici project):
// request bodies that fail before they are sent, run() aborted while its container runs, and
// detached exec starts that must not hold connections.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { AbortedError, DockerClient, NotFoundError, RequestBodyError, TimeoutError } from '@dockerapi/v1.51';
import { trapProcessFailures } from '../support/process-traps.js';

trapProcessFailures();

const host = inject('dockerHost');
const image = inject('testImage');
const docker = new DockerClient({ host });
const created: string[] = [];
afterAll(async () => {
  for (const id of created) await docker.containerDelete({ id, force: true }).catch(() => undefined);
  await docker.close();
});

const MISSING = path.join(os.tmpdir(), 'dockerapi-no-such-file.tar');

describe('a request body that fails before it is sent', () => {
  it.each([{ negotiated: false }, { negotiated: true }])(
    'putContainerArchive of a missing file (negotiated: $negotiated)',
    async ({ negotiated }) => {
      const client = new DockerClient({ host });
      try {
        if (negotiated) await client.apiVersion();
        const { Id } = await client.containerCreate({ body: { Image: image, Cmd: ['true'] } });
        created.push(Id);
        const put = client.putContainerArchive({ id: Id, path: '/tmp', body: fs.createReadStream(MISSING) });
        await expect(put).rejects.toThrow(RequestBodyError);
        await expect(put).rejects.toThrow(`the request body failed (ENOENT: no such file or directory, open '${MISSING}')`);
        // The client goes on.
        expect((await client.containerInspect({ id: Id })).Id).toBe(Id);
      } finally {
        await client.close();
      }
    },
  );

  it('a missing file as the very first call of a client, before negotiation', async () => {
    const client = new DockerClient({ host });
    try {
      const put = client.putContainerArchive({ id: 'none', path: '/tmp', body: fs.createReadStream(MISSING) });
      await expect(put).rejects.toThrow(RequestBodyError);
    } finally {
      await client.close();
    }
  });

  it.each([{ gzip: false }, { gzip: true }])('build() of a missing folder (gzip: $gzip)', async ({ gzip }) => {
    const build = docker.build(path.join(os.tmpdir(), 'dockerapi-no-such-folder'), { gzip });
    await expect(build).rejects.toThrow(RequestBodyError);
    await expect(build).rejects.toThrow('ENOENT');
  });
});

describe('run() under one signal and timeout', () => {
  /** A stdout that calls `onFirst` when the container's first output comes. */
  const firstOutput = (onFirst: () => void) =>
    new Writable({
      write(_chunk, _encoding, done) {
        onFirst();
        done();
      },
    });

  it('aborted while the container runs: AbortedError, and the container is removed', async () => {
    const controller = new AbortController();
    const ids: string[] = [];
    const run = docker.run({
      image,
      cmd: ['sh', '-c', 'echo ready; sleep 60'],
      signal: controller.signal,
      onContainer: (id) => ids.push(id),
      stdout: firstOutput(() => controller.abort()),
    });
    await expect(run).rejects.toThrow(AbortedError);
    expect(ids).toHaveLength(1);
    await expect(docker.containerInspect({ id: ids[0] })).rejects.toThrow(NotFoundError);
  });

  it('timed out with remove: false: TimeoutError, and the container is kept', async () => {
    const ids: string[] = [];
    const run = docker.run({ image, cmd: ['sleep', '60'], remove: false, timeout: 1500, onContainer: (id) => ids.push(id) });
    await expect(run).rejects.toThrow(TimeoutError);
    created.push(...ids);
    expect((await docker.containerInspect({ id: ids[0] })).State?.Running).toBe(true);
  });

  it('reports its container before the output, and removes it after a normal exit', async () => {
    const seen: string[] = [];
    const result = await docker.run({ image, cmd: ['echo', 'hi'], onContainer: (id) => seen.push(id) });
    expect(seen).toEqual([result.containerId]);
    expect(result.stdout).toBe('hi\n');
    await expect(docker.containerInspect({ id: result.containerId })).rejects.toThrow(NotFoundError);
  });
});

it('detached exec starts, more than the pool holds, leave the client working', async () => {
  const client = new DockerClient({ host, maxConnections: 4 });
  try {
    const { Id } = await client.containerCreate({ body: { Image: image, Cmd: ['sleep', '60'] } });
    created.push(Id);
    await client.containerStart({ id: Id });
    for (let i = 0; i < 10; i++) {
      const exec = await client.containerExec({ id: Id, body: { Cmd: ['true'] } });
      expect(await client.execStart({ id: exec.Id!, body: { Detach: true } })).toBeUndefined();
    }
    expect((await client.containerInspect({ id: Id }, { timeout: 5000 })).Id).toBe(Id);
  } finally {
    await client.close();
  }
});
