import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizePath, parseChangelog } from '../../generator/src/document/changelog.ts';
import { abbreviates, nameKey } from '../../generator/src/document/names.ts';
import { reconcile } from '../../generator/src/reports/reconcile.ts';
import type { ApiDiff, Change } from '../../generator/src/reports/diff.ts';
import { reconciliationMarkdown, reconciliationSummary } from '../../generator/src/reports/render.ts';
import { specView } from '../../generator/src/reports/index.ts';
import { repoRoot } from '../../generator/src/document/sources.ts';

describe('normalizePath', () => {
  it.each([
    { given: '/images/(name)/json', want: '/images/{}/json' },
    { given: '/containers/(id or name)/attach', want: '/containers/{}/attach' },
    { given: '/volumes{name}', want: '/volumes/{}' },
    { given: '/networks/', want: '/networks' },
    { given: '/containers/{id}/json.', want: '/containers/{}/json' },
  ])('$given', ({ given, want }) => expect(normalizePath(given)).toBe(want));
});

describe('nameKey', () => {
  it.each([
    { given: ['ImagesUsage', 'ImageUsage'], same: true },
    { given: ['HostConfig.Mounts', 'Mounts'], same: true },
    { given: ['Parent', 'Parents'], same: true },
    { given: ['Memory', 'MemorySwap'], same: false },
  ])('$given', ({ given: [a, b], same }) => expect(nameKey(a) === nameKey(b)).toBe(same));
});

describe('parseChangelog', () => {
  it('splits versions into bullets, joining continuation lines, with endpoints and names', () => {
    const notes = parseChangelog(
      '# title\n\n## v1.42 API changes\n\n* `POST /containers/{id}/stop` now accepts a\n  `signal` query parameter.\n* Behaviour only.\n\n## V1.39 API changes\n\n* `GET /info` now returns `Warnings`.\n',
    );
    expect([...notes.keys()]).toEqual(['1.42', '1.39']);
    expect(notes.get('1.42')).toEqual([
      {
        version: '1.42',
        index: 0,
        text: '`POST /containers/{id}/stop` now accepts a `signal` query parameter.',
        endpoints: [{ method: 'POST', written: '/containers/{id}/stop', path: '/containers/{}/stop' }],
        names: ['signal'],
      },
      { version: '1.42', index: 1, text: 'Behaviour only.', endpoints: [], names: [] },
    ]);
    expect(notes.get('1.39')![0].names).toEqual(['Warnings']);
  });

  it('keeps a prose list, and blank-separated paragraphs, inside their note', () => {
    const notes = parseChangelog(
      [
        '## v1.46 API changes',
        '',
        '* `GET /_ping` now returns a `Swarm` header.',
        '',
        '  It can be one of:',
        '',
        '    - "inactive"',
        '    - "active"',
        '',
        '#### Deprecated Config fields in `GET /images/{name}/json` response',
        '',
        'These fields are deprecated:',
        '',
        '- `Hostname`',
        '- `Domainname`',
        '',
        '* `POST /services/create` now support OomScoreAdj',
      ].join('\n'),
    ).get('1.46')!;
    expect(notes.map((n) => n.text)).toEqual([
      '`GET /_ping` now returns a `Swarm` header. It can be one of: "inactive" "active"',
      'Deprecated Config fields in `GET /images/{name}/json` response These fields are deprecated: `Hostname` `Domainname`',
      '`POST /services/create` now support OomScoreAdj',
    ]);
    expect(notes[1].names).toEqual(['Hostname', 'Domainname']);
  });

  it.each([
    { given: '`GET /networks/(id or name)` x', want: '/networks/{}' },
    { given: 'GET /containers/(id or name)/json.', want: '/containers/{}/json' },
    { given: '`POST /containers/<container ID>/exec`', want: '/containers/{}/exec' },
    { given: '`Get /version` now', want: '/version' },
  ])('reads the endpoint of $given', ({ given, want }) => {
    const [endpoint] = parseChangelog(`## v1.28 API changes\n\n* ${given}\n`).get('1.28')![0].endpoints;
    expect(endpoint.path).toBe(want);
    expect(endpoint.method).toMatch(/^[A-Z]+$/);
  });

  it('reads the real log: about 270 bullets after v1.25', () => {
    const notes = parseChangelog(readFileSync(path.join(repoRoot, 'specs/.upstream/version-history.md'), 'utf8'));
    const count = [...notes].filter(([v]) => Number(v.split('.')[1]) > 25).reduce((n, [, list]) => n + list.length, 0);
    expect(count).toBeGreaterThan(260);
    expect(count).toBeLessThan(300);
  });
});

describe('reconcile', () => {
  const change = (over: Partial<Change>): Change => ({
    kind: 'parameter-added',
    subject: 'POST /containers/{id}/stop',
    location: 'query.signal',
    names: ['signal'],
    detail: '',
    breaking: false,
    ...over,
  });
  const diff: ApiDiff = {
    from: '1.41',
    to: '1.42',
    changes: [
      change({}),
      change({ kind: 'property-added', subject: 'GET /system/df', location: 'response 200.ImageUsage', names: ['ImageUsage'] }),
      change({ kind: 'property-added', subject: 'definition Info', location: '.Quiet', names: ['Quiet'] }),
    ],
  };
  const notes = parseChangelog(
    [
      '## v1.42 API changes',
      '',
      '* `POST /containers/{id}/stop` now accepts a `signal` query parameter.',
      '* `GET /system/df` returns `ImagesUsage`.',
      '* `GET /containers/{id}/attach` now sets the Content-Type header.',
      '* This change is not versioned, and affects all API versions.',
    ].join('\n'),
  ).get('1.42')!;
  const endpoints = new Set(['POST /containers/{}/stop', 'GET /system/df', 'POST /containers/{}/attach']);
  const r = reconcile(diff, notes, { endpoints, definitionsOf: () => new Set() });

  it('ties notes to changes and says by which words', () => {
    expect(r.documented.map((d) => [d.note.index, d.changes.map((c) => c.tiedBy)])).toEqual([
      [0, [['endpoint POST /containers/{id}/stop', 'name `signal`']]],
      [1, [['endpoint GET /system/df', 'name `ImageUsage`']]],
    ]);
    expect(r.documented[1].caveats).toEqual(['the log writes `ImagesUsage`, the spec has `ImageUsage`']);
  });

  it('lists changes no note mentions, and notes without a spec change with the reason', () => {
    expect(r.undocumented.map((c) => c.names)).toEqual([['Quiet']]);
    expect(r.unmatched.map((u) => u.reason)).toEqual([
      // The class is the note's own (a header); the log's wrong method is said beside it.
      'behaviour-only: about events, filter values, headers or the wire format; ' +
        'log mistake: the log says GET /containers/{id}/attach, the spec has POST /containers/{id}/attach',
      'behaviour-only: the log says the change is unversioned',
    ]);
  });
});

describe('reconcile, beside the endpoints a note names', () => {
  const change = (over: Partial<Change>): Change => ({
    kind: 'property-added',
    subject: 'definition Network',
    location: '.Status',
    names: ['Status'],
    detail: '',
    breaking: false,
    ...over,
  });
  const diff: ApiDiff = {
    from: '1.51',
    to: '1.52',
    changes: [
      change({}),
      change({ kind: 'parameter-added', subject: 'GET /networks/{id}', location: 'query.verbose', names: ['verbose'] }),
      change({ subject: 'definition TaskSpec', location: '.ContainerSpec.OomScoreAdj', names: ['OomScoreAdj'] }),
      change({ subject: 'definition Unrelated', location: '.Status', names: ['Status'] }),
    ],
  };
  const notes = parseChangelog(
    [
      '## v1.52 API changes',
      '',
      '* `GET /networks/{id}` now includes a `Status` field.',
      '* Optional query parameter `verbose` for `GET /networks/(id or name)` will now list all services.',
      '* `POST /services/create` now support OomScoreAdj',
    ].join('\n'),
  ).get('1.52')!;
  const reached: Record<string, string[]> = { 'GET /networks/{}': ['Network'], 'POST /services/create': ['ServiceSpec', 'TaskSpec'] };
  const spec = { endpoints: new Set(Object.keys(reached)), definitionsOf: (e: string) => new Set(reached[e] ?? []) };
  const r = reconcile(diff, notes, spec);

  it('ties a generic name, an `(id or name)` path and a word of prose through the definitions the endpoint reaches', () => {
    expect(r.unmatched).toEqual([]);
    expect(r.documented.map((d) => d.changes.map((c) => `${c.change.subject} ${c.change.location}`))).toEqual([
      ['definition Network .Status'],
      ['GET /networks/{id} query.verbose'],
      ['definition TaskSpec .ContainerSpec.OomScoreAdj'],
    ]);
    expect(r.undocumented.map((c) => c.subject)).toEqual(['definition Unrelated']);
  });
});

describe('reconcile, changes our patches made', () => {
  const change = (over: Partial<Change>): Change => ({
    kind: 'became-non-nullable',
    subject: 'definition ImageConfig',
    location: '.Cmd',
    names: ['Cmd'],
    detail: 'is no longer null',
    breaking: false,
    ...over,
  });
  // The diff of the unpatched documents, and what our patches changed besides (markPatchOrigins).
  const diff: ApiDiff = { from: '1.51', to: '1.52', changes: [change({ location: '.Shell', names: ['Shell'] })] };
  const ours = [change({ patch: 'engine-sends-null-in-operation-answers' })];
  const notes = parseChangelog('## v1.52 API changes\n\n* `GET /images/{name}/json` now omits `Cmd` and `Shell` when not set.\n').get(
    '1.52',
  )!;
  const spec = { endpoints: new Set(['GET /images/{}/json']), definitionsOf: () => new Set(['ImageInspect', 'ImageConfig']) };
  const r = reconcile(diff, notes, spec, undefined, ours);

  it('are set apart: not tied to a note, not counted as undocumented', () => {
    expect(r.documented.flatMap((d) => d.changes.map((c) => c.change.location))).toEqual(['.Shell']);
    expect(r.undocumented).toEqual([]);
    expect(r.fromPatches.map((c) => [c.patch, c.location])).toEqual([['engine-sends-null-in-operation-answers', '.Cmd']]);
  });

  it('are listed in their own part of the version page, named by patch', () => {
    const page = reconciliationMarkdown(r);
    expect(page).toContain('1 from our patches (specs/patches), not upstream, listed apart');
    const ours = page.split('## From our patches, not upstream: engine-sends-null-in-operation-answers')[1];
    expect(ours).toContain('| became-non-nullable | definition ImageConfig | .Cmd | is no longer null |');
    expect(reconciliationSummary([r])).toContain('| 1 (engine-sends-null-in-operation-answers) |');
  });
});

describe('reconcile, a note that only announces an endpoint', () => {
  it('is not in the spec when the older version has the endpoint already', () => {
    const notes = parseChangelog('## v1.25 API changes\n\n* `POST /plugins/(plugin name)/enable` enable a plugin.\n').get('1.25')!;
    const spec = { endpoints: new Set(['POST /plugins/{}/enable']), definitionsOf: () => new Set<string>() };
    const r = reconcile({ from: '1.24', to: '1.25', changes: [] }, notes, spec);
    expect(r.unmatched.map((u) => u.reason)).toEqual(['not in the spec: v1.24 has POST /plugins/(plugin name)/enable already']);
  });
});

describe('the real reconciliation', () => {
  const report = (version: string) => readFileSync(path.join(repoRoot, `generated/reports/changelog/v${version}.md`), 'utf8');
  it("names the log's known mistakes", () => {
    expect(report('1.42')).toContain('the log says GET /containers/{id}/attach, the spec has POST /containers/{id}/attach');
    expect(report('1.42')).toContain('the log says GET /exec/{id}/start, the spec has POST /exec/{id}/start');
    expect(report('1.42')).toContain('the log writes /volumes{name} (a slash is missing)');
    expect(report('1.52')).toContain('the log writes `ImagesUsage`, the spec has `ImageUsage`');
  });
});

describe('abbreviates', () => {
  it.each([
    { given: ['CapAdd', 'CapabilityAdd'], want: true },
    { given: ['CpuRtRuntime', 'CpuRealtimeRuntime'], want: true },
    { given: ['Pid', 'privileged'], want: false },
    { given: ['MemSwap', 'MemorySwappiness'], want: false },
  ])('$given', ({ given: [written, field], want }) => expect(abbreviates(written, field)).toBe(want));
});

describe('parseChangelog, a line at the margin right after a bullet', () => {
  it('continues the bullet (1.33), while one after a blank line opens a note of its own', () => {
    const notes = parseChangelog(
      [
        '## v1.33 API changes',
        '',
        '* `GET /events` now supports filtering `config`, `node`,',
        '`secret` and `service`.',
        '',
        'Prose.',
      ].join('\n'),
    ).get('1.33')!;
    expect(notes.map((n) => n.text)).toEqual(['`GET /events` now supports filtering `config`, `node`, `secret` and `service`.', 'Prose.']);
  });

  it('reads `?verbose=1` as the name of the parameter', () => {
    const [note] = parseChangelog('## v1.42 API changes\n\n* `GET /system/df` supports the `?verbose=1` query.\n').get('1.42')!;
    expect(note.names).toEqual(['verbose']);
  });
});

describe('reconcile, names a note shares with other changes', () => {
  const change = (over: Partial<Change>): Change => ({
    kind: 'property-added',
    subject: 'POST /services/{id}/update',
    location: 'request.RollbackConfig',
    names: ['RollbackConfig'],
    detail: '',
    breaking: false,
    ...over,
  });
  const spec = { endpoints: new Set(['POST /services/{}/update', 'POST /exec/{}/start']), definitionsOf: () => new Set<string>() };
  const tied = (text: string, changes: Change[]) => {
    const notes = parseChangelog(`## v1.42 API changes\n\n* ${text}\n`).get('1.42')!;
    return reconcile({ from: '1.41', to: '1.42', changes }, notes, spec).documented.flatMap((d) => d.changes.map((c) => c.change.location));
  };

  it('ties a prose word only where the backticked names tie nothing (`RollbackConfig`, not query.rollback)', () => {
    const rollback = change({ kind: 'parameter-added', location: 'query.rollback', names: ['rollback'] });
    expect(
      tied('`POST /services/{id}/update` now accepts a `RollbackConfig` object with rollback options.', [change({}), rollback]),
    ).toEqual(['request.RollbackConfig']);
    expect(tied('`POST /services/{id}/update` now accepts rollback options.', [rollback])).toEqual(['query.rollback']);
  });

  it('ties a media type written in full (`application/vnd.docker.multiplexed-stream`)', () => {
    const multiplexed = change({
      kind: 'content-type-added',
      subject: 'POST /exec/{id}/start',
      location: 'response',
      names: ['application/vnd.docker.multiplexed-stream'],
    });
    expect(tied('`POST /exec/{id}/start` now sets Content-Type to `application/vnd.docker.multiplexed-stream`.', [multiplexed])).toEqual([
      'response',
    ]);
  });
});

describe('reconcile, an enum value the note writes', () => {
  const change = (over: Partial<Change>): Change => ({
    kind: 'enum-added',
    subject: 'definition Mount',
    location: '.Type',
    names: ['Type'],
    values: ['image'],
    detail: '',
    breaking: false,
    ...over,
  });
  const spec = {
    endpoints: new Set(['POST /containers/create', 'POST /services/create']),
    definitionsOf: () => new Set(['Mount', 'ServiceSpec']),
  };
  const tied = (text: string, changes: Change[]) => {
    const notes = parseChangelog(`## v1.48 API changes\n\n* ${text}\n`).get('1.48')!;
    return reconcile({ from: '1.47', to: '1.48', changes }, notes, spec).documented.flatMap((d) => d.changes.map((c) => c.tiedBy.at(-1)));
  };

  it('ties the value added, and the field beside it named after it (1.48 `Mount` of type `image`, `ImageOptions`)', () => {
    const options = change({ kind: 'property-added', location: '.ImageOptions', names: ['ImageOptions'], values: undefined });
    expect(tied('`POST /containers/create` now supports `Mount` of type `image`.', [change({}), options])).toEqual([
      'value `image`',
      'value `image`',
    ]);
  });

  it('not a field elsewhere that starts with the same word (`rollback` for FailureAction, not RollbackConfig)', () => {
    const failure = change({
      subject: 'definition ServiceSpec',
      location: '.UpdateConfig.FailureAction',
      names: ['FailureAction'],
      values: ['rollback'],
    });
    const config = change({
      kind: 'property-added',
      subject: 'definition ServiceSpec',
      location: '.RollbackConfig',
      names: ['RollbackConfig'],
      values: undefined,
    });
    expect(tied('`POST /services/create` now accepts a `rollback` value for `FailureAction`.', [failure, config])).toEqual([
      'name `FailureAction`',
    ]);
  });
});

describe('reconcile, an operation added by a note about unversioned behaviour', () => {
  it('ties HEAD /_ping (1.40) from a path and methods written apart, and not to the header note that names it', () => {
    const notes = parseChangelog(
      [
        '## v1.40 API changes',
        '',
        '* `GET /_ping` and `HEAD /_ping` now set `Cache-Control` headers. This change is not versioned.',
        '* The `/_ping` endpoint can now be accessed both using `GET` or `HEAD` requests. This change is not versioned.',
      ].join('\n'),
    ).get('1.40')!;
    expect(notes[1].endpoints.map((e) => `${e.method} ${e.path}`)).toEqual(['GET /_ping', 'HEAD /_ping']);
    const changes: Change[] = [
      { kind: 'operation-added', subject: 'HEAD /_ping', location: '', names: ['SystemPingHead'], detail: '', breaking: false },
      {
        kind: 'header-added',
        subject: 'GET /_ping',
        location: 'response 200 header Cache-Control',
        names: ['Cache-Control'],
        detail: '',
        breaking: false,
      },
    ];
    const spec = { endpoints: new Set(['GET /_ping', 'HEAD /_ping']), definitionsOf: () => new Set<string>() };
    const r = reconcile({ from: '1.39', to: '1.40', changes }, notes, spec);
    expect(r.documented.map((d) => [d.note.index, d.changes.map((c) => c.change.kind)])).toEqual([
      [0, ['header-added']],
      [1, ['operation-added']],
    ]);
  });
});

describe('reconcile, names a note writes as context', () => {
  const change = (location: string, subject = 'definition ServiceSpec', kind: Change['kind'] = 'property-added'): Change => ({
    kind,
    subject,
    location,
    names: [location.split('.').pop() || subject.replace('definition ', '')],
    detail: '',
    breaking: false,
  });
  const spec = {
    endpoints: new Set(['GET /services', 'POST /services/{}/update', 'GET /info']),
    definitionsOf: () => new Set(['ServiceSpec', 'Service', 'SystemInfo', 'DeviceInfo']),
  };
  const tied = (text: string, changes: Change[]) => {
    const notes = parseChangelog(`## v1.41 API changes\n\n* ${text}\n`).get('1.41')!;
    return reconcile({ from: '1.40', to: '1.41', changes }, notes, spec).documented.flatMap((d) => d.changes.map((c) => c.change.location));
  };
  const modes = [change('.Mode.ReplicatedJob'), change('.Mode.GlobalJob')];

  it('ties the subject, not the names after "with", "on", "in" (1.41 `JobStatus` on services with mode `ReplicatedJob`)', () => {
    const jobStatus = change('.JobStatus', 'definition Service');
    expect(
      tied('`GET /services` now includes `JobStatus` on Services with mode `ReplicatedJob` or `GlobalJob`.', [...modes, jobStatus]),
    ).toEqual(['.JobStatus']);
  });

  it('ties them where the subject ties nothing, and a new definition named as its type', () => {
    expect(tied('`POST /services/{id}/update` accepts updating the fields of the `ReplicatedJob` object.', modes)).toEqual([
      '.Mode.ReplicatedJob',
    ]);
    const devices = [change('.DiscoveredDevices', 'definition SystemInfo'), change('', 'definition DeviceInfo', 'definition-added')];
    expect(tied('`GET /info` now includes a `DiscoveredDevices` field. This is an array of `DeviceInfo` objects.', devices)).toEqual([
      '.DiscoveredDevices',
      '',
    ]);
  });
});

describe('reconcile, the items of a streamed answer (specs/operations.json `item`)', () => {
  const nullable = (definition: string, field: string): Change => ({
    kind: 'became-nullable',
    subject: `definition ${definition}`,
    location: `.${field}`,
    names: [field],
    detail: 'may now be null',
    breaking: true,
  });
  const changes = [nullable('CreateImageInfo', 'error'), nullable('CreateImageInfo', 'progress'), nullable('PushImageInfo', 'error')];
  const model = {
    operations: [
      { id: 'ImageCreate', method: 'POST', path: '/images/create', parameters: [], op: {} },
      { id: 'ImagePush', method: 'POST', path: '/images/{name}/push', parameters: [], op: {} },
    ],
    components: { schemas: { CreateImageInfo: { type: 'object' }, PushImageInfo: { type: 'object' } } },
  };
  const notes = parseChangelog(
    '## v1.48 API changes\n\n* Deprecated: The "error" and "progress" fields in streaming responses for endpoints such as ' +
      '`POST /images/create` and `POST /images/{name}/push` are deprecated. Use the information in the `errorDetail` field instead.\n',
  ).get('1.48')!;
  const tied = (streamItems?: Record<string, string>) =>
    reconcile({ from: '1.47', to: '1.48', changes }, notes, specView(model, streamItems)).documented.flatMap((d) =>
      d.changes.map((c) => `${c.change.subject}${c.change.location}`),
    );

  it('ties the deprecated progress fields becoming nullable (1.48): the endpoints reach the definitions of their items', () => {
    expect(tied()).toEqual([]);
    expect(tied({ ImageCreate: 'CreateImageInfo', ImagePush: 'PushImageInfo' })).toEqual([
      'definition CreateImageInfo.error',
      'definition CreateImageInfo.progress',
      'definition PushImageInfo.error',
    ]);
  });
});

describe('reconcile, classes of notes no change answers', () => {
  const untied = (version: string, text: string) => {
    const notes = parseChangelog(`## v${version} API changes\n\n* ${text}\n`).get(version)!;
    const spec = { endpoints: new Set(['GET /images/search', 'POST /networks/{}/connect']), definitionsOf: () => new Set<string>() };
    return reconcile({ from: '1.0', to: version, changes: [] }, notes, spec).unmatched.map((u) => u.reason);
  };

  it('a field an earlier version added, now applied: behaviour-only (1.54 `MacAddress`)', () => {
    expect(
      untied(
        '1.54',
        '`POST /networks/{id}/connect` now correctly applies the `MacAddress` field in `EndpointSettings`. This field was added in API v1.44, but was previously ignored.',
      ),
    ).toEqual(['behaviour-only: about what the daemon does with a field an earlier version added']);
  });

  it('a wrong method in the log is said beside the class, not as the class (1.45 `POST /images/search`)', () => {
    expect(untied('1.45', '`POST /images/search` will always assume a `false` value for the `is-automated` field.')).toEqual([
      'behaviour-only: names fields the spec already has, and says nothing new about their shape; ' +
        'log mistake: the log says POST /images/search, the spec has GET /images/search',
    ]);
  });
});

describe('reconcile, a new enum value written in prose', () => {
  const sctp = (subject: string, location: string): Change => ({
    kind: 'enum-added',
    subject: `definition ${subject}`,
    location,
    names: [location.slice(1)],
    values: ['sctp'],
    detail: 'values added: "sctp"',
    breaking: true,
  });
  const spec = { endpoints: new Set(['POST /services/create']), definitionsOf: () => new Set(['EndpointPortConfig']) };
  const tied = (text: string, changes: Change[]) => {
    const notes = parseChangelog(`## v1.37 API changes\n\n* ${text}\n`).get('1.37')!;
    return reconcile({ from: '1.36', to: '1.37', changes }, notes, spec).documented.flatMap((d) => d.changes.map((c) => c.tiedBy.at(-1)));
  };

  it('ties it beside the note\'s endpoints (1.37 "exposing SCTP ports"), not where it reaches nothing', () => {
    const changes = [sctp('EndpointPortConfig', '.Protocol'), sctp('Port', '.Type')];
    expect(tied('`POST /services/create` now supports exposing SCTP ports.', changes)).toEqual(['the word "sctp"']);
  });

  it('not beside backticked names that tie (`RollbackConfig` with rollback options)', () => {
    const rollback = { ...sctp('EndpointPortConfig', '.FailureAction'), values: ['rollback'] };
    const config: Change = {
      ...rollback,
      kind: 'property-added',
      location: '.RollbackConfig',
      names: ['RollbackConfig'],
      values: undefined,
    };
    expect(tied('`POST /services/create` now accepts a `RollbackConfig` object with rollback options.', [rollback, config])).toEqual([
      'name `RollbackConfig`',
    ]);
  });
});

describe('reconcile, a definition added as the type of what a note describes', () => {
  const model = {
    operations: [
      {
        id: 'NetworkInspect',
        method: 'GET',
        path: '/networks/{id}',
        parameters: [],
        op: {
          responses: {
            200: {
              content: {
                'application/json': { schema: { type: 'object', properties: { Status: { $ref: '#/components/schemas/NetworkStatus' } } } },
              },
            },
          },
        },
      },
    ],
    components: {
      schemas: {
        NetworkStatus: { type: 'object', properties: { IPAM: { $ref: '#/components/schemas/IPAMStatus' } } },
        IPAMStatus: { type: 'object' },
        Unrelated: { type: 'object' },
      },
    },
  };
  const added = (name: string): Change => ({
    kind: 'definition-added',
    subject: `definition ${name}`,
    location: '',
    names: [name],
    detail: 'added',
    breaking: false,
  });
  const status: Change = {
    kind: 'property-added',
    subject: 'GET /networks/{id}',
    location: 'response 200.Status',
    names: ['Status'],
    detail: 'object',
    breaking: false,
  };

  it('comes with it, and the definitions it reaches in turn (1.52 `Status`: `NetworkStatus`, `IPAMStatus`)', () => {
    const notes = parseChangelog('## v1.52 API changes\n\n* `GET /networks/{id}` now includes a `Status` field.\n').get('1.52')!;
    const r = reconcile(
      { from: '1.51', to: '1.52', changes: [status, added('NetworkStatus'), added('IPAMStatus'), added('Unrelated')] },
      notes,
      specView(model),
    );
    expect(r.documented[0].changes.map((c) => [c.change.subject, c.tiedBy.at(-1)])).toEqual([
      ['GET /networks/{id}', 'name `Status`'],
      ['definition NetworkStatus', 'the type of GET /networks/{id} response 200.Status'],
      ['definition IPAMStatus', 'the type of GET /networks/{id} response 200.Status'],
    ]);
    expect(r.undocumented.map((c) => c.subject)).toEqual(['definition Unrelated']);
  });
});
