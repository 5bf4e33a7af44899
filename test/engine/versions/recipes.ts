// How to exercise each operation whose schema changed at a version (schema-changes.ts): steps that
// each call a few operations on things they create with a unique name and label, and remove again.
// The version sweep runs every step naming an operation that changed at the version it runs.
import type { ExpectStatic } from 'vitest';
import tar from 'tar-stream';
import { compareVersions } from '../../../generator/src/versions.ts';
import { createPlugin, listenForPlugin, pluginArchive } from '../support/plugin.ts';

export interface SweepContext {
  /** A covered client of the version's package. */
  docker: any;
  version: string;
  image: string;
  /** Unique to this version and engine: names and labels everything the steps create. */
  name: string;
  /** The local registry (every engine reaches it: scripts/engine.sh relays it into their namespaces). */
  registry?: { address: string; user: string; password: string };
  /** The engine's own version. */
  engine: string;
  /** The operations whose schema changed at this version. */
  changed: Set<string>;
  /** The running test's own: versions run concurrently. */
  expect: ExpectStatic;
  /** Whether coverage-exceptions.json excuses the operation at this version on this engine. */
  excused(operation: string): boolean;
}

export interface Step {
  /** What the step is about, for failure messages. */
  title: string;
  /** The operations it exercises: it runs when any of them changed. */
  operations: string[];
  /** Needs a swarm the engine is a manager of. */
  swarm?: boolean;
  /** Needs the local registry. */
  registry?: boolean;
  run(ctx: SweepContext): Promise<void>;
}

export const since = (version: string, first: string) => compareVersions(version, first) >= 0;
const labelOf = (ctx: SweepContext) => ({ 'dockerapi.test': ctx.name });
const byLabel = (ctx: SweepContext) => ({ label: [`dockerapi.test=${ctx.name}`] });
const ignore = () => undefined;

/** A tar archive of the given files, in memory. */
export async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, content] of Object.entries(files)) pack.entry({ name }, content);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function drain(body: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Runs `use` on a container of the test image made for it, then removes it. */
async function withContainer(ctx: SweepContext, suffix: string, body: Record<string, unknown>, use: (id: string) => Promise<void>) {
  const { Id } = await ctx.docker.containerCreate({
    name: `${ctx.name}-${suffix}`,
    body: { Image: ctx.image, Labels: labelOf(ctx), ...body },
  });
  try {
    await use(Id);
  } finally {
    await ctx.docker.containerDelete({ id: Id, force: true }).catch(ignore);
  }
}

/** Retries an update that lost a race with another writer of the same swarm object. */
async function retryOnConflict(update: () => Promise<unknown>) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await update();
    } catch (error) {
      if (attempt > 4 || !/out of sequence/.test((error as Error).message)) throw error;
    }
  }
}

/**
 * A prune or disk usage call waits its turn: the engine runs one of a kind at a time, and versions run
 * concurrently. Engine 29's disk usage also fails when another version removes a container while it
 * lists them (its containerd store finds no snapshot for it): asked again, it lists without it.
 */
export async function takingTurns(call: () => Promise<any>): Promise<any> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt > 20 || !/(prune|disk usage) operation is already running|rw layer snapshot not found/.test((error as Error).message))
        throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

const containers: Step[] = [
  {
    title: 'a container runs, logs, execs, takes an archive, restarts, stops and is waited for',
    operations: ['ContainerLogs', 'ContainerRestart', 'ContainerStop', 'ContainerWait', 'ExecStart', 'PutContainerArchive'],
    async run(ctx) {
      const { expect } = ctx;
      const { docker } = ctx;
      await withContainer(ctx, 'life', { Cmd: ['sh', '-c', 'echo sweep-line; exec sleep 30'] }, async (id) => {
        await docker.containerStart({ id });
        const exec = await docker.containerExec({ id, body: { Cmd: ['true'] } });
        await docker.execStart({ id: exec.Id, body: { Detach: true } });
        // Before 1.28 the upstream spec names the operation otherwise; it changed at 1.39 only.
        if (docker.putContainerArchive) await docker.putContainerArchive({ id, path: '/', body: await tarOf({ 'put.txt': 'put\n' }) });
        await expect.poll(async () => (await (await docker.containerLogs({ id, stdout: true })).text()).stdout).toBe('sweep-line\n');
        await docker.containerRestart({ id, t: 0 });
        await docker.containerStop({ id, t: 0 });
        expect((await docker.containerWait({ id })).StatusCode).toBe(137);
      });
    },
  },
  {
    title: 'a container is attached',
    operations: ['ContainerAttach'],
    async run(ctx) {
      const { expect } = ctx;
      await withContainer(ctx, 'attach', { Cmd: ['echo', 'over-attach'], AttachStdout: true }, async (id) => {
        const attached = await ctx.docker.containerAttach({ id, stream: true, stdout: true });
        await ctx.docker.containerStart({ id });
        expect((await attached.output.text()).stdout).toBe('over-attach\n');
      });
    },
  },
  {
    title: 'a container is attached over a websocket',
    operations: ['ContainerAttachWebsocket'],
    async run(ctx) {
      const { expect } = ctx;
      await withContainer(ctx, 'ws', { Cmd: ['echo', 'over-ws'], AttachStdout: true }, async (id) => {
        // Before 1.42 a websocket attaches every stream, and the parameters to choose do not exist.
        const streams = since(ctx.version, '1.42') ? { stdout: true } : {};
        const attached = await ctx.docker.containerAttachWebsocket({ id, stream: true, ...streams });
        await ctx.docker.containerStart({ id });
        expect((await attached.output.text()).stdout).toBe('over-ws\n');
      });
    },
  },
  {
    title: 'stopped containers of one label are pruned',
    operations: ['ContainerPrune'],
    async run(ctx) {
      const { expect } = ctx;
      const labels = { 'dockerapi.prune': ctx.name };
      await withContainer(ctx, 'pruned', { Cmd: ['true'], Labels: labels }, async (id) => {
        const pruned = await takingTurns(() => ctx.docker.containerPrune({ filters: { label: [`dockerapi.prune=${ctx.name}`] } }));
        expect(pruned.ContainersDeleted).toEqual([id]);
      });
    },
  },
];

const images: Step[] = [
  {
    title: 'an image is committed, saved, loaded, inspected, listed and deleted',
    operations: ['ImageCommit', 'ImageGet', 'ImageGetAll', 'ImageLoad', 'ImageDelete', 'ImageHistory', 'ImageInspect', 'ImageList'],
    async run(ctx) {
      const { expect } = ctx;
      const { docker } = ctx;
      const repo = `dockerapi-sweep/${ctx.name}`;
      await withContainer(ctx, 'commit', { Cmd: ['true'] }, async (container) => {
        const { Id } = await docker.imageCommit({ container, repo, tag: 'committed', body: { Labels: labelOf(ctx) } });
        try {
          await drain((await docker.imageGet({ name: `${repo}:committed` })).body);
          const saved = await drain((await docker.imageGetAll({ names: [`${repo}:committed`] })).body);
          await docker.imageDelete({ name: `${repo}:committed` });
          await (await docker.imageLoad({ body: saved })).done();
          expect((await docker.imageInspect({ name: `${repo}:committed` })).Id).toBe(Id);
          await docker.imageHistory({ name: Id });
          expect((await docker.imageList({ filters: byLabel(ctx) })).map((i: { Id: string }) => i.Id)).toEqual([Id]);
        } finally {
          await docker.imageDelete({ name: Id, force: true }).catch(ignore);
        }
      });
    },
  },
  {
    title: 'an image is built from a tiny context and imported from a tarball',
    operations: ['ImageBuild', 'ImageCreate'],
    async run(ctx) {
      const { docker } = ctx;
      const repo = `dockerapi-sweep/${ctx.name}`;
      const context = await tarOf({ Dockerfile: `FROM ${ctx.image}\nLABEL dockerapi.test=${ctx.name}\n` });
      try {
        await (await docker.imageBuild({ t: `${repo}:built`, body: context })).done();
        await docker.imageInspect({ name: `${repo}:built` });
        // Not inspected: an imported image has no Env, Cmd or Container, which Engine 28 sends as nulls
        // and an absent field that the schemas of these versions do not allow.
        await (await docker.imageCreate({ fromSrc: '-', repo, tag: 'imported', body: await tarOf({ 'hello.txt': 'hi\n' }) })).done();
      } finally {
        for (const tag of ['built', 'imported']) await docker.imageDelete({ name: `${repo}:${tag}`, force: true }).catch(ignore);
      }
    },
  },
  {
    title: 'an image is pushed to the local registry, inspected there, and pulled back',
    operations: ['ImagePush', 'DistributionInspect', 'ImageCreate', 'SystemAuth'],
    registry: true,
    async run(ctx) {
      const { docker, expect } = ctx;
      const { address, user, password } = ctx.registry!;
      const remote = `${address}/dockerapi/sweep-${ctx.name}`;
      expect((await docker.systemAuth({ body: { username: user, password, serveraddress: address } })).Status).toBe('Login Succeeded');
      await docker.imageTag({ name: ctx.image, repo: remote, tag: 'pushed' });
      try {
        await (await docker.imagePush({ name: remote, tag: 'pushed' })).done();
        if (docker.distributionInspect) await docker.distributionInspect({ name: `${remote}:pushed` });
        await docker.imageDelete({ name: `${remote}:pushed` });
        await (await docker.imageCreate({ fromImage: remote, tag: 'pushed' })).done();
        await docker.imageInspect({ name: `${remote}:pushed` });
      } finally {
        await docker.imageDelete({ name: `${remote}:pushed` }).catch(ignore);
      }
    },
  },
];

const networksAndVolumes: Step[] = [
  {
    title: 'a container is connected to a network',
    operations: ['NetworkConnect', 'NetworkInspect', 'NetworkDisconnect'],
    async run(ctx) {
      const { expect } = ctx;
      const { docker } = ctx;
      const network = await docker.networkCreate({ body: { Name: `${ctx.name}-connect`, Labels: labelOf(ctx) } });
      try {
        await withContainer(ctx, 'connected', { Cmd: ['sleep', '30'] }, async (id) => {
          await docker.containerStart({ id });
          await docker.networkConnect({ id: network.Id, body: { Container: id, EndpointConfig: { Aliases: ['sweep'] } } });
          expect(Object.keys((await docker.networkInspect({ id: network.Id })).Containers ?? {})).toEqual([id]);
          await docker.networkDisconnect({ id: network.Id, body: { Container: id } });
          expect(Object.keys((await docker.networkInspect({ id: network.Id })).Containers ?? {})).toEqual([]);
        });
      } finally {
        await docker.networkDelete({ id: network.Id }).catch(ignore);
      }
    },
  },
  {
    title: 'networks of one label are pruned',
    operations: ['NetworkPrune'],
    async run(ctx) {
      const { expect } = ctx;
      const Name = `${ctx.name}-pruned`;
      await ctx.docker.networkCreate({ body: { Name, Labels: { 'dockerapi.prune': ctx.name } } });
      const pruned = await takingTurns(() => ctx.docker.networkPrune({ filters: { label: [`dockerapi.prune=${ctx.name}`] } }));
      expect(pruned.NetworksDeleted).toEqual([Name]);
    },
  },
  {
    title: 'volumes of one label are pruned',
    operations: ['VolumePrune'],
    async run(ctx) {
      const { expect } = ctx;
      const Name = `${ctx.name}-pruned`;
      await ctx.docker.volumeCreate({ body: { Name, Labels: { 'dockerapi.prune': ctx.name } } });
      // From 1.42 prune takes only anonymous volumes unless told `all`.
      const all = since(ctx.version, '1.42') ? { all: ['true'] } : {};
      const pruned = await takingTurns(() => ctx.docker.volumePrune({ filters: { label: [`dockerapi.prune=${ctx.name}`], ...all } }));
      expect(pruned.VolumesDeleted).toEqual([Name]);
    },
  },
];

const system: Step[] = [
  {
    title: 'the engine tells its version and its events of the last seconds',
    operations: ['SystemVersion', 'SystemEvents'],
    async run(ctx) {
      const { expect } = ctx;
      const { docker } = ctx;
      expect((await docker.systemVersion()).ApiVersion).toBeTruthy();
      const now = Math.floor(Date.now() / 1000);
      // `until` ends the stream; `since` a minute back holds the events of the containers just made.
      await (await docker.systemEvents({ since: String(now - 60), until: String(now), filters: { type: ['container'] } })).done();
    },
  },
  {
    title: 'no build cache younger than a century is pruned',
    operations: ['BuildPrune'],
    async run(ctx) {
      const { expect } = ctx;
      expect((await takingTurns(() => ctx.docker.buildPrune({ filters: { until: ['876000h'] } }))).SpaceReclaimed).toBe(0);
    },
  },
];

const swarm: Step[] = [
  {
    title: 'the swarm is inspected and updated with its own spec',
    operations: ['SwarmInspect', 'SwarmUpdate'],
    swarm: true,
    async run(ctx) {
      await retryOnConflict(async () => {
        const current = await ctx.docker.swarmInspect();
        await ctx.docker.swarmUpdate({ version: current.Version.Index, body: current.Spec });
      });
    },
  },
  {
    title: 'the nodes are listed and inspected',
    operations: ['NodeList', 'NodeInspect'],
    swarm: true,
    async run(ctx) {
      const { expect } = ctx;
      // The manager: a worker Engine 20.10 joined may be listed, and gone by the time it is inspected.
      const nodes = await ctx.docker.nodeList();
      const node = nodes.find((n: { ManagerStatus?: { Leader?: boolean } }) => n.ManagerStatus?.Leader) ?? nodes[0];
      expect((await ctx.docker.nodeInspect({ id: node.ID })).ID).toBe(node.ID);
    },
  },
  ...(['secret', 'config'] as const).map(
    (kind): Step => ({
      title: `a ${kind} is created, inspected, listed, relabelled and deleted`,
      operations: ['Create', 'Inspect', 'List', 'Update'].map((verb) => `${kind[0].toUpperCase()}${kind.slice(1)}${verb}`),
      swarm: true,
      async run(ctx) {
        const { docker, expect } = ctx;
        const { ID } = await docker[`${kind}Create`]({
          body: { Name: `${ctx.name}-${kind}`, Labels: labelOf(ctx), Data: Buffer.from('s3cret').toString('base64') },
        });
        try {
          const inspected = await docker[`${kind}Inspect`]({ id: ID });
          expect((await docker[`${kind}List`]({ filters: byLabel(ctx) })).map((x: { ID: string }) => x.ID)).toEqual([ID]);
          const body = { ...inspected.Spec, Labels: { ...labelOf(ctx), changed: 'yes' } };
          if (docker[`${kind}Update`]) await docker[`${kind}Update`]({ id: ID, version: inspected.Version.Index, body });
        } finally {
          await docker[`${kind}Delete`]({ id: ID }).catch(ignore);
        }
      },
    }),
  ),
  {
    title: 'a service of the test image runs a task; both are inspected, listed, updated and read',
    operations: ['ServiceCreate', 'ServiceInspect', 'ServiceList', 'ServiceUpdate', 'ServiceLogs', 'TaskInspect', 'TaskList', 'TaskLogs'],
    swarm: true,
    async run(ctx) {
      const { expect } = ctx;
      const { docker } = ctx;
      const { ID } = await docker.serviceCreate({
        body: {
          Name: `${ctx.name}-service`,
          Labels: labelOf(ctx),
          TaskTemplate: {
            ContainerSpec: { Image: ctx.image, Command: ['sh', '-c', 'echo service-line; exec sleep 300'] },
            RestartPolicy: { Condition: 'none' },
          },
          Mode: { Replicated: { Replicas: 1 } },
        },
      });
      let removed = false;
      try {
        expect((await docker.serviceList({ filters: byLabel(ctx) })).map((s: { ID: string }) => s.ID)).toEqual([ID]);
        const tasks = async () => docker.taskList({ filters: { service: [ID] } });
        await expect.poll(async () => (await tasks())[0]?.Status?.State, { timeout: 30_000 }).toBe('running');
        const [task] = await tasks();
        const current = await docker.serviceInspect({ id: ID });
        await docker.serviceUpdate({
          id: ID,
          version: current.Version.Index,
          body: { ...current.Spec, Labels: { ...labelOf(ctx), updated: 'yes' } },
        });
        // Reading logs waits for the task to run: only where they changed.
        if (ctx.changed.has('ServiceLogs') || ctx.changed.has('TaskLogs')) {
          const read = async (logs: Promise<{ text(): Promise<{ stdout: string }> }>) => (await (await logs).text()).stdout;
          await expect.poll(() => read(docker.serviceLogs({ id: ID, stdout: true })), { timeout: 30_000 }).toBe('service-line\n');
          expect(await read(docker.taskLogs({ id: task.ID, stdout: true }))).toBe('service-line\n');
        }
        // A removed service's task lives on, in desired state "remove", until its container stops
        // (sleep ignores SIGTERM: about 10 s). Specs before 1.37 lack that state
        // (specs/patches/task-state-remove-and-orphaned.json); the task is inspected only now.
        await docker.serviceDelete({ id: ID });
        removed = true;
        const desired = async () =>
          ((await docker.taskList()) as { ID: string; DesiredState?: string }[]).find((t) => t.ID === task.ID)?.DesiredState;
        await expect.poll(desired, { timeout: 5_000 }).toBe('remove');
        expect((await docker.taskInspect({ id: task.ID })).DesiredState).toBe('remove');
      } finally {
        if (!removed) await docker.serviceDelete({ id: ID }).catch(ignore);
      }
    },
  },
];

/** Plugin steps of one engine run one at a time: the engine refuses to store the same layer twice at once. */
const pluginQueues = new Map<string, Promise<unknown>>();
function oneAtATime(engine: string, run: () => Promise<void>): Promise<void> {
  const turn = (pluginQueues.get(engine) ?? Promise.resolve()).then(run);
  pluginQueues.set(engine, turn.catch(ignore));
  return turn;
}

/** One plugin archive per engine, made by whichever version needs it first. */
const archives = new Map<string, Promise<Buffer>>();
const archiveFor = (ctx: SweepContext) => {
  if (!archives.has(ctx.engine)) archives.set(ctx.engine, pluginArchive(ctx.docker, ctx.image, `${ctx.name}-plugin-rootfs`));
  return archives.get(ctx.engine)!;
};

const plugins: Step[] = [
  {
    title: 'a plugin is made (or pushed and pulled back), inspected, listed, enabled, disabled and deleted',
    operations: ['PluginDelete', 'PluginEnable', 'PluginDisable', 'PluginInspect', 'PluginList', 'PluginPull', 'GetPluginPrivileges'],
    run: (ctx) => oneAtATime(ctx.engine, () => pluginStep(ctx)),
  },
];

async function pluginStep(ctx: SweepContext) {
  const { docker, expect, changed } = ctx;
  const local = `dockerapi-sweep/plugin-${ctx.name}:1`;
  const made: string[] = [];
  try {
    if (ctx.registry && (changed.has('PluginPull') || changed.has('GetPluginPrivileges'))) {
      const remote = `${ctx.registry.address}/dockerapi/sweep-plugin-${ctx.name}:1`;
      made.push(remote);
      await createPlugin(docker, remote, await archiveFor(ctx));
      await docker.pluginPush({ name: remote });
      // A plugin that needs no privileges: an empty list, or Go's nil list, `null`.
      if (changed.has('GetPluginPrivileges')) expect((await docker.getPluginPrivileges({ remote })) ?? []).toEqual([]);
      made.push(local);
      // The privileges granted, none: Engine 20.10 reads them from the body and refuses an empty one.
      await (await docker.pluginPull({ remote, name: local, body: [] })).done();
    } else {
      made.push(local);
      await createPlugin(docker, local, await archiveFor(ctx));
    }
    const { Id } = await docker.pluginInspect({ name: local });
    expect((await docker.pluginList()).map((p: { Name: string }) => p.Name)).toContain(local);
    if (changed.has('PluginEnable') || changed.has('PluginDisable')) {
      const socket = listenForPlugin(Id);
      try {
        await docker.pluginEnable({ name: local, timeout: 10 });
        await socket.listening;
        await docker.pluginDisable({ name: local });
      } finally {
        socket.close();
      }
    }
    await docker.pluginDelete({ name: local });
  } finally {
    for (const name of made) await docker.pluginDelete({ name, force: true }).catch(ignore);
  }
}

export const STEPS: Step[] = [...containers, ...images, ...networksAndVolumes, ...system, ...swarm, ...plugins];

/** The steps to run at a version where `changed` operations changed, given what the engine has. */
export const stepsFor = (changed: Set<string>, swarm: boolean, registry: boolean) =>
  STEPS.filter((step) => step.operations.some((op) => changed.has(op)) && (!step.swarm || swarm) && (!step.registry || registry));
