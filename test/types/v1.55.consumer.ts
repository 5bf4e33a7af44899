// Compiles only if @dockerapi/v1.55 is typed the way a user expects (checked by types.test.ts).
import { DockerClient, type ContainerInspectResponse, type OCIPlatform } from '@dockerapi/v1.55';

const docker = new DockerClient({ host: process.env.DOCKER_HOST });

export async function consumer(): Promise<void> {
  const inspect: ContainerInspectResponse = await docker.containerInspect({ id: 'x' });
  // Nullable in the spec, so nullable in the types.
  const driver = inspect.GraphDriver;
  // @ts-expect-error GraphDriver may be null
  const name: string = driver.Name;
  const platform: OCIPlatform = { os: 'linux', architecture: 'arm64' };
  await docker.imageDelete({ name: 'busybox', platforms: [platform] });
  const attestations = await docker.imageAttestations({ name: 'busybox' });
  await docker.volumeUpdate({ name: 'v', version: 1, body: { Spec: {} } });
  void name; void attestations;
}
