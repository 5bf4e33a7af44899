// Image operations, on each engine at the newest version it serves (support/newest.ts): commit,
// history, tag, inspect, list, save (one and many), load, push to and pull from the htpasswd
// registry, distribution inspect, prune, delete; and the system operations around them: auth
// against the registry, disk usage, build cache prune.
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { newest, newestApiVersion } from '../support/newest.ts';
import { compareVersions } from '../../../generator/src/versions.ts';
import tar from 'tar-stream';
import type { Readable } from 'node:stream';
import { covered } from '../coverage/covered-client.ts';

const { DockerClient, NotFoundError, ServerError } = newest;

const registry = inject('registry');
const credentials = { [registry.address]: { username: registry.user, password: registry.password } };
const docker = covered(new DockerClient({ host: inject('dockerHost'), credentials }));
const image = inject('testImage');
const name = `dockerapi-images-${process.pid}`;
const repo = `dockerapi-test/images-${process.pid}`;
const remote = `${registry.address}/dockerapi/images-${process.pid}`;
let committed: string;

beforeAll(async () => {
  await docker.containerCreate({ name, body: { Image: image, Cmd: ['mkdir', '/committed'] } });
  await docker.containerStart({ id: name });
  await docker.containerWait({ id: name });
});
afterAll(async () => {
  await docker.containerDelete({ id: name, force: true }).catch(() => undefined);
  for (const ref of [`${repo}:one`, `${repo}:two`, `${remote}:one`, committed]) {
    if (ref) await docker.imageDelete({ name: ref, force: true }).catch(() => undefined);
  }
  await docker.close();
});

/** The names of the files in a tar stream. */
async function tarEntries(body: Readable): Promise<string[]> {
  const names: string[] = [];
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => (names.push(header.name), stream.resume(), stream.on('end', next)));
  body.pipe(extract);
  await new Promise<void>((resolve, reject) => extract.on('finish', () => resolve()).on('error', reject));
  return names;
}

it('commits a container into an image, with its history, and tags it', async () => {
  ({ Id: committed } = await docker.imageCommit({
    container: name,
    repo,
    tag: 'one',
    comment: 'made by a test',
    changes: 'ENV COMMITTED=yes',
    body: { Labels: { 'dockerapi.test': name }, Cmd: ['sh'] },
  }));
  expect(committed).toMatch(/^sha256:[0-9a-f]{64}$/);
  const inspected = await docker.imageInspect({ name: `${repo}:one` });
  expect(inspected).toMatchObject({ Id: committed, Comment: 'made by a test', Config: { Env: expect.arrayContaining(['COMMITTED=yes']) } });
  const history = await docker.imageHistory({ name: committed });
  expect(history[0]).toMatchObject({ Id: committed, Comment: 'made by a test' });
  expect(history.length).toBeGreaterThan(1);

  await docker.imageTag({ name: committed, repo, tag: 'two' });
  const listed = await docker.imageList({ filters: { label: [`dockerapi.test=${name}`] } });
  expect(listed.map((i) => i.Id)).toEqual([committed]);
  expect(listed[0].RepoTags?.sort()).toEqual([`${repo}:one`, `${repo}:two`]);
});

// From v1.55 (Engine 29.7): the attestations stored with an image; one committed here has none.
it.runIf('imageAttestations' in docker)('lists the attestations of an image: none for one committed here', async () => {
  const attestations = await (docker as unknown as { imageAttestations(p: { name: string }): Promise<unknown[]> }).imageAttestations({
    name: committed,
  });
  expect(attestations).toEqual([]);
});

it('saves one image and many, and loads them back', async () => {
  const one = await docker.imageGet({ name: `${repo}:one` });
  const saved = await tarEntries(one.body);
  expect(saved).toContain('manifest.json');
  const many = await docker.imageGetAll({ names: [`${repo}:one`, image] });
  const chunks: Buffer[] = [];
  for await (const chunk of many.body) chunks.push(chunk as Buffer);
  await docker.imageDelete({ name: `${repo}:two` });
  const loaded = await (await docker.imageLoad({ body: Buffer.concat(chunks) })).done();
  expect(loaded.map((l) => l.stream ?? '').join('')).toMatch(/Loaded image|The image .* already exists/);
  expect((await docker.imageInspect({ name: `${repo}:one` })).Id).toBe(committed);
});

it('pushes to the registry, inspects it there, and pulls it back', async () => {
  await docker.imageTag({ name: committed, repo: remote, tag: 'one' });
  // The client adds X-Registry-Auth from its credentials, which the types cannot know.
  const pushed = await (await docker.imagePush({ name: remote, tag: 'one' } as Parameters<typeof docker.imagePush>[0])).done();
  // Both engines end with "one: digest: sha256:... size: N"; only Engine 28 also sends it as `aux`.
  const digest = pushed.map((p) => /digest: (sha256:[0-9a-f]{64})/.exec(p.status ?? '')?.[1]).find(Boolean);
  expect(digest).toMatch(/^sha256:/);

  const distribution = await docker.distributionInspect({ name: `${remote}:one` });
  expect(distribution.Descriptor).toMatchObject({ digest, mediaType: expect.stringContaining('manifest') });

  await docker.imageDelete({ name: `${remote}:one` });
  const pulled = await (await docker.imageCreate({ fromImage: remote, tag: 'one' })).done();
  expect(pulled.at(-1)?.status).toMatch(/Downloaded newer image|Image is up to date/);
  expect((await docker.imageInspect({ name: `${remote}:one` })).RepoDigests).toContain(`${remote}@${digest}`);
});

it('logs in to the registry, and refuses a wrong password', async () => {
  const login = { username: registry.user, password: registry.password, serveraddress: registry.address };
  const answer = await docker.systemAuth({ body: login });
  expect(answer.Status).toBe('Login Succeeded');
  // The engine relays the registry's refusal as a 500 of its own.
  const wrong = docker.systemAuth({ body: { username: registry.user, password: 'not-the-password', serveraddress: registry.address } });
  await expect(wrong).rejects.toThrow(ServerError);
  await expect(wrong).rejects.toThrow(/login attempt to .* failed with status: 401 Unauthorized/);
});

it('prunes only the dangling images of its label, then deletes by reference', async () => {
  const { Id: dangling } = await docker.imageCommit({ container: name, body: { Labels: { 'dockerapi.prune': name } } });
  const pruned = await docker.imagePrune({ filters: { label: [`dockerapi.prune=${name}`] } });
  expect(pruned.ImagesDeleted?.map((d) => d.Deleted)).toContain(dangling);
  await expect(docker.imageInspect({ name: dangling! })).rejects.toThrow(NotFoundError);

  const deleted = await docker.imageDelete({ name: `${repo}:one` });
  expect(deleted).toContainEqual({ Untagged: `${repo}:one` });
});

it('reports disk usage and prunes no build cache younger than a century', async () => {
  // `type` is since v1.42: before it, every kind is counted.
  const kinds = ['image', 'container', 'volume', 'build-cache'] as const;
  const usage = await docker.systemDataUsage(compareVersions(newestApiVersion, '1.42') >= 0 ? { type: [...kinds] } : {});
  expect(usage.Images?.length).toBeGreaterThan(0);
  const pruned = await docker.buildPrune({ filters: { until: ['876000h'] } });
  expect(pruned.SpaceReclaimed).toBe(0);
});
