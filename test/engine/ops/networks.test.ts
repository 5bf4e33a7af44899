// Networks, on each engine at the newest version it serves (support/newest.ts): create, inspect,
// list, connect, disconnect, delete, prune.
import { afterAll, expect, inject, it } from 'vitest';
import { newest } from '../support/newest.ts';
import { covered } from '../coverage/covered-client.ts';

const { DockerClient, NotFoundError } = newest;

const docker = covered(new DockerClient({ host: inject('dockerHost') }));
const image = inject('testImage');
const name = `dockerapi-networks-${process.pid}`;
const label = { 'dockerapi.test': name };
afterAll(async () => {
  await docker.containerDelete({ id: name, force: true }).catch(() => undefined);
  for (const n of [name, `${name}-pruned`]) await docker.networkDelete({ id: n }).catch(() => undefined);
  await docker.close();
});

it('creates, inspects, lists, connects, disconnects and deletes a network', async () => {
  const { Id } = await docker.networkCreate({ body: { Name: name, Driver: 'bridge', Labels: label } });
  expect(Id).toMatch(/^[0-9a-f]{64}$/);
  expect(await docker.networkInspect({ id: name, verbose: true })).toMatchObject({ Id, Name: name, Driver: 'bridge', Labels: label });
  const listed = await docker.networkList({ filters: { label: [`dockerapi.test=${name}`] } });
  expect(listed.map((n) => n.Id)).toEqual([Id]);

  await docker.containerCreate({ name, body: { Image: image, Cmd: ['sleep', '30'] } });
  await docker.networkConnect({ id: Id, body: { Container: name, EndpointConfig: { Aliases: ['payload'] } } });
  const connected = await docker.containerInspect({ id: name });
  expect(connected.NetworkSettings?.Networks?.[name]?.Aliases).toContain('payload');
  await docker.networkDisconnect({ id: Id, body: { Container: name, Force: true } });
  expect(Object.keys((await docker.containerInspect({ id: name })).NetworkSettings?.Networks ?? {})).not.toContain(name);

  await docker.networkDelete({ id: Id });
  await expect(docker.networkInspect({ id: Id })).rejects.toThrow(NotFoundError);
  await expect(docker.networkInspect({ id: Id })).rejects.toThrow(/not found/);
});

it('prunes unused networks matching a filter, and only those', async () => {
  const { Id } = await docker.networkCreate({ body: { Name: `${name}-pruned`, Labels: { 'dockerapi.prune': name } } });
  const pruned = await docker.networkPrune({ filters: { label: [`dockerapi.prune=${name}`] } });
  expect(pruned.NetworksDeleted).toEqual([`${name}-pruned`]);
  await expect(docker.networkInspect({ id: Id })).rejects.toThrow(NotFoundError);
});
