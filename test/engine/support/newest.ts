// The operation tests (test/engine/ops/) run on each engine at the newest API version it serves:
// Engine 28.5 at v1.51 in the `engine` project, Engine 29.7 at v1.55 in `engine-29`. The package is
// imported by that version; its exports are typed as v1.51's, the oldest of them, so that the tests
// compile once and only use what every such package has.
import { inject } from 'vitest';

export type NewestPackage = typeof import('@dockerapi/v1.51');

/** The newest API version the engine at `host` serves, from its /version answer. */
export async function newestVersion(host: string): Promise<string> {
  const { DockerClient } = await import('@dockerapi/v1.40');
  const probe = new DockerClient({ host });
  try {
    return (await probe.systemVersion()).ApiVersion!;
  } finally {
    await probe.close();
  }
}

export const newestApiVersion = await newestVersion(inject('dockerHost'));
export const newest = (await import(`@dockerapi/v${newestApiVersion}`)) as NewestPackage;
