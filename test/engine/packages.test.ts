// Every version package the engine serves, against the real engine: the basic calls answer,
// a container runs through its whole life, and every JSON answer conforms to that version's spec.
import { describe, expect, inject, it, afterAll } from 'vitest';
import { readSourceList, apiSpecs } from '../../generator/src/document/sources.ts';
import { compareVersions } from '../../generator/src/versions.ts';
import { ApiVersionRefusedError, ConnectionSettingsError } from '../../runtime/src/index.ts';
import { ResponseValidator } from './response-schema.ts';
import { covered } from './coverage/covered-client.ts';

const host = inject('dockerHost');
const image = inject('testImage');

// The engine's own range decides which packages can be tested (Engine 28.5: up to 1.51).
const version = await (async () => {
  // /version reports the engine's own range whatever the prefix.
  const { DockerClient } = await import('@dockerapi/v1.40');
  const probe = new DockerClient({ host });
  try {
    return (await probe.systemVersion()) as { ApiVersion: string; MinAPIVersion: string };
  } finally {
    await probe.close();
  }
})();
const versions = apiSpecs(await readSourceList())
  .map((s) => s.apiVersion)
  .filter((v) => compareVersions(v, version.ApiVersion) <= 0 && compareVersions(v, version.MinAPIVersion) >= 0);

// Engine 28.5 serves 1.24 on (the reconstructed v1.24 included), Engine 29.7 1.40 on.
const lowest = compareVersions(version.MinAPIVersion, '1.24') < 0 ? '1.24' : version.MinAPIVersion;

it('covers every package the engine serves', () => {
  expect(versions[0]).toBe(lowest);
  expect(versions.length).toBe(compareVersions(version.ApiVersion, lowest) + 1);
});

// Below its minimum the engine refuses the request itself: Engine 29.7 refuses the real v1.39 package.
it("maps the engine's refusal of a version below its minimum to ApiVersionRefusedError naming the package to use", async () => {
  const below = `1.${Number(lowest.slice(2)) - 1}`;
  if (below === '1.23') {
    // No package is older than 1.24, and the client refuses an older version itself, as the Docker CLI
    // does: nothing reaches an engine whose lowest is 1.24 (Engine 29.7 shows the engine's refusal).
    const { DockerClient } = await import('@dockerapi/v1.24');
    expect(() => new DockerClient({ host, apiVersion: below })).toThrow(ConnectionSettingsError);
    return;
  }
  const { DockerClient } = await import(`@dockerapi/v${below}`);
  const docker = new DockerClient({ host });
  try {
    const error = await docker.systemInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiVersionRefusedError);
    expect(error).toMatchObject({ statusCode: 400, requestedVersion: below, minimumVersion: lowest });
    expect((error as Error).message).toContain(`GET /v${below}/info: the engine accepts API ${lowest} and newer, not ${below}`);
    expect((error as Error).message).toContain(`use @dockerapi/v${lowest} or a newer package`);
  } finally {
    await docker.close();
  }
});

describe.each(versions)('@dockerapi/v%s', (apiVersion) => {
  let docker: any;
  let validator: ResponseValidator;
  const conforms = (operationId: string, data: unknown) => expect(validator.check(operationId, data)).toEqual([]);

  it('answers ping, version, info and lists containers and images, as its spec says', async () => {
    const pkg = await import(`@dockerapi/v${apiVersion}`);
    docker = covered(new pkg.DockerClient({ host }));
    validator = await ResponseValidator.forVersion(apiVersion);
    expect(await docker.apiVersion()).toBe(apiVersion);
    expect(await docker.systemPing()).toBe('OK');
    const info = await docker.systemVersion();
    conforms('SystemVersion', info);
    expect(info.ApiVersion).toBe(version.ApiVersion);
    conforms('SystemInfo', await docker.systemInfo());
    conforms('ContainerList', await docker.containerList({ all: true }));
    const images = await docker.imageList({ filters: { reference: [image] } });
    conforms('ImageList', images);
    expect(images.flatMap((i: { RepoTags?: string[] }) => i.RepoTags ?? [])).toContain(image);
  });

  it('creates, starts, waits for, inspects and deletes a container', async () => {
    const name = `dockerapi-v${apiVersion}-${process.pid}`;
    const created = await docker.containerCreate({
      name,
      body: { Image: image, Cmd: ['sh', '-c', 'echo hi; exit 3'], Labels: { 'dockerapi.test': apiVersion } },
    });
    conforms('ContainerCreate', created);
    try {
      await docker.containerStart({ id: created.Id });
      const waited = await docker.containerWait({ id: created.Id });
      conforms('ContainerWait', waited);
      expect(waited.StatusCode).toBe(3);
      const inspected = await docker.containerInspect({ id: name });
      conforms('ContainerInspect', inspected);
      expect(inspected).toMatchObject({ Id: created.Id, Name: `/${name}`, State: { Status: 'exited', ExitCode: 3 } });
      const listed = await docker.containerList({ all: true, filters: { label: [`dockerapi.test=${apiVersion}`] } });
      conforms('ContainerList', listed);
      expect(listed.map((c: { Id: string }) => c.Id)).toEqual([created.Id]);
    } finally {
      await docker.containerDelete({ id: created.Id, force: true });
    }
    await expect(docker.containerInspect({ id: created.Id })).rejects.toMatchObject({
      name: 'NotFoundError',
      statusCode: 404,
      method: 'GET',
      path: `/v${apiVersion}/containers/${created.Id}/json`,
      engineMessage: expect.stringContaining(created.Id),
    });
  });

  afterAll(() => docker?.close());
});
