// System operations that no other file needs, on each engine at the newest version it serves
// (support/newest.ts): ping by HEAD.
import { afterAll, expect, inject, it } from 'vitest';
import { newest } from '../support/newest.ts';
import { covered } from '../coverage/covered-client.ts';

const { DockerClient } = newest;

const docker = covered(new DockerClient({ host: inject('dockerHost') }));
afterAll(() => docker.close());

it('pings by HEAD and by GET', async () => {
  expect(await docker.systemPingHead()).toBeUndefined();
  expect(await docker.systemPing()).toBe('OK');
});
