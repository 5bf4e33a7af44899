// Container operations beyond create/start/wait, on each engine at the newest version it serves
// (support/newest.ts): stop, kill, pause, unpause, restart, rename, update, top, changes, export,
// stats, resize, prune, exec inspect and resize.
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { newest } from '../support/newest.ts';
import type { JsonStream } from '@dockerapi/v1.51';
import tar from 'tar-stream';
import { covered } from '../coverage/covered-client.ts';

const { DockerClient, ConflictError, NotFoundError } = newest;

const docker = covered(new DockerClient({ host: inject('dockerHost') }));
const image = inject('testImage');
const name = `dockerapi-containers-${process.pid}`;
const label = `dockerapi.test=${name}`;
let id: string;

beforeAll(async () => {
  const body = { Image: image, Cmd: ['sleep', '300'], Tty: true, Labels: { 'dockerapi.test': name } };
  ({ Id: id } = await docker.containerCreate({ name, body }));
  await docker.containerStart({ id });
});
afterAll(async () => {
  const left = await docker.containerList({ all: true, filters: { label: [label] } });
  for (const c of left) await docker.containerDelete({ id: c.Id!, force: true }).catch(() => undefined);
  await docker.close();
});

const state = async (ref = id) => (await docker.containerInspect({ id: ref })).State;

it('pauses and unpauses a running container', async () => {
  await docker.containerPause({ id });
  expect(await state()).toMatchObject({ Status: 'paused', Paused: true });
  await expect(docker.containerExec({ id, body: { Cmd: ['true'] } })).rejects.toThrow(ConflictError);
  await docker.containerUnpause({ id });
  expect(await state()).toMatchObject({ Status: 'running', Paused: false });
});

it('lists its processes (top) and the files it changed', async () => {
  const top = await docker.containerTop({ id, ps_args: '-o pid,args' });
  expect(top.Titles?.length).toBeGreaterThan(0);
  expect(top.Processes?.flat().join(' ')).toContain('sleep 300');
  const exec = await docker.containerExec({ id, body: { Cmd: ['mkdir', '/created-by-test'] } });
  await await docker.execStart({ id: exec.Id!, body: { Detach: true } });
  await expect.poll(async () => (await docker.execInspect({ id: exec.Id! })).Running).toBe(false);
  const changes = await docker.containerChanges({ id });
  expect(changes).toContainEqual({ Kind: 1, Path: '/created-by-test' });
});

it("inspects an exec and resizes its TTY and the container's", async () => {
  const exec = await docker.containerExec({ id, body: { Cmd: ['sleep', '30'], Tty: true, AttachStdout: true } });
  const session = await docker.execStart({ id: exec.Id!, body: { Tty: true } });
  await expect.poll(async () => (await docker.execInspect({ id: exec.Id! })).Running).toBe(true);
  await docker.execResize({ id: exec.Id!, h: 40, w: 100 });
  const inspected = await docker.execInspect({ id: exec.Id! });
  expect(inspected).toMatchObject({ ID: exec.Id, Running: true, ContainerID: id, ProcessConfig: { tty: true, entrypoint: 'sleep' } });
  session.close();
  await docker.containerResize({ id, h: 30, w: 90 });
  await expect(docker.execResize({ id: 'no-such-exec', h: 1, w: 1 })).rejects.toThrow(NotFoundError);
  await expect(docker.execResize({ id: 'no-such-exec', h: 1, w: 1 })).rejects.toThrow(/no-such-exec/);
});

it('reads one stats sample, then a stream of them', async () => {
  const one = await docker.containerStats({ id, stream: false, 'one-shot': true });
  // One document, whether the client hands it back whole or as a one-item stream.
  const sample = Symbol.asyncIterator in Object(one) ? (await (one as JsonStream<unknown>).done())[0] : one;
  expect(sample).toMatchObject({ read: expect.stringMatching(/^\d{4}-/), cpu_stats: expect.any(Object), memory_stats: expect.any(Object) });
  const stream = await docker.containerStats({ id, stream: true });
  const seen: unknown[] = [];
  for await (const item of stream) if (seen.push(item) === 2) break;
  stream.body.destroy();
  expect(seen[1]).toMatchObject({ precpu_stats: expect.objectContaining({ system_cpu_usage: expect.any(Number) }) });
});

it('updates its resources and restart policy', async () => {
  const body = { Memory: 64 * 1024 * 1024, MemorySwap: -1, RestartPolicy: { Name: 'on-failure' as const, MaximumRetryCount: 2 } };
  const answer = await docker.containerUpdate({ id, body });
  expect(answer.Warnings ?? []).toBeInstanceOf(Array);
  const { HostConfig } = await docker.containerInspect({ id });
  expect(HostConfig).toMatchObject({ Memory: 64 * 1024 * 1024, RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 2 } });
});

it('restarts, renames, stops, kills and exports a container', async () => {
  const before = (await state())!.StartedAt;
  await docker.containerRestart({ id, t: 0 });
  const after = await state();
  expect(after).toMatchObject({ Running: true });
  expect(after!.StartedAt).not.toBe(before);

  await docker.containerRename({ id, name: `${name}-renamed` });
  expect((await docker.containerInspect({ id })).Name).toBe(`/${name}-renamed`);

  await docker.containerStop({ id, t: 0 });
  expect(await state()).toMatchObject({ Running: false });
  await docker.containerStart({ id });
  await docker.containerKill({ id, signal: 'SIGKILL' });
  await docker.containerWait({ id, condition: 'not-running' });
  expect(await state()).toMatchObject({ Running: false, ExitCode: 137 });

  const exported = await docker.containerExport({ id });
  const entries: string[] = [];
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => (entries.push(header.name), stream.resume(), stream.on('end', next)));
  exported.body.pipe(extract);
  await new Promise<void>((resolve, reject) => extract.on('finish', () => resolve()).on('error', reject));
  expect(entries).toEqual(expect.arrayContaining(['bin/busybox', 'created-by-test/']));
});

it('prunes stopped containers matching a filter, and only those', async () => {
  const body = { Image: image, Cmd: ['true'], Labels: { 'dockerapi.test': name, 'dockerapi.prune': name } };
  const { Id: stopped } = await docker.containerCreate({ name: `${name}-pruned`, body });
  const pruned = await docker.containerPrune({ filters: { label: [`dockerapi.prune=${name}`] } });
  expect(pruned.ContainersDeleted).toEqual([stopped]);
  await expect(docker.containerInspect({ id: stopped })).rejects.toThrow(NotFoundError);
});

it('attaches to a container and sends it stdin', async () => {
  const { Id } = await docker.containerCreate({
    body: {
      Image: image,
      Cmd: ['sh', '-c', 'read line; echo "got $line"; exit 2'],
      OpenStdin: true,
      StdinOnce: true,
      Labels: { 'dockerapi.test': name },
    },
  });
  const attached = await docker.containerAttach({ id: Id, stream: true, stdin: true, stdout: true, stderr: true });
  await docker.containerStart({ id: Id });
  await attached.write('ping\n');
  attached.closeStdin();
  expect((await attached.output.text()).stdout).toBe('got ping\n');
  expect(await attached.exitCode()).toBe(2);
});
