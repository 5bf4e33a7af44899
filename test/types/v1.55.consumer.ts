// Compiles only if @dockerapi/v1.55 is typed the way a user expects (checked by types.test.ts).
import { DockerClient, type ContainerInspectResponse, type ContainerStatsResponse, type OCIPlatform } from '@dockerapi/v1.55';
import type { HijackedStream, JsonStream } from '@dockerapi/runtime';

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
  // stream: false answers one stats document, otherwise a stream of them.
  const once: ContainerStatsResponse = await docker.containerStats({ id: 'x', stream: false });
  const stream: JsonStream<ContainerStatsResponse> = await docker.containerStats({ id: 'x' });
  // @ts-expect-error a stream is not one document
  const notOnce: ContainerStatsResponse = await docker.containerStats({ id: 'x', stream: true });
  // A detached exec start answers nothing; attached, it is a hijacked session.
  const detached: undefined = (await docker.execStart({ id: 'x', body: { Detach: true } })) ?? undefined;
  // @ts-expect-error detached, nothing comes back
  const nothing: string = await docker.execStart({ id: 'x', body: { Detach: true } });
  const attached: HijackedStream = await docker.execStart({ id: 'x', body: {} });
  // @ts-expect-error detached, there is no session
  const notAttached: HijackedStream = await docker.execStart({ id: 'x', body: { Detach: true } });
  // JavaScript habits the runtime refuses with InvalidParameterError / InvalidOptionError: the types refuse them too.
  // @ts-expect-error filters are the value itself, not its JSON text
  await docker.containerList({ filters: '{"status":["running"]}' });
  // @ts-expect-error a Buffer is not a JSON body
  await docker.containerCreate({ body: Buffer.from('{"Image":"busybox"}') });
  // @ts-expect-error a timeout is a number of milliseconds
  await docker.containerList({}, { timeout: '5s' });
  // @ts-expect-error a signal is an AbortSignal
  await docker.containerList({}, { signal: 'stop' });
  // Bytes where the operation takes bytes.
  await docker.putContainerArchive({ id: 'x', path: '/', body: Buffer.from('tar') });
  // Session is declared as never answering: the runtime refuses it before sending.
  const session: never = await docker.session();
  void name;
  void attestations;
  void once;
  void stream;
  void notOnce;
  void session;
  void detached;
  void nothing;
  void attached;
  void notAttached;
}
