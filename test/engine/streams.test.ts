// Streams against the real engine: demultiplexed logs (by Content-Type, and by TTY for engines
// before 1.42), JSON-lines events and builds, hijacked attach and exec with stdin, tar archives, run().
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { DockerClient as DockerClientType } from '@dockerapi/v1.51';
import { newest } from './support/newest.ts';
import { DockerClient as Client141 } from '@dockerapi/v1.41';
import tar from 'tar-stream';
import { covered } from './coverage/covered-client.ts';

// At each engine's newest version (Engine 28.5: v1.51, Engine 29.7: v1.55).
const { DockerClient, InvalidParameterError, StreamError, buildContext } = newest;

const host = inject('dockerHost');
const image = inject('testImage');
const docker = covered(new DockerClient({ host }));
const old = covered(new Client141({ host }));
const created: string[] = [];
afterAll(async () => {
  for (const id of created) await docker.containerDelete({ id, force: true }).catch(() => undefined);
  await Promise.all([docker.close(), old.close()]);
});

async function container(cmd: string[], config: Record<string, unknown> = {}) {
  const { Id } = await docker.containerCreate({ body: { Image: image, Cmd: cmd, ...config } });
  created.push(Id);
  return Id;
}

describe('logs', () => {
  const script = 'for i in 1 2 3; do echo out$i; echo err$i >&2; done';

  it.each([
    { client: 'v1.51 (Content-Type says multiplexed)', pick: () => docker },
    { client: 'v1.41 (raw-stream either way: the TTY setting decides)', pick: () => old as unknown as DockerClientType },
  ])('keeps stdout and stderr apart: $client', async ({ pick }) => {
    const id = await container(['sh', '-c', script]);
    await docker.containerStart({ id });
    await docker.containerWait({ id });
    const logs = await pick().containerLogs({ id, stdout: true, stderr: true });
    expect(logs.multiplexed).toBe(true);
    expect(await logs.text()).toEqual({ stdout: 'out1\nout2\nout3\n', stderr: 'err1\nerr2\nerr3\n' });
  });

  it.each([
    { client: 'v1.51', pick: () => docker },
    { client: 'v1.41', pick: () => old as unknown as DockerClientType },
  ])("passes a TTY container's output through raw: $client", async ({ pick }) => {
    const id = await container(['sh', '-c', 'echo tty-out; echo tty-err >&2'], { Tty: true });
    await docker.containerStart({ id });
    await docker.containerWait({ id });
    const logs = await pick().containerLogs({ id, stdout: true, stderr: true });
    expect(logs.multiplexed).toBe(false);
    expect((await logs.text()).stdout.replace(/\r/g, '')).toBe('tty-out\ntty-err\n');
  });

  it('follows a running container until it exits, as Node streams', async () => {
    const id = await container(['sh', '-c', 'for i in 1 2 3 4 5; do echo line$i; sleep 0.1; done']);
    await docker.containerStart({ id });
    const { stdout } = (await docker.containerLogs({ id, follow: true, stdout: true })).split();
    let text = '';
    for await (const chunk of stdout) text += chunk;
    expect(text).toBe('line1\nline2\nline3\nline4\nline5\n');
  });
});

describe('JSON-lines streams', () => {
  it('delivers typed events as they happen', async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    const events = await docker.systemEvents({ since: String(since), filters: { type: ['container'], event: ['create', 'destroy'] } });
    const id = await container(['true']);
    await docker.containerDelete({ id });
    const seen: string[] = [];
    for await (const event of events) {
      if (event.Actor?.ID !== id) continue;
      seen.push(event.Action!);
      if (event.Action === 'destroy') break;
    }
    events.body.destroy();
    expect(seen).toEqual(['create', 'destroy']);
  });

  it('builds from a folder honouring .dockerignore, and resolves with the image id', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dockerapi-build-'));
    try {
      await writeFile(path.join(dir, 'Dockerfile'), `FROM ${image}\nCOPY . /ctx/\nCMD ["ls", "/ctx"]\n`);
      await writeFile(path.join(dir, '.dockerignore'), 'secret.txt\n*.log\n');
      await Promise.all(['kept.txt', 'secret.txt', 'debug.log'].map((f) => writeFile(path.join(dir, f), f)));
      const id = await docker.build(dir, { t: 'dockerapi-test/built:latest', rm: true });
      expect(id).toMatch(/^sha256:/);
      const run = await docker.run({ image: 'dockerapi-test/built:latest' });
      expect(run.stdout.split('\n').filter(Boolean).sort()).toEqual(['Dockerfile', 'kept.txt']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("rejects a build whose step fails, with the engine's message from inside the stream", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dockerapi-build-'));
    try {
      await writeFile(path.join(dir, 'Dockerfile'), `FROM ${image}\nRUN sh -c 'exit 7'\n`);
      const failure = docker.build(dir);
      await expect(failure).rejects.toThrow(StreamError);
      await expect(failure).rejects.toThrow(/returned a non-zero code: 7/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('frames a gzip build context too', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dockerapi-build-'));
    try {
      await writeFile(path.join(dir, 'Dockerfile'), `FROM ${image}\nLABEL built=gzip\n`);
      const stream = await docker.imageBuild({ t: 'dockerapi-test/gzip:latest', body: buildContext(dir, { gzip: true }) });
      const items = await stream.done();
      expect(items.some((item) => /Successfully tagged dockerapi-test\/gzip:latest/.test(item.stream ?? ''))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('attach and exec', () => {
  it('writes stdin to an exec, half-closes it, and still gets all the output and the exit code', async () => {
    const id = await container(['sleep', '30']);
    await docker.containerStart({ id });
    const exec = await docker.containerExec({
      id,
      body: { Cmd: ['sh', '-c', 'cat; echo done >&2; exit 4'], AttachStdin: true, AttachStdout: true, AttachStderr: true },
    });
    const session = await docker.execStart({ id: exec.Id, body: { Detach: false, Tty: false } });
    const output = session.output.text();
    await session.write('hello ');
    await session.write(Buffer.from('world\n'));
    session.closeStdin();
    expect(await output).toEqual({ stdout: 'hello world\n', stderr: 'done\n' });
    expect(await session.exitCode()).toBe(4);
  });

  it('resizes a TTY exec', async () => {
    const id = await container(['sleep', '30']);
    await docker.containerStart({ id });
    const exec = await docker.containerExec({ id, body: { Cmd: ['sh', '-c', 'sleep 0.3; stty size'], AttachStdout: true, Tty: true } });
    const session = await docker.execStart({ id: exec.Id, body: { Tty: true } });
    await session.resize({ h: 33, w: 101 });
    const { stdout } = await session.output.text();
    expect(stdout.trim()).toBe('33 101');
  });

  it('attaches to a container and sends it stdin (v1.41 client, older content type)', async () => {
    const { Id } = await old.containerCreate({
      body: {
        Image: image,
        Cmd: ['sh', '-c', 'read line; echo "got $line"; exit 2'],
        OpenStdin: true,
        StdinOnce: true,
        AttachStdin: true,
        AttachStdout: true,
      },
    });
    created.push(Id);
    const attached = await old.containerAttach({ id: Id, stream: true, stdin: true, stdout: true, stderr: true });
    await old.containerStart({ id: Id });
    await attached.write('ping\n');
    attached.closeStdin();
    expect((await attached.output.text()).stdout).toBe('got ping\n');
    expect(await attached.exitCode()).toBe(2);
  });

  it("fails with the engine's error when the container does not exist", async () => {
    await expect(docker.containerAttach({ id: 'dockerapi-missing', stream: true })).rejects.toMatchObject({
      statusCode: 404,
      name: 'NotFoundError',
      message: expect.stringContaining('No such container: dockerapi-missing'),
    });
  });
});

describe('run()', () => {
  it('does what docker run --rm does, with the exit code and both outputs', async () => {
    const result = await docker.run({ image, cmd: ['sh', '-c', 'echo hi; echo oops >&2; exit 5'] });
    expect(result).toMatchObject({ exitCode: 5, stdout: 'hi\n', stderr: 'oops\n' });
    await expect(docker.containerInspect({ id: result.containerId })).rejects.toMatchObject({
      statusCode: 404,
      name: 'NotFoundError',
      message: expect.stringContaining(`No such container: ${result.containerId}`),
    });
  });

  it('feeds stdin and keeps the container when asked', async () => {
    const result = await docker.run({ image, cmd: ['sh', '-c', 'tr a-z A-Z'], stdin: Readable.from(['abc', 'def\n']), remove: false });
    created.push(result.containerId);
    expect(result).toMatchObject({ exitCode: 0, stdout: 'ABCDEF\n' });
    expect((await docker.containerInspect({ id: result.containerId })).State?.Status).toBe('exited');
  });
});

describe('archives', () => {
  it('puts a tar into a container, reads the path stat, and gets it back', async () => {
    const id = await container(['true']);
    const pack = tar.pack();
    pack.entry({ name: 'greeting.txt', mode: 0o640 }, 'hello archive\n');
    pack.finalize();
    await docker.putContainerArchive({ id, path: '/', body: pack });
    const stat = await docker.containerArchiveInfo({ id, path: '/greeting.txt' });
    expect(stat).toMatchObject({ name: 'greeting.txt', size: 14, linkTarget: '' });
    const archive = await docker.containerArchive({ id, path: '/greeting.txt' });
    expect(archive.pathStat).toMatchObject({ name: 'greeting.txt', size: 14 });
    const extract = tar.extract();
    const files: Record<string, string> = {};
    extract.on('entry', (header, stream, next) => {
      let text = '';
      stream.on('data', (chunk: unknown) => {
        text += String(chunk);
      });
      stream.on('end', () => {
        files[header.name] = text;
        next();
      });
    });
    archive.body.pipe(extract);
    await new Promise<void>((resolve) => extract.on('finish', () => resolve()));
    expect(files).toEqual({ 'greeting.txt': 'hello archive\n' });
  });

  it('sends a Buffer body as its bytes, and refuses one where the body is JSON', async () => {
    const id = await container(['true']);
    const pack = tar.pack();
    pack.entry({ name: 'from-buffer.txt' }, 'bytes\n');
    pack.finalize();
    const chunks: Buffer[] = [];
    for await (const chunk of pack) chunks.push(Buffer.from(chunk as Uint8Array));
    await docker.putContainerArchive({ id, path: '/', body: Buffer.concat(chunks) });
    expect(await docker.containerArchiveInfo({ id, path: '/from-buffer.txt' })).toMatchObject({ size: 6 });
    const create = docker.containerCreate({ body: Buffer.from(JSON.stringify({ Image: image })) as never });
    await expect(create).rejects.toThrow(InvalidParameterError);
    await expect(create).rejects.toThrow('ContainerCreate: parameter "body" takes JSON (an object), not bytes or a stream (a Buffer)');
  });
});
