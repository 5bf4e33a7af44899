// The version sweep on an engine that manages a swarm and reaches the registry: every package the
// engine serves runs the version scenario against it, then calls the operations whose schema changed
// at that version; each answer validated against the schema of the version it was requested at.
// Versions run concurrently: each names what it creates after itself.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { readSourceList, apiSpecs } from '../../../generator/src/document/sources.ts';
import { compareVersions } from '../../../generator/src/versions.ts';
import { ensureSwarm } from '../support/swarm.ts';
import { runScenario, runSchemaChanges, versionClient, type Registry } from './scenario.ts';

/** The versions the engine at `host` serves, from its /version answer, that have a package. */
async function servedVersions(host: string) {
  const probe = await versionClient('1.40', host);
  try {
    const { ApiVersion, MinAPIVersion } = (await probe.systemVersion()) as { ApiVersion: string; MinAPIVersion: string };
    const versions = apiSpecs(await readSourceList())
      .map((s) => s.apiVersion)
      .filter((v) => compareVersions(v, ApiVersion) <= 0 && compareVersions(v, MinAPIVersion) >= 0);
    return { newest: ApiVersion, versions };
  } finally {
    await probe.close();
  }
}

/** `engine` ("28.5") names the describe blocks and, without its dot, what the versions create. */
export async function sweep(engine: string, host: string, image: string, registry: Registry) {
  const { newest, versions } = await servedVersions(host);
  const clients: { close(): Promise<void> }[] = [];
  // The swarm is shared: made active if it is not, never left.
  beforeAll(async () => {
    const docker = await versionClient(newest, host);
    clients.push(docker);
    await ensureSwarm(docker);
  });
  afterAll(() => Promise.all(clients.map((c) => c.close())));

  describe.concurrent.each(versions)(`v%s on Engine ${engine}`, (version) => {
    it('answers the scenario and the changes of its version as its spec says', async ({ expect }) => {
      const docker = await versionClient(version, host, registry);
      clients.push(docker);
      // Service names must be DNS name components: no dots.
      const name = `dockerapi-v${engine.split('.')[0]}-${version.replace('.', '-')}-${process.pid}`;
      await runScenario(expect, docker, version, image, name, true);
      await runSchemaChanges({ expect, docker, version, image, name, registry }, 'also');
    }, 180_000);
  });
}
