// Volumes, on each engine at the newest version it serves (support/newest.ts): create, inspect,
// list, delete, prune. (VolumeUpdate changes only swarm cluster volumes, which need a CSI plugin:
// see coverage-exceptions.json.)
import { afterAll, expect, inject, it } from 'vitest';
import { newest, newestApiVersion } from '../support/newest.ts';
import { compareVersions } from '../../../generator/src/versions.ts';
import { covered } from '../coverage/covered-client.ts';

const { ConflictError, DockerClient, NotFoundError } = newest;

const docker = covered(new DockerClient({ host: inject('dockerHost') }));
const image = inject('testImage');
const name = `dockerapi-volumes-${process.pid}`;
afterAll(async () => {
  await docker.containerDelete({ id: name, force: true }).catch(() => undefined);
  for (const v of [name, `${name}-pruned`]) await docker.volumeDelete({ name: v, force: true }).catch(() => undefined);
  await docker.close();
});

it('creates, inspects, lists and deletes a volume, refusing while a container uses it', async () => {
  const created = await docker.volumeCreate({ body: { Name: name, Labels: { 'dockerapi.test': name }, DriverOpts: {} } });
  expect(created).toMatchObject({ Name: name, Driver: 'local', Labels: { 'dockerapi.test': name } });
  expect(await docker.volumeInspect({ name })).toMatchObject({ Name: name, Mountpoint: created.Mountpoint });
  const listed = await docker.volumeList({ filters: { label: [`dockerapi.test=${name}`] } });
  expect(listed.Volumes?.map((v) => v.Name)).toEqual([name]);

  await docker.containerCreate({ name, body: { Image: image, Cmd: ['true'], HostConfig: { Binds: [`${name}:/data`] } } });
  await expect(docker.volumeDelete({ name })).rejects.toThrow(ConflictError);
  await expect(docker.volumeDelete({ name })).rejects.toThrow(/volume is in use/);
  await docker.containerDelete({ id: name });
  await docker.volumeDelete({ name });
  await expect(docker.volumeInspect({ name })).rejects.toThrow(NotFoundError);
});

it('prunes unused volumes matching a filter, and only those', async () => {
  await docker.volumeCreate({ body: { Name: `${name}-pruned`, Labels: { 'dockerapi.prune': name } } });
  // Since API 1.42 prune takes only anonymous volumes unless `all` says otherwise; before, it knows no
  // `all` filter (Engine 20.10 at v1.41: "Invalid filter 'all'") and takes named ones too.
  const filters: Record<string, string[]> = { label: [`dockerapi.prune=${name}`] };
  if (compareVersions(newestApiVersion, '1.42') >= 0) filters.all = ['true'];
  const pruned = await docker.volumePrune({ filters });
  expect(pruned.VolumesDeleted).toEqual([`${name}-pruned`]);
  await expect(docker.volumeInspect({ name: `${name}-pruned` })).rejects.toThrow(NotFoundError);
});
