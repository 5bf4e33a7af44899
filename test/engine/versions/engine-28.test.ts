// Every package Engine 28.5 serves (1.24-1.51) runs the version scenario against it, then calls the
// operations whose schema changed at that version; each answer validated against the schema of the
// version it was requested at. Versions run concurrently: each names what it creates after itself.
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { readSourceList, apiSpecs } from '../../../generator/src/sources.ts';
import { compareVersions } from '../../../generator/src/versions.ts';
import { ensureSwarm } from '../support/swarm.ts';
import { runScenario, runSchemaChanges, versionClient } from './scenario.ts';

const host = inject('dockerHost');
const image = inject('testImage');
const registry = inject('registry');
// The engine's own range decides which packages run (Engine 28.5: up to 1.51).
const newest = await (async () => {
  const probe = await versionClient('1.25', host);
  try {
    return ((await probe.systemVersion()) as { ApiVersion: string }).ApiVersion;
  } finally {
    await probe.close();
  }
})();
const versions = apiSpecs(await readSourceList())
  .map((s) => s.apiVersion)
  .filter((v) => compareVersions(v, newest) <= 0);
const clients: { close(): Promise<void> }[] = [];
// The swarm is shared: made active if it is not, never left.
beforeAll(async () => {
  const docker = await versionClient(newest, host);
  clients.push(docker);
  await ensureSwarm(docker);
});
afterAll(() => Promise.all(clients.map((c) => c.close())));

describe.concurrent.each(versions)('v%s on Engine 28.5', (version) => {
  it('answers the scenario and the changes of its version as its spec says', async ({ expect }) => {
    const docker = await versionClient(version, host, registry);
    clients.push(docker);
    // Service names must be DNS name components: no dots.
    const name = `dockerapi-v28-${version.replace('.', '-')}-${process.pid}`;
    await runScenario(expect, docker, version, image, name, true);
    await runSchemaChanges({ expect, docker, version, image, name, registry }, 'also');
  }, 180_000);
});
