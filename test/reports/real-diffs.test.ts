// Reports generated from the real specs (by `npm run generate`): facts a reader can check against
// the upstream change log, and goldens for three pairs, checked by hand once and then kept.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiDiff } from '../../generator/src/reports/diff.ts';
import type { Matrix } from '../../generator/src/reports/matrix.ts';
import { repoRoot } from '../../generator/src/document/sources.ts';
import { apiVersions, newest, unreleased } from '../support/versions.ts';

const reports = path.join(repoRoot, 'generated/reports');
const diff = (from: string, to: string) => JSON.parse(readFileSync(path.join(reports, `diffs/v${from}-v${to}.json`), 'utf8')) as ApiDiff;
const matrix = JSON.parse(readFileSync(path.join(reports, 'matrix.json'), 'utf8')) as Matrix;
const find = (d: ApiDiff, kind: string, subject: string, location = '') =>
  d.changes.find((c) => c.kind === kind && c.subject === subject && c.location === location);

describe('diffs of the real specs', () => {
  it('VolumeUpdate first appears in 1.42', () => {
    expect(find(diff('1.41', '1.42'), 'operation-added', 'PUT /volumes/{name}')).toMatchObject({
      operation: 'VolumeUpdate',
      breaking: false,
    });
    expect(matrix.operations['PUT /volumes/{}'].versions[0]).toBe('1.42');
  });

  it('a field given a type, a map become an object, a list become an object (1.32, 1.35, 1.41, 1.40)', () => {
    expect(find(diff('1.31', '1.32'), 'type-changed', 'definition SwarmSpec', '.CAConfig.ForceRotate')?.detail).toBe(
      'type untyped -> integer',
    );
    expect(find(diff('1.34', '1.35'), 'type-changed', 'definition Mount', '.BindOptions.Propagation')?.detail).toBe(
      'type untyped -> string',
    );
    expect(find(diff('1.40', '1.41'), 'type-changed', 'definition IPAM', '.Config[]')?.detail).toBe(
      'map of string -> object (Subnet, IPRange, Gateway, AuxiliaryAddresses)',
    );
    expect(find(diff('1.39', '1.40'), 'type-changed', 'definition ContainerSummary')?.detail).toBe(
      'type object[] -> object, the same fields',
    );
  });

  it('ImageInspect.VirtualSize is gone in 1.44', () => {
    expect(find(diff('1.43', '1.44'), 'property-removed', 'definition ImageInspect', '.VirtualSize')).toMatchObject({ breaking: true });
    expect(matrix.definitions.ImageInspect.properties.VirtualSize.versions.at(-1)).toBe('1.43');
  });

  it('GET /images/{name}/attestations is new in 1.55', () => {
    expect(find(diff('1.54', '1.55'), 'operation-added', 'GET /images/{name}/attestations')).toMatchObject({
      operation: 'ImageAttestations',
    });
    expect(matrix.operations['GET /images/{}/attestations'].versions).toEqual(apiVersions.slice(apiVersions.indexOf('1.55')));
  });

  it('1.42 adds the signal parameter to stop and restart', () => {
    const d = diff('1.41', '1.42');
    expect(find(d, 'parameter-added', 'POST /containers/{id}/stop', 'query.signal')).toBeDefined();
    expect(find(d, 'parameter-added', 'POST /containers/{id}/restart', 'query.signal')).toBeDefined();
  });

  it('reports an enum put on a free string: 1.30 State.Status, 1.40 events Type, 1.48 ContainerSummary.State', () => {
    expect(find(diff('1.29', '1.30'), 'enum-introduced', 'GET /containers/{id}/json', 'response 200.State.Status')).toMatchObject({
      breaking: false,
      detail: expect.stringContaining('"running"'),
    });
    expect(find(diff('1.39', '1.40'), 'enum-introduced', 'GET /events', 'response 200.Type')).toMatchObject({ breaking: false });
    expect(find(diff('1.47', '1.48'), 'enum-introduced', 'definition ContainerSummary', '.State')).toBeDefined();
  });

  it('1.48: nullability reached through a reference, and a definition rename that changes a type name', () => {
    const d = diff('1.47', '1.48');
    expect(find(d, 'became-nullable', 'definition DistributionInspect', '.Platforms[]')).toMatchObject({
      breaking: true,
      detail: 'may now be null (definition OCIPlatform)',
    });
    expect(find(d, 'definition-renamed', 'definition IdResponse')).toMatchObject({ breaking: true, names: ['IdResponse', 'IDResponse'] });
  });

  it('1.42: content types and response headers', () => {
    const d = diff('1.41', '1.42');
    // Attach and exec start answer without a schema: what they produce is compared all the same.
    for (const subject of ['POST /containers/{id}/attach', 'POST /exec/{id}/start']) {
      expect(d.changes.find((c) => c.kind === 'content-type-added' && c.subject === subject)).toMatchObject({
        names: ['application/vnd.docker.multiplexed-stream'],
      });
    }
    const multiplexed = d.changes.find(
      (c) =>
        c.kind === 'content-type-added' &&
        c.subject === 'GET /containers/{id}/logs' &&
        c.names[0] === 'application/vnd.docker.multiplexed-stream',
    );
    expect(multiplexed).toMatchObject({ location: 'response', breaking: true });
    expect(find(d, 'header-added', 'GET /_ping', 'response 200 header Swarm')).toMatchObject({ breaking: false });
  });

  it('1.52: the null-for-empty patches run on where Engine 29 still sends null, and end where it omits the field', () => {
    const d = diff('1.51', '1.52');
    // Open-ended: no patch-made "no longer null" for HostConfig.Binds and the like.
    expect(d.changes.filter((c) => c.patch === 'engine-sends-null-for-empty-lists-and-maps')).toEqual([]);
    expect(find(d, 'became-non-nullable', 'definition HostConfig', '.Binds')).toBeUndefined();
    expect(find(d, 'became-non-nullable', 'definition ImageHistoryResponseItem', '.Tags')).toBeUndefined();
    // Ended at 1.51: the fields Engine 29.7 leaves out, marked as our patch's, not upstream's. The
    // Warnings of container update, service update and volume list run on: Engine 29.7 sends null.
    const ended = d.changes.filter((c) => c.patch === 'engine-sends-null-in-operation-answers');
    expect(ended.map((c) => `${c.kind} ${c.subject} ${c.location}`).sort()).toEqual([
      'became-non-nullable GET /networks/{id} response 200.Containers',
      'became-non-nullable definition ImageConfig .Cmd',
      'became-non-nullable definition ImageConfig .Entrypoint',
      'became-non-nullable definition ImageConfig .Labels',
      'became-non-nullable definition ImageConfig .Volumes',
      'became-non-nullable definition ImageSummary .RepoTags',
    ]);
    expect(find(d, 'became-non-nullable', 'definition VolumeListResponse', '.Warnings')).toBeUndefined();
    // GraphDriver.Data ends too: from 1.52 Engine 29.7 answers Storage instead of GraphDriver.
    const store = d.changes.filter((c) => c.patch === 'containerd-image-store-sends-null');
    expect(store.map((c) => `${c.subject} ${c.location}`).sort()).toEqual([
      'definition ContainerInspectResponse .GraphDriver.Data',
      'definition DriverData .Data',
      'definition ImageInspect .GraphDriver.Data',
    ]);
    expect(d.changes.filter((c) => c.patch)).toHaveLength(ended.length + store.length);
    expect(find(d, 'became-non-nullable', 'definition Network', '.Peers')?.patch).toBeUndefined();
    const summary = `${ended.length + store.length} from our patches (specs/patches), not upstream`;
    const marked = '(from our patch engine-sends-null-in-operation-answers)';
    for (const format of ['md', 'html']) {
      const report = readFileSync(path.join(reports, `diffs/v1.51-v1.52.${format}`), 'utf8');
      expect(report).toContain(summary);
      expect(report.split(marked)).toHaveLength(ended.length + 1);
    }
    // The page shows our patches' rows apart from upstream's.
    const html = readFileSync(path.join(reports, 'diffs/v1.51-v1.52.html'), 'utf8');
    expect(html.match(/<tr class="patch">/g)).toHaveLength(ended.length + store.length);
  });

  it('marks every change our patches make, and no upstream change, as ours: found by diffing the unpatched documents', () => {
    const ours = (from: string, to: string) =>
      diff(from, to)
        .changes.filter((c) => c.patch)
        .map((c) => `${c.patch} ${c.kind} ${c.subject} ${c.location}`)
        .sort();
    // The TaskState patch (`/enum/-`) ends at 1.36; upstream's 1.37 changes (`Templating`, `Init`, SCTP, build `target`) are upstream's.
    expect(ours('1.36', '1.37')).toEqual([]);
    expect(find(diff('1.36', '1.37'), 'parameter-added', 'POST /build', 'query.target')?.patch).toBeUndefined();
    // The config `Data` patch is at 1.30 only; the secrets' `Data` changes around it are upstream's.
    expect([...ours('1.29', '1.30'), ...ours('1.30', '1.31')]).toEqual([]);
    expect(ours('1.31', '1.32')).toEqual([
      'network-settings-ports-is-a-map became-non-nullable GET /containers/{id}/json response 200.NetworkSettings.Ports{}',
      'network-settings-ports-is-a-map became-nullable GET /containers/{id}/json response 200.NetworkSettings.Ports{}[]',
    ]);
    expect(ours('1.35', '1.36')).toEqual([
      'secret-and-config-create-answer-ID became-required POST /configs/create response 201.ID',
      'secret-and-config-create-answer-ID became-required POST /secrets/create response 201.ID',
    ]);
  });

  it("1.52: the reconciliation lists our patches' changes apart, never as upstream changes", () => {
    const page = readFileSync(path.join(reports, 'changelog/v1.52.md'), 'utf8');
    const [upstream, ours] = page.split('## From our patches, not upstream: engine-sends-null-in-operation-answers');
    expect(ours).toContain('## From our patches, not upstream: containerd-image-store-sends-null');
    expect(ours).toContain('| became-non-nullable | definition ImageConfig | .Cmd | is no longer null |');
    expect(upstream).not.toContain('definition ImageConfig');
    expect(upstream).toContain('9 from our patches (specs/patches), not upstream, listed apart');
    const json = JSON.parse(readFileSync(path.join(reports, 'reconciliation.json'), 'utf8')) as {
      to: string;
      documented: { changes: { subject: string }[] }[];
      fromPatches: { patch: string; subject: string }[];
    }[];
    const v152 = json.find((r) => r.to === '1.52')!;
    expect(v152.fromPatches).toHaveLength(9);
    expect(new Set(v152.fromPatches.map((c) => c.patch))).toEqual(
      new Set(['engine-sends-null-in-operation-answers', 'containerd-image-store-sends-null']),
    );
    expect(v152.documented.flatMap((d) => d.changes).some((c) => c.subject === 'definition ImageConfig')).toBe(false);
    const summary = readFileSync(path.join(reports, 'reconciliation.md'), 'utf8');
    expect(summary).toContain('| 9 (engine-sends-null-in-operation-answers, containerd-image-store-sends-null) |');
  });

  it.each([
    ['1.41', '1.42'],
    ['1.43', '1.44'],
    ['1.51', '1.52'],
  ])('v%s -> v%s matches its golden', async (from, to) => {
    await expect(readFileSync(path.join(reports, `diffs/v${from}-v${to}.md`), 'utf8')).toMatchFileSnapshot(
      `../goldens/diff-v${from}-v${to}.md`,
    );
  });
});

describe('compatibility matrix', () => {
  it('covers every version and joins the engine releases', () => {
    expect(matrix.versions[0]).toBe('1.24');
    expect(matrix.versions.at(-1)).toBe(newest);
    expect(matrix.engines['1.41']).toContain('20.10');
    expect(matrix.engines['1.27']).toEqual(['17.03.1']);
    expect(matrix.operations['GET /containers/json'].versions).toEqual(matrix.versions);
    expect(matrix.operations['GET /containers/json'].resource).toBe('containers');
  });

  it('keeps a renamed operation in one row, with its operationIds by version', () => {
    const archive = matrix.operations['GET /containers/{}/archive'];
    expect(archive.versions).toEqual(matrix.versions);
    expect(archive.operationIds).toEqual([
      { operationId: 'ContainerGetArchive', versions: '1.24..1.27' },
      { operationId: 'ContainerArchive', versions: `1.28..${newest}` },
    ]);
    expect(Object.values(matrix.operations).filter((o) => o.path === '/containers/{id}/archive')).toHaveLength(3);
  });

  it('names the first engine of a row and of a parameter', () => {
    const create = matrix.operations['POST /containers/create'];
    expect(create).toMatchObject({ since: '1.24', firstEngine: '1.12' });
    expect(create.parameters['query.platform']).toMatchObject({ since: '1.41', firstEngine: '20.10' });
    expect(matrix.operations['GET /images/{}/attestations']).toMatchObject({ since: '1.55', firstEngine: '29.6' });
  });

  it('annotates upstream omissions instead of a removal and a re-addition', () => {
    expect(matrix.definitions.HostConfig.properties.NanoCpus).toMatchObject({ since: '1.25', omitted: ['1.27'] });
    expect(matrix.operations['POST /containers/prune'].parameters['query.filters'].omitted).toEqual(['1.27']);
    expect(matrix.definitions.HostConfig.properties.Binds.omitted).toBeUndefined();
  });

  it('marks the development version unreleased and the engines that refuse old clients', () => {
    expect(matrix.unreleased).toEqual(unreleased);
    const refusing = matrix.releases.filter((r) => r.refusesBelow === '1.44').map((r) => r.engine);
    expect(refusing).toEqual(['29.0', '29.1', '29.2']);
    expect(matrix.releases.find((r) => r.engine === '29.3')).toMatchObject({ minApi: '1.40', refusesBelow: '1.40' });
    expect(matrix.releases.find((r) => r.engine === '28.5')?.refusesBelow).toBeUndefined();
  });
});
