// Changes made by our own patches are told apart from upstream's: what the diff of the unpatched
// documents lacks is ours, named by the places each patch touches.
import { describe, expect, it } from 'vitest';
import type { ApiDiff, Change } from '../../generator/src/reports/diff.ts';
import { markPatchOrigins } from '../../generator/src/reports/patch-origin.ts';
import { parsePatch, type SpecPatch } from '../../generator/src/document/patches.ts';

const nullable = parsePatch('null-for-empty', {
  reason: 'the engine sends null',
  apply: [
    { versions: '1.25..1.51', operations: [{ op: 'add', path: '/definitions/Resources/properties/Devices/x-nullable', value: true }] },
  ],
});
const change = (subject: string, location: string, kind: Change['kind'] = 'became-non-nullable'): Change => ({
  kind,
  subject,
  location,
  names: [],
  detail: '',
  breaking: false,
});
const diff = (from: string, to: string, changes: Change[]): ApiDiff => ({ from, to, changes });
/** The same pair unpatched: upstream changed none of these. */
const none = (d: ApiDiff) => diff(d.from, d.to, []);
const mark = (d: ApiDiff, patches: SpecPatch[], upstream = none(d)) => markPatchOrigins(d, upstream, patches);

describe('markPatchOrigins', () => {
  it('marks the patched property, also where another definition or an operation inlines it', () => {
    const changes = [
      change('definition Resources', '.Devices'),
      change('definition HostConfig', '.Devices'),
      change('POST /containers/{id}/update', 'request.Devices'),
      change('definition Network', '.Peers'),
    ];
    const marked = mark(diff('1.51', '1.52', changes), [nullable], diff('1.51', '1.52', [changes[3]]));
    expect(marked.changes.map((c) => c.patch)).toEqual(['null-for-empty', 'null-for-empty', 'null-for-empty', undefined]);
  });

  it("never claims upstream's own change, even at a place a patch touches", () => {
    // 1.36 -> 1.37: the TaskState patch (`/enum/-`) ends at 1.36, and upstream adds `Init`, `Templating`, ...
    const taskState = parsePatch('task-state', {
      reason: 'more states',
      apply: [{ versions: '1.25..1.36', operations: [{ op: 'add', path: '/definitions/TaskState/enum/-', value: 'remove' }] }],
    });
    const upstream = [
      change('POST /containers/{id}/update', 'request.Init', 'property-added'),
      change('definition TaskState', '', 'enum-added'),
    ];
    const d = diff('1.36', '1.37', upstream);
    expect(mark(d, [taskState], d).changes.map((c) => c.patch)).toEqual([undefined, undefined]);
    // Config `.Data` patched at 1.30; upstream's `SecretSpec.Data` changes are upstream's.
    const data = parsePatch('config-data', {
      reason: 'a string',
      apply: [
        { versions: '1.30', operations: [{ op: 'replace', path: '/definitions/ConfigSpec/properties/Data', value: { type: 'string' } }] },
      ],
    });
    const secret = diff('1.29', '1.30', [change('definition SecretSpec', '.Data', 'type-changed')]);
    expect(mark(secret, [data], secret).changes[0].patch).toBeUndefined();
  });

  it('names the patch of a replaced answer, a removed schema and an enum entry added at its end', () => {
    const created = parsePatch('create-answers-ID', {
      reason: 'ID',
      apply: [
        {
          versions: '1.36..1.51',
          operations: [{ op: 'replace', path: '/paths/~1secrets~1create/post/responses/201/schema', value: { type: 'object' } }],
        },
      ],
    });
    const deleted = parsePatch('delete-answers-nothing', {
      reason: 'empty',
      apply: [{ versions: '1.25..1.51', operations: [{ op: 'remove', path: '/paths/~1plugins~1{name}/delete/responses/200/schema' }] }],
    });
    const taskState = parsePatch('task-state', {
      reason: 'more states',
      apply: [{ versions: '1.25..1.36', operations: [{ op: 'add', path: '/definitions/TaskState/enum/-', value: 'remove' }] }],
    });
    const marked = mark(
      diff('1.51', '1.52', [
        change('POST /secrets/create', 'response 201.Id', 'property-added'),
        change('DELETE /plugins/{name}', 'response', 'content-type-added'),
      ]),
      [taskState, created, deleted],
    );
    expect(marked.changes.map((c) => c.patch)).toEqual(['create-answers-ID', 'delete-answers-nothing']);
    expect(mark(diff('1.36', '1.37', [change('definition TaskState', '', 'enum-removed')]), [taskState]).changes[0].patch).toBe(
      'task-state',
    );
  });

  it('gives a change to the patch of its own definition before one of a same-named property elsewhere', () => {
    const warnings = (id: string, definition: string) =>
      parsePatch(id, {
        reason: 'the engine sends null',
        apply: [
          {
            versions: '1.39..1.51',
            operations: [{ op: 'add', path: `/definitions/${definition}/properties/Warnings/x-nullable`, value: true }],
          },
        ],
      });
    const marked = mark(
      diff('1.51', '1.52', [change('definition VolumeListResponse', '.Warnings'), change('definition SystemInfo', '.Warnings')]),
      [warnings('info', 'SystemInfo'), warnings('volumes', 'VolumeListResponse')],
    );
    expect(marked.changes.map((c) => c.patch)).toEqual(['volumes', 'info']);
  });

  it('names a patched parameter by the name its test pins', () => {
    const buildargs = parsePatch('buildargs', {
      reason: 'a JSON string',
      apply: [
        {
          versions: '1.28..1.36',
          operations: [
            { op: 'test', path: '/paths/~1build/post/parameters/17/name', value: 'buildargs' },
            { op: 'replace', path: '/paths/~1build/post/parameters/17/type', value: 'string' },
          ],
        },
      ],
    });
    const marked = mark(diff('1.36', '1.37', [change('POST /build', 'query.buildargs', 'parameter-changed')]), [buildargs]);
    expect(marked.changes[0].patch).toBe('buildargs');
  });
});
