// The shared swarm of Engine 28: made active when it is not, never left (other test files and
// developers use it at the same time).
interface SwarmClient {
  systemInfo(): Promise<{ Swarm?: { LocalNodeState?: string } }>;
  swarmInit(params: { body: Record<string, unknown> }): Promise<unknown>;
}

/** Inits a single-node swarm unless the engine already is in one (or another file inits it first). */
export async function ensureSwarm(docker: SwarmClient): Promise<void> {
  const { Swarm } = await docker.systemInfo();
  if (Swarm?.LocalNodeState === 'active') return;
  await docker
    .swarmInit({ body: { ListenAddr: '127.0.0.1:2377', AdvertiseAddr: '127.0.0.1' } })
    .catch((error: Error) => (/already part of a swarm/.test(error.message) ? undefined : Promise.reject(error)));
}
