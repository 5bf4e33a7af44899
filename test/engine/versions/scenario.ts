// One pass over the operations whose answers changed shape between API versions, with a package of
// any version: what each version's client sends and gets back is validated by the covered client.
import type { ExpectStatic } from 'vitest';
import { compareVersions } from '../../../generator/src/versions.ts';
import { covered } from '../coverage/covered-client.ts';
import { changedAt } from '../coverage/schema-changes.ts';
import { exceptions, excuses } from '../coverage/exceptions.ts';
import { stepsFor, takingTurns, type SweepContext } from './recipes.ts';

const since = (version: string, first: string) => compareVersions(version, first) >= 0;

export interface Registry {
  address: string;
  user: string;
  password: string;
}

/** A covered client of package `@dockerapi/v<version>` for `host`, logged in to `registry` if given. */
export async function versionClient(version: string, host: string, registry?: Registry) {
  const pkg = await import(`@dockerapi/v${version}`);
  const credentials = registry && { [registry.address]: { username: registry.user, password: registry.password } };
  return covered(new pkg.DockerClient({ host, credentials })) as any;
}

/**
 * Calls every operation whose schema changed at `version` (as the diffs say) through the steps of
 * recipes.ts, except those coverage-exceptions.json excuses there; the swarm's steps only where the
 * engine manages one, the registry's only where the engine reaches it.
 */
export async function runSchemaChanges(ctx: Omit<SweepContext, 'changed' | 'engine' | 'excused'>, swarm: 'none' | 'also' | 'only') {
  const engine = (await ctx.docker.systemVersion()).Version as string;
  const excused = (op: string) => excuses(exceptions[op], ctx.version, engine);
  const changed = new Set([...changedAt(ctx.version)].filter((op) => !excused(op)));
  const steps = stepsFor(changed, swarm !== 'none', Boolean(ctx.registry)).filter((step) => swarm !== 'only' || step.swarm);
  for (const step of steps) {
    try {
      await step.run({ ...ctx, changed, engine, excused });
    } catch (error) {
      throw new Error(`v${ctx.version}: ${step.title}: ${(error as Error).message}`, { cause: error });
    }
  }
}

/** Reads the engine's state, then creates, inspects and removes a container, network and volume. */
export async function runScenario(expect: ExpectStatic, docker: any, version: string, image: string, name: string, swarm: boolean) {
  expect(await docker.apiVersion()).toBe(version);
  await docker.systemInfo();
  if (docker.systemDataUsage) await takingTurns(() => docker.systemDataUsage()); // from 1.25
  await docker.imageList();
  await docker.imageInspect({ name: image });
  await docker.imageHistory({ name: image });
  await docker.networkList();
  await docker.volumeList();
  const label = { 'dockerapi.test': name };
  const created = await docker.containerCreate({ name, body: { Image: image, Cmd: ['sleep', '30'], Labels: label } });
  try {
    await docker.containerStart({ id: created.Id });
    const exec = await docker.containerExec({ id: created.Id, body: { Cmd: ['true'] } });
    await docker.execInspect({ id: exec.Id });
    await docker.containerInspect({ id: created.Id });
    await docker.containerTop({ id: created.Id });
    await docker.containerChanges({ id: created.Id });
    await docker.containerUpdate({ id: created.Id, body: { CpuShares: 512 } });
    expect((await docker.containerList({ filters: { label: [`dockerapi.test=${name}`] } })).length).toBe(1);
    const stats = await docker.containerStats({ id: created.Id, stream: false });
    if (Symbol.asyncIterator in Object(stats)) await stats.done();
  } finally {
    await docker.containerDelete({ id: created.Id, force: true });
  }
  // CheckDuplicate is gone from 1.44 (always on).
  const duplicates = since(version, '1.44') ? {} : { CheckDuplicate: true };
  const network = await docker.networkCreate({ body: { Name: name, Labels: label, ...duplicates } });
  await docker.networkInspect({ id: network.Id });
  await docker.networkDelete({ id: network.Id });
  const volume = await docker.volumeCreate({ body: { Name: name, Labels: label } });
  expect(volume.Name).toBe(name);
  await docker.volumeInspect({ name });
  await docker.volumeDelete({ name });
  if (swarm) {
    await docker.swarmInspect();
    await docker.nodeList();
    await docker.serviceList();
    // All of them: tasks of services that tests alongside remove are in state "remove", which the
    // specs list only from 1.37 (specs/patches/task-state-remove-and-orphaned.json).
    await docker.taskList();
    if (since(version, '1.25')) await docker.secretList();
    if (since(version, '1.30')) await docker.configList();
  }
}
