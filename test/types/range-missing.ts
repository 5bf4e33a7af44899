// What @dockerapi/v1.41-v1.51 lacks because v1.41 lacks it, while v1.51 has it. ranges.test.ts compiles
// it against the range and v1.41 (each line an error, as marked) and against v1.51 (where each mark
// is unused): so every mark fails for the range's reason, not for a typo.
import { DockerClient } from '@dockerapi/v1.41-v1.51';

const docker = new DockerClient();

export async function missing(id: string): Promise<void> {
  // @ts-expect-error VolumeUpdate is new in 1.42
  await docker.volumeUpdate({ name: 'v', version: 1, body: { Spec: {} } });
  // @ts-expect-error HostConfig.Annotations is new in 1.43
  await docker.containerCreate({ body: { Image: 'busybox', HostConfig: { Annotations: { a: 'b' } } } });
  // @ts-expect-error the stop signal parameter is new in 1.42
  await docker.containerStop({ id, signal: 'SIGKILL' });
  // @ts-expect-error ImageSummary.Manifests is new in 1.47
  void (await docker.imageList())[0].Manifests;
}
