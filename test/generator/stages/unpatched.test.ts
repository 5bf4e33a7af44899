// The unpatched model converts only what the patches touch: it must equal the whole upstream
// document converted, and a patch reaching past path items and definitions must convert it all.
import { describe, expect, it } from 'vitest';
import { touchedBy } from '../../../generator/src/stages/unpatched.ts';
import { prepareSpec, unpatchedModel } from '../../../generator/src/stages/index.ts';
import { readInputs } from '../../../generator/src/stages/inputs.ts';
import { readDocumentInputs } from '../../../generator/src/document/document.ts';
import type { SpecPatch } from '../../../generator/src/document/patches.ts';
import type { VersionRange } from '../../../generator/src/versions.ts';
import { apiSpecs, readSourceList } from '../../../generator/src/document/sources.ts';

const patch = (versions: VersionRange, ...paths: { path: string; from?: string }[]): SpecPatch => ({
  id: 'p',
  reason: 'test',
  apply: [{ versions, operations: paths.map(({ path, from }) => (from ? { op: 'move', from, path } : { op: 'remove', path })) }],
});

describe('touchedBy', () => {
  it('names the path items and definitions of every pointer, `from` too, of the entries covering the version', () => {
    const patches = [
      patch(
        { from: '1.40' },
        { path: '/paths/~1containers~1{id}~1json/get/responses/200' },
        { path: '/definitions/Mount/properties/Type' },
      ),
      patch({ from: '1.40' }, { from: '/definitions/Old~0Name/properties/A', path: '/definitions/New/properties/A' }),
      patch({ from: '1.25', to: '1.30' }, { path: '/info' }),
    ];
    const touched = touchedBy(patches, '1.44');
    expect(touched?.paths).toEqual(new Set(['/containers/{id}/json']));
    expect(touched?.definitions).toEqual(new Set(['Mount', 'Old~Name', 'New']));
  });

  it('gives up on a pointer outside the path items and definitions', () => {
    expect(touchedBy([patch({ from: '1.25' }, { path: '/info' })], '1.44')).toBeUndefined();
    expect(touchedBy([patch({ from: '1.25' }, { path: '/definitions' })], '1.44')).toBeUndefined();
    expect(touchedBy([patch({ from: '1.25' }, { from: '/produces', path: '/paths/~1x' })], '1.44')).toBeUndefined();
  });
});

const list = await readSourceList();
const inputs = readInputs(await readDocumentInputs(list));
const spec = (version: string) => apiSpecs(list).find((s) => s.apiVersion === version)!;

describe('unpatchedModel', () => {
  it.each(['1.41', '1.51'])('v%s: from the touched part, the same as the whole upstream document converted', async (version) => {
    const prepared = await prepareSpec(spec(version), await inputs);
    expect(prepared.applied.length).toBeGreaterThan(0);
    // The partial conversion is the one taken.
    expect(touchedBy((await inputs).patches, version)?.definitions.size).toBeGreaterThan(0);
    const whole = await unpatchedModel(spec(version), await inputs, { upstream: prepared.upstream });
    expect(JSON.stringify(await unpatchedModel(spec(version), await inputs, prepared))).toBe(JSON.stringify(whole));
  });
});
