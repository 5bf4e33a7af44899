// The swarm operations, run inside a swarm the caller makes active: swarm, nodes, services, tasks,
// secrets and configs. Engines 28.5 and 29.7 run them on their shared swarm (ops/swarm.test.ts),
// Engine 20.10 on the swarm of its own that swarm-leave.test.ts inits and leaves.
import { afterAll, describe, expect, it } from 'vitest';
import type { NewestPackage } from './newest.ts';

type Client = InstanceType<NewestPackage['DockerClient']>;

/** Registers the swarm tests for `docker`, naming and labelling what they make after `name`. */
export function describeSwarmOperations(docker: Client, NotFoundError: NewestPackage['NotFoundError'], image: string, name: string) {
  const labels = { 'dockerapi.test': name };
  const byLabel = { label: [`dockerapi.test=${name}`] };

  afterAll(async () => {
    const ignore = () => undefined;
    for (const s of await docker.serviceList({ filters: byLabel }).catch(() => [])) await docker.serviceDelete({ id: s.ID! }).catch(ignore);
    for (const s of await docker.secretList({ filters: byLabel }).catch(() => [])) await docker.secretDelete({ id: s.ID! }).catch(ignore);
    for (const c of await docker.configList({ filters: byLabel }).catch(() => [])) await docker.configDelete({ id: c.ID! }).catch(ignore);
  });

  describe('swarm and nodes', () => {
    it('inspects the swarm, updates it with its own spec and reads its unlock key', async () => {
      const swarm = await docker.swarmInspect();
      expect(swarm.ID).toBeTruthy();
      // Its own spec back: the swarm is shared, so nothing about it changes; the version must match.
      await docker.swarmUpdate({ version: swarm.Version!.Index!, body: swarm.Spec! });
      expect((await docker.swarmInspect()).Version!.Index).toBeGreaterThan(swarm.Version!.Index!);
      const key = await docker.swarmUnlockkey();
      expect(typeof key.UnlockKey).toBe('string');
      await expect(docker.swarmUpdate({ version: 1, body: swarm.Spec! })).rejects.toThrow(/update out of sequence/);
    });

    it('lists, inspects and labels the node', async () => {
      const nodes = await docker.nodeList();
      expect(nodes.length).toBeGreaterThan(0);
      const self = nodes.find((n) => n.ManagerStatus?.Leader)!;
      const node = await docker.nodeInspect({ id: self.ID! });
      expect(node).toMatchObject({ ID: self.ID, Spec: { Role: 'manager' } });
      const label = `dockerapi.swarm-${process.pid}`;
      // Others may update the node between our read and write: retry on a version conflict.
      const setLabels = async (change: (l: Record<string, string>) => void) => {
        for (let attempt = 0; ; attempt++) {
          const current = await docker.nodeInspect({ id: self.ID! });
          const spec = { ...current.Spec!, Labels: { ...current.Spec!.Labels } };
          change(spec.Labels);
          try {
            return await docker.nodeUpdate({ id: self.ID!, version: current.Version!.Index!, body: spec });
          } catch (error) {
            if (attempt > 3 || !/out of sequence/.test((error as Error).message)) throw error;
          }
        }
      };
      await setLabels((l) => (l[label] = 'yes'));
      expect((await docker.nodeInspect({ id: self.ID! })).Spec!.Labels).toMatchObject({ [label]: 'yes' });
      await setLabels((l) => delete l[label]);
      expect((await docker.nodeInspect({ id: self.ID! })).Spec!.Labels).not.toHaveProperty(label);
      await expect(docker.nodeInspect({ id: 'no-such-node' })).rejects.toThrow(NotFoundError);
    });
  });

  describe.each(['secret', 'config'] as const)('%ss', (kind) => {
    it(`creates, inspects, lists, relabels and deletes a ${kind}`, async () => {
      const client = docker as any;
      const Name = `${name}-${kind}`;
      const { ID } = await client[`${kind}Create`]({ body: { Name, Labels: labels, Data: Buffer.from('s3cret').toString('base64') } });
      const inspected = await client[`${kind}Inspect`]({ id: ID });
      expect(inspected).toMatchObject({ ID, Spec: { Name, Labels: labels } });
      expect((await client[`${kind}List`]({ filters: byLabel })).map((x: { ID: string }) => x.ID)).toEqual([ID]);
      // Only the labels of a secret or config can change.
      const body = { ...inspected.Spec, Labels: { ...labels, changed: 'yes' } };
      await client[`${kind}Update`]({ id: ID, version: inspected.Version.Index, body });
      expect((await client[`${kind}Inspect`]({ id: ID })).Spec.Labels).toEqual({ ...labels, changed: 'yes' });
      await client[`${kind}Delete`]({ id: ID });
      await expect(client[`${kind}Inspect`]({ id: ID })).rejects.toThrow(NotFoundError);
    });
  });

  describe('services and tasks', () => {
    let service: string;

    it('creates a service from the local image, which runs a task', async () => {
      const created = await docker.serviceCreate({
        body: {
          Name: `${name}-service`,
          Labels: labels,
          TaskTemplate: {
            ContainerSpec: { Image: image, Command: ['sh', '-c', 'echo service-line; exec sleep 300'] },
            RestartPolicy: { Condition: 'none' },
          },
          Mode: { Replicated: { Replicas: 1 } },
        },
      });
      service = created.ID!;
      expect(service).toBeTruthy();
      // No wait endpoint for tasks: poll the task list until the task runs.
      const state = async () => (await docker.taskList({ filters: { service: [service] } }))[0]?.Status?.State;
      await expect.poll(state, { timeout: 30_000 }).toBe('running');
      expect((await docker.serviceList({ filters: byLabel })).map((s) => s.ID)).toEqual([service]);
      expect(await docker.serviceInspect({ id: service })).toMatchObject({ ID: service, Spec: { Name: `${name}-service` } });
    });

    it('reads the logs of the service and of its task, and inspects the task', async () => {
      const [task] = await docker.taskList({ filters: { service: [service] } });
      expect(await docker.taskInspect({ id: task.ID! })).toMatchObject({ ID: task.ID, ServiceID: service });
      await expect
        .poll(async () => (await (await docker.serviceLogs({ id: service, stdout: true })).text()).stdout, { timeout: 15_000 })
        .toBe('service-line\n');
      expect((await (await docker.taskLogs({ id: task.ID!, stdout: true })).text()).stdout).toBe('service-line\n');
    });

    it('updates the service spec, then deletes the service', async () => {
      const current = await docker.serviceInspect({ id: service });
      const spec = { ...current.Spec!, Labels: { ...labels, updated: 'yes' } };
      const answer = await docker.serviceUpdate({ id: service, version: current.Version!.Index!, body: spec });
      expect(answer.Warnings ?? []).toBeInstanceOf(Array);
      expect((await docker.serviceInspect({ id: service })).Spec!.Labels).toMatchObject({ updated: 'yes' });
      await docker.serviceDelete({ id: service });
      await expect(docker.serviceInspect({ id: service })).rejects.toThrow(NotFoundError);
      await expect(docker.serviceInspect({ id: service })).rejects.toThrow(/not found/);
    });
  });
}
