import { describe, expect, it } from 'vitest';
import type { Swagger } from '../../../generator/src/document/spec.ts';
import { applyPatches, parsePatch, staleWarning } from '../../../generator/src/document/patches.ts';

const patchSource = {
  reason: 'x is a string',
  apply: [
    {
      versions: '1.25..1.30',
      operations: [
        { op: 'test', path: '/x/type', value: 'integer' },
        { op: 'replace', path: '/x/type', value: 'string' },
      ],
    },
  ],
};
const patch = parsePatch('fix-x', patchSource);

describe('applyPatches', () => {
  it('applies inside the range only, without touching the input', () => {
    const doc: Swagger = { paths: {}, ...{ x: { type: 'integer' } } };
    expect(applyPatches(doc, '1.30', [patch])).toEqual({ doc: { paths: {}, x: { type: 'string' } }, applied: ['fix-x'], stale: [] });
    expect(applyPatches(doc, '1.31', [patch])).toEqual({ doc, applied: [], stale: [] });
    expect(doc.x.type).toBe('integer');
  });

  it('leaves out an entry whose test no longer holds (upstream fixed or moved the place), naming the patch and version', () => {
    const doc: Swagger = { paths: {}, ...{ x: { type: 'string' } } };
    const result = applyPatches(doc, '1.25', [patch]);
    expect(result).toMatchObject({ doc, applied: [], stale: [{ id: 'fix-x', version: '1.25' }] });
    expect(staleWarning(result.stale[0])).toMatch(
      /^warning: specs\/patches\/fix-x.json covers v1.25 but no longer applies there \(\/x\/type: /,
    );
  });

  it('fails, naming the patch and version, when an operation past the tests cannot apply', () => {
    const broken = parsePatch('broken', {
      reason: 'r',
      apply: [{ versions: '1.25', operations: [{ op: 'replace', path: '/y/type', value: 'string' }] }],
    });
    expect(() => applyPatches({ paths: {}, x: { type: 'string' } }, '1.25', [broken])).toThrow(
      'specs/patches/broken.json does not apply to v1.25',
    );
  });

  it('applies an open-ended range ("1.52..") to every later version, one not yet known included', () => {
    const open = parsePatch('fix-y', { ...patchSource, apply: [{ ...patchSource.apply[0], versions: '1.52..' }] });
    const doc: Swagger = { paths: {}, ...{ x: { type: 'integer' } } };
    expect(applyPatches(doc, '1.51', [open])).toMatchObject({ doc, applied: [] });
    for (const version of ['1.52', '1.56', '1.99', '1.100']) {
      expect(applyPatches(doc, version, [open])).toMatchObject({ doc: { paths: {}, x: { type: 'string' } }, applied: ['fix-y'] });
    }
  });
});

describe('parsePatch', () => {
  it.each([
    { given: { apply: [] }, want: 'specs/patches/p.json: missing "reason"' },
    { given: { reason: 'r' }, want: 'specs/patches/p.json: missing "apply" list' },
    { given: { reason: 'r', apply: [{ versions: '1.30..1.25', operations: [] }] }, want: 'bad version range "1.30..1.25"' },
    { given: { reason: 'r', apply: [{ versions: '..1.30', operations: [] }] }, want: 'bad version range "..1.30"' },
    { given: { reason: 'r', apply: [{ versions: '1.30' }] }, want: 'apply[0] has no "operations" list' },
    { given: { reason: 'r', evidence: {}, apply: [{ versions: '1.30', operations: [] }] }, want: '"evidence" needs "drift"' },
    { given: { reason: 'r', evidence: { drift: [] }, apply: [{ versions: '1.30', operations: [] }] }, want: '"evidence" needs "drift"' },
    { given: { reason: 'r', evidence: { source: 7 }, apply: [{ versions: '1.30', operations: [] }] }, want: '"evidence" needs "drift"' },
  ])('$want', ({ given, want }) => expect(() => parsePatch('p', given)).toThrow(want));
});
