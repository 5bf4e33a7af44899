// A program written against a range package. ranges.test.ts compiles it as is, and with its import
// swapped to member versions of the range: it must compile against each of them too.
import { DockerClient, NotFoundError, type ContainerCreateBody, type ContainerSummary } from '@dockerapi/v1.41-v1.51';

const docker = new DockerClient();

export async function program(): Promise<string[]> {
  const body: ContainerCreateBody = {
    Image: 'busybox',
    Cmd: ['sh', '-c', 'echo hi'],
    Env: ['A=b'],
    Labels: { app: 'x' },
    HostConfig: { Memory: 64 * 1024 * 1024, RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 2 }, Binds: ['/tmp:/data:ro'] },
  };
  const { Id, Warnings } = await docker.containerCreate({ name: 'x', body });
  await docker.containerStart({ id: Id });
  const { StatusCode } = await docker.containerWait({ id: Id, condition: 'not-running' });
  const inspect = await docker.containerInspect({ id: Id });
  const status: string | undefined = inspect.State?.Status;
  const exitCode: number | undefined = inspect.State?.ExitCode;
  const logs = await docker.containerLogs({ id: Id, stdout: true, stderr: true });
  const { stdout: text } = await logs.text();
  await docker.containerDelete({ id: Id, force: true, v: true });
  const containers: ContainerSummary[] = await docker.containerList({ all: true, filters: { label: ['app=x'] } });
  const images = await docker.imageList({ filters: { dangling: ['false'] } });
  const tags: string[] = images.flatMap((image) => image.RepoTags ?? []);
  const version = await docker.systemVersion();
  const networks = await docker.networkList();
  const { Volumes } = await docker.volumeList();
  try {
    await docker.volumeInspect({ name: 'missing' });
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
  return [
    String(StatusCode),
    String(Warnings),
    String(status),
    String(exitCode),
    text,
    ...containers.map((c) => c.Id ?? ''),
    ...tags,
    version.ApiVersion ?? '',
    ...networks.map((n) => n.Name ?? ''),
    ...(Volumes ?? []).map((v) => v.Name),
  ];
}
