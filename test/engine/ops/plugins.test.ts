// Plugins, on each engine at the newest version it serves (support/newest.ts), built here: a
// busybox rootfs (a container export of the test image) and a config.json, created, inspected,
// listed, configured, enabled, disabled, pushed to the htpasswd registry, pulled back under another
// name, upgraded and removed.
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { newest } from '../support/newest.ts';
import { covered } from '../coverage/covered-client.ts';
import { createPlugin, listenForPlugin, pluginArchive, pluginConfig } from '../support/plugin.ts';

const { DockerClient, ConflictError, NotFoundError } = newest;

const registry = inject('registry');
const credentials = { [registry.address]: { username: registry.user, password: registry.password } };
const docker = covered(new DockerClient({ host: inject('dockerHost'), credentials }));
const image = inject('testImage');
const name = `${registry.address}/dockerapi/plugin-${process.pid}:1`;
const pulled = `${registry.address}/dockerapi/plugin-${process.pid}-pulled:1`;
const container = `dockerapi-plugins-${process.pid}`;
const config = pluginConfig;

beforeAll(async () => {
  await createPlugin(docker, name, await pluginArchive(docker, image, container));
});
afterAll(async () => {
  for (const p of [name, pulled]) await docker.pluginDelete({ name: p, force: true }).catch(() => undefined);
  await docker.containerDelete({ id: container, force: true }).catch(() => undefined);
  await docker.close();
});

it('inspects, lists and configures the plugin it created', async () => {
  const plugin = await docker.pluginInspect({ name });
  expect(plugin).toMatchObject({ Name: name, Enabled: false, Config: { Description: config.description, Entrypoint: config.entrypoint } });
  expect((await docker.pluginList({ filters: { capability: ['dummydriver'] } })).map((p) => p.Name)).toContain(name);
  await docker.pluginSet({ name, body: ['GREETING=bonjour'] });
  expect((await docker.pluginInspect({ name })).Settings.Env).toEqual(['GREETING=bonjour']);
});

it('enables and disables the plugin', async () => {
  // Enabling waits until something listens on the plugin's socket (support/plugin.ts).
  const { Id } = await docker.pluginInspect({ name });
  const { listening, close } = listenForPlugin(Id!);
  try {
    await docker.pluginEnable({ name, timeout: 10 });
    await listening;
    expect((await docker.pluginInspect({ name })).Enabled).toBe(true);
    await expect(docker.pluginDelete({ name })).rejects.toThrow(ConflictError);
    await expect(docker.pluginDelete({ name })).rejects.toThrow(/is enabled/);
    await docker.pluginDisable({ name });
    expect((await docker.pluginInspect({ name })).Enabled).toBe(false);
  } finally {
    close();
  }
});

it('pushes the plugin to the registry, reads its privileges, pulls it back and upgrades it', async () => {
  await docker.pluginPush({ name });
  // No network, mounts or devices: a plugin that needs no privileges. None to grant: an empty list,
  // or Go's nil list, `null`.
  const privileges = (await docker.getPluginPrivileges({ remote: name })) ?? [];
  expect(privileges).toEqual([]);
  // Granted in the body, as the CLI does: Engine 20.10 refuses a pull or upgrade without one.
  await (await docker.pluginPull({ remote: name, name: pulled, body: privileges })).done();
  expect(await docker.pluginInspect({ name: pulled })).toMatchObject({ Name: pulled, Config: { Description: config.description } });
  await (await docker.pluginUpgrade({ name: pulled, remote: name, body: privileges })).done();
  expect((await docker.pluginInspect({ name: pulled })).PluginReference).toBe(name);
  await docker.pluginDelete({ name: pulled });
  await expect(docker.pluginInspect({ name: pulled })).rejects.toThrow(NotFoundError);
});
