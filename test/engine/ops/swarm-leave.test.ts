// Engine 20.10's swarm, which nothing else uses (Engine 28's is shared and must never leave): inited,
// inspected, updated and left at each version where those operations changed; inited locked, its
// unlock key rotated, and left at v1.41; joined to Engine 28's swarm as a worker and left, its node
// then removed by that manager; then one swarm serves the version sweep's swarm steps at every
// version up to 1.41 and every swarm operation at v1.41 (support/swarm-operations.ts), and is left.
// Skipped if that swarm is already active: leaving it would pull it from under whoever made it.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DockerClient, NotFoundError, ServerError } from '@dockerapi/v1.41';
import { compareVersions } from '../../../generator/src/versions.ts';
import { covered } from '../coverage/covered-client.ts';
import { schemaChangePairs } from '../coverage/schema-changes.ts';
import { runSchemaChanges, versionClient } from '../versions/scenario.ts';
import { describeSwarmOperations } from '../support/swarm-operations.ts';
import { newest } from '../support/newest.ts';
import { ensureSwarm } from '../support/swarm.ts';

const host = inject('oldEngineHost');
const image = inject('testImage');
const docker = covered(new DockerClient({ host }));
const active = (await docker.systemInfo()).Swarm?.LocalNodeState === 'active';
const served = schemaChangePairs().filter((p) => compareVersions(p.version, '1.41') <= 0);
const versionsOf = (operations: string[]) => [...new Set(served.filter((p) => operations.includes(p.operation)).map((p) => p.version))];
// The manager Engine 20.10 joins: the engine of the `engine` project (Engine 28.5), at its newest version.
const manager = covered(new newest.DockerClient({ host: inject('dockerHost') }));
const clients: { close(): Promise<void> }[] = [docker, manager];
afterAll(() => Promise.all(clients.map((c) => c.close())));

// Engine 20.10 under load may fail a leave while its swarm still writes certificates ("unlinkat
// .../swarm/certificates: directory not empty"), which leaves the swarm in place: once more then.
const leave = async (client: any, force = true) => {
  try {
    await client.swarmLeave({ force });
  } catch (error) {
    if (!/directory not empty/.test((error as Error).message)) throw error;
    await client.swarmLeave({ force: true });
  }
};

// Its own swarms listen on 2378: its 127.0.0.1:2377 is the relay to Engine 28's (scripts/engine.sh).
const init = (client: any, body: Record<string, unknown> = {}) =>
  client.swarmInit({ body: { ListenAddr: '127.0.0.1:2378', AdvertiseAddr: '127.0.0.1', ...body } });

describe.skipIf(active)('a swarm of its own on Engine 20.10', () => {
  it.each(versionsOf(['SwarmInit', 'SwarmInspect', 'SwarmUpdate']))(
    'inits, inspects, updates and leaves a swarm at v%s',
    async (version) => {
      const client = await versionClient(version, host);
      clients.push(client);
      await init(client);
      try {
        const swarm = await client.swarmInspect();
        await client.swarmUpdate({ version: swarm.Version.Index, body: swarm.Spec });
      } finally {
        await leave(client);
      }
    },
  );

  it('inits a locked swarm, rotates its unlock key, and leaves it', async () => {
    const Spec = { EncryptionConfig: { AutoLockManagers: true } };
    const nodeId = await init(docker, { Spec });
    try {
      expect(nodeId).toMatch(/^[a-z0-9]{25}$/);
      const swarm = await docker.swarmInspect();
      expect(swarm.Spec?.EncryptionConfig?.AutoLockManagers).toBe(true);
      const { UnlockKey: first } = await docker.swarmUnlockkey();
      expect(first).toMatch(/^SWMKEY-1-/);
      await docker.swarmUpdate({ version: swarm.Version!.Index!, rotateManagerUnlockKey: true, body: swarm.Spec! });
      expect((await docker.swarmUnlockkey()).UnlockKey).not.toBe(first);
    } finally {
      await leave(docker);
    }
    expect((await docker.systemInfo()).Swarm?.LocalNodeState).toBe('inactive');
    await expect(docker.swarmInspect()).rejects.toThrow(ServerError);
    await expect(docker.swarmInspect()).rejects.toThrow(/not a swarm manager/);
  });

  // Engine 28 advertises its swarm on 127.0.0.1:2377, which the relays give Engine 20.10's network
  // namespace too. Joined drained, so that no task of another file lands on it.
  it("joins Engine 28's swarm as a worker, leaves it, and the manager removes its node once down", async () => {
    await ensureSwarm(manager);
    expect((await manager.systemInfo()).Swarm?.RemoteManagers).toContainEqual({ NodeID: expect.any(String), Addr: '127.0.0.1:2377' });
    const { JoinTokens } = await manager.swarmInspect();
    const body = {
      ListenAddr: '127.0.0.1:2378',
      AdvertiseAddr: '127.0.0.1',
      RemoteAddrs: ['127.0.0.1:2377'],
      Availability: 'drain' as const,
    };
    await docker.swarmJoin({ body: { ...body, JoinToken: JoinTokens!.Worker! } });
    const { NodeID: id } = (await docker.systemInfo()).Swarm!;
    try {
      expect((await docker.systemInfo()).Swarm).toMatchObject({ LocalNodeState: 'active', ControlAvailable: false });
      await expect.poll(async () => (await manager.nodeInspect({ id: id! })).Status?.State, { timeout: 15_000 }).toBe('ready');
      expect(await manager.nodeInspect({ id: id! })).toMatchObject({ Spec: { Role: 'worker', Availability: 'drain' } });
      await expect(docker.swarmInspect()).rejects.toThrow(/not a swarm manager/);
      await expect(manager.nodeDelete({ id: id! })).rejects.toThrow(/is not down and can't be removed/);
    } finally {
      await leave(docker, false);
    }
    expect((await docker.systemInfo()).Swarm?.LocalNodeState).toBe('inactive');
    // Once the heartbeats stop, the manager sees the node down and removes it without force.
    try {
      await expect.poll(async () => (await manager.nodeInspect({ id: id! })).Status?.State, { timeout: 30_000 }).toBe('down');
      await manager.nodeDelete({ id: id! });
      await expect(manager.nodeInspect({ id: id! })).rejects.toThrow(NotFoundError);
    } finally {
      await manager.nodeDelete({ id: id!, force: true }).catch(() => undefined);
    }
  }, 60_000);

  describe('one swarm for the version sweep', () => {
    beforeAll(() => init(docker));
    afterAll(() => leave(docker));

    describe('every swarm operation at v1.41', () => {
      describeSwarmOperations(docker as any, NotFoundError as any, image, `dockerapi-v20-swarm-ops-${process.pid}`);
    });

    describe.concurrent.each(versionsOf([...new Set(served.map((p) => p.operation))]))('v%s', (version) => {
      it('answers the swarm operations whose schema changed at its version', async ({ expect }) => {
        const client = await versionClient(version, host);
        clients.push(client);
        const name = `dockerapi-v20-swarm-${version.replace('.', '-')}-${process.pid}`;
        await runSchemaChanges({ expect, docker: client, version, image, name }, 'only');
      }, 120_000);
    });
  });
});
