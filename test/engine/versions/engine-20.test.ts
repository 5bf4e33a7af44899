// Every package Engine 20.10 serves (1.24-1.41) runs the version scenario against it, then calls the
// operations whose schema changed at that version: older engines leave fields out or send nulls that
// Engine 28 does not, and the patches must say so. Swarm operations run in swarm-leave.test.ts,
// which owns this engine's swarm.
import { afterAll, describe, inject, it } from 'vitest';
import { readSourceList, apiSpecs } from '../../../generator/src/document/sources.ts';
import { compareVersions } from '../../../generator/src/versions.ts';
import { runScenario, runSchemaChanges, versionClient } from './scenario.ts';

const host = inject('oldEngineHost');
const image = inject('testImage');
// Reached through the relay in its network namespace (scripts/engine.sh).
const registry = inject('registry');
const versions = apiSpecs(await readSourceList())
  .map((s) => s.apiVersion)
  .filter((v) => compareVersions(v, '1.41') <= 0);
const clients: { close(): Promise<void> }[] = [];
afterAll(() => Promise.all(clients.map((c) => c.close())));

describe.concurrent.each(versions)('v%s on Engine 20.10', (version) => {
  it('answers the scenario and the changes of its version as its spec says', async ({ expect }) => {
    const docker = await versionClient(version, host, registry);
    clients.push(docker);
    const name = `dockerapi-v20-${version.replace('.', '-')}-${process.pid}`;
    await runScenario(expect, docker, version, image, name, false);
    await runSchemaChanges({ expect, docker, version, image, name, registry }, 'none');
  }, 180_000);
});
