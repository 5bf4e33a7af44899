// Compiles only if @dockerapi/v1.41-v1.51 has exactly what v1.41 to v1.51 share (checked by types.test.ts):
// an operation or field one of its versions lacks is an error.
import { DockerClient, EngineOutOfRangeError, minimumApiVersion, type ContainerSummary } from '@dockerapi/v1.41-v1.51';

const docker = new DockerClient({ host: 'unix:///var/run/docker.sock' });

export async function consumer(): Promise<void> {
  const lowest: '1.41' = minimumApiVersion;
  const highest: '1.51' = DockerClient.apiVersion;
  const containers: ContainerSummary[] = await docker.containerList({ all: true });
  const created = await docker.containerCreate({ name: 'x', body: { Image: 'busybox', Cmd: ['true'], HostConfig: { AutoRemove: true } } });
  try {
    await docker.containerStart({ id: created.Id });
  } catch (error) {
    if (error instanceof EngineOutOfRangeError) void error.engineVersion;
  }
  // @ts-expect-error VolumeUpdate is new in 1.42: v1.41 lacks it, so the range does
  await docker.volumeUpdate({ name: 'v', version: 1, body: {} });
  // @ts-expect-error HostConfig.Annotations is new in 1.43: v1.41 lacks it
  await docker.containerCreate({ body: { Image: 'busybox', HostConfig: { Annotations: { a: 'b' } } } });
  // @ts-expect-error the stop signal parameter is new in 1.42
  await docker.containerStop({ id: created.Id, signal: 'SIGKILL' });
  // @ts-expect-error ImageSummary.Manifests is new in 1.47: not in every answer of the range
  void (await docker.imageList())[0].Manifests;
  // @ts-expect-error the range's lowest version is 1.41
  const wrong: '1.51' = minimumApiVersion;
  void containers;
  void lowest;
  void highest;
  void wrong;
}
