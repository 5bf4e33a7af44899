// Compiles only if @dockerapi/v1.25 is typed the way a user expects (checked by types.test.ts).
import { DockerClient, type Config } from '@dockerapi/v1.25';

const docker = new DockerClient();

export async function consumer(): Promise<void> {
  // Cmd and Entrypoint accept a list or a shell string before 1.35.
  const shell: Config = { Image: 'busybox', Cmd: 'echo hi', Entrypoint: ['sh', '-c'] };
  const created = await docker.containerCreate({ body: shell });
  const waited = await docker.containerWait({ id: created.Id });
  const code: number = waited.StatusCode;
  await docker.imageBuild({ t: 'x', buildargs: { VERSION: '1' }, body: new Uint8Array(0) });
  // @ts-expect-error buildargs is a map of strings (the upstream spec said integer until 1.37)
  await docker.imageBuild({ buildargs: 1 });
  // @ts-expect-error the system data usage operation is new in 1.25 but prune of build cache is not there yet
  await docker.buildPrune();
  void code;
}
