// Changes made by our own patches are told apart from upstream's, by the places each patch touches.
import { describe, expect, it } from 'vitest';
import type { ApiDiff, Change } from '../../generator/src/reports/diff.ts';
import { markPatchOrigins } from '../../generator/src/reports/patch-origin.ts';
import { parsePatch } from '../../generator/src/stages/patches.ts';

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

describe('markPatchOrigins', () => {
  it('marks the patched property, also where another definition or an operation inlines it', () => {
    const marked = markPatchOrigins(
      diff('1.51', '1.52', [
        change('definition Resources', '.Devices'),
        change('definition HostConfig', '.Devices'),
        change('POST /containers/{id}/update', 'request.Devices'),
        change('definition Network', '.Peers'),
        change('definition Resources', '.Devices', 'type-changed'),
      ]),
      [nullable],
    );
    expect(marked.changes.map((c) => c.patch)).toEqual(['null-for-empty', 'null-for-empty', 'null-for-empty', undefined, undefined]);
  });

  it('marks nothing where the patch applies to both versions or to neither', () => {
    for (const [from, to] of [
      ['1.40', '1.41'],
      ['1.52', '1.53'],
    ]) {
      expect(markPatchOrigins(diff(from, to, [change('definition Resources', '.Devices')]), [nullable]).changes[0].patch).toBeUndefined();
    }
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
    const marked = markPatchOrigins(
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
    const marked = markPatchOrigins(diff('1.36', '1.37', [change('POST /build', 'query.buildargs', 'parameter-changed')]), [buildargs]);
    expect(marked.changes[0].patch).toBe('buildargs');
  });
});
