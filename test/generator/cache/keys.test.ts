// Cache keys cover every input that shapes a package; v1.24, rebuilt from v1.25, also covers v1.25's patches.
import { describe, expect, it } from 'vitest';
import { inputKey, specKey } from '../../../generator/src/cache/keys.ts';
import { inputsFor, readInputs, type Inputs } from '../../../generator/src/stages/inputs.ts';
import { readDocumentInputs } from '../../../generator/src/document/document.ts';
import type { SpecPatch } from '../../../generator/src/document/patches.ts';
import { apiSpecs, readSourceList } from '../../../generator/src/document/sources.ts';
import type { EndpointList } from '../../../generator/src/facts/history.ts';

const list = await readSourceList();
const inputs = await readInputs(await readDocumentInputs(list));
const spec = (version: string) => apiSpecs(list).find((s) => s.apiVersion === version)!;
const patch = (versions: string, value: string): SpecPatch => ({
  id: 'test-patch',
  reason: 'test',
  apply: [
    {
      versions: { from: versions.split('..')[0], to: versions.split('..').at(-1)! },
      operations: [{ op: 'add', path: '/x-test', value }],
    },
  ],
});
const withPatch = (p: SpecPatch): Inputs => ({ ...inputs, patches: [...inputs.patches, p] });

describe('specKey', () => {
  it('of v1.24 changes when a patch that applies only to v1.25 (its base) changes', () => {
    const [a, b] = [withPatch(patch('1.25..1.25', 'a')), withPatch(patch('1.25..1.25', 'b'))];
    expect(specKey(spec('1.24'), a, 'g')).not.toBe(specKey(spec('1.24'), b, 'g'));
    expect(specKey(spec('1.24'), a, 'g')).not.toBe(specKey(spec('1.24'), inputs, 'g'));
  });

  it('stays when only a patch evidence changes: it shapes the drift report, not the document', () => {
    const cited = { ...patch('1.44..1.44', 'a'), evidence: { source: 'one' } };
    expect(specKey(spec('1.44'), withPatch(cited), 'g')).toBe(
      specKey(spec('1.44'), withPatch({ ...cited, evidence: { source: 'two' } }), 'g'),
    );
  });

  it('of a version stays when a patch of another version changes', () => {
    expect(specKey(spec('1.44'), withPatch(patch('1.30..1.30', 'a')), 'g')).toBe(specKey(spec('1.44'), inputs, 'g'));
    expect(specKey(spec('1.44'), withPatch(patch('1.44..1.44', 'a')), 'g')).not.toBe(specKey(spec('1.44'), inputs, 'g'));
  });
});

describe('inputKey', () => {
  const endpoints: EndpointList = [['GET /containers/{}/archive', 'ContainerArchive']];
  const key = (changed: Partial<Inputs>, generator = 'g') =>
    inputKey(spec('1.44'), inputsFor({ ...inputs, ...changed }, spec('1.44'), endpoints), generator);

  it.each([
    { name: 'specs/operations.json', changed: { operationFacts: { ...inputs.operationFacts, X: { response: 'binary' as const } } } },
    { name: 'specs/json-query-params.json', changed: { jsonQuery: { ...inputs.jsonQuery, x: { type: 'string' } } } },
    { name: 'the runtime version', changed: { runtimeVersion: '9.9.9' } },
    { name: 'the first version of an endpoint the package has', changed: { since: { 'GET /containers/{}/archive': '1.28' } } },
  ])('changes with $name', ({ changed }) => {
    expect(key(changed)).not.toBe(key({ since: { 'GET /containers/{}/archive': '1.24' } }));
  });

  it('changes with an input it does not name: the key hashes whatever a package is built from', () => {
    const since = { 'GET /containers/{}/archive': '1.24' };
    const added = { since, templateFlavour: 'new' } as Partial<Inputs>;
    expect(key(added)).not.toBe(key({ since }));
  });

  it("changes with the engine answers recorded at its version, and not with another version's", () => {
    const since = { 'GET /containers/{}/archive': '1.24' };
    const answers = (version: string) => ({ ...inputs.answers, [version]: { '28.5': { SystemPing: 'OK' } } });
    expect(key({ since, answers: answers('1.44') })).not.toBe(key({ since }));
    expect(key({ since, answers: answers('1.41') })).toBe(key({ since }));
  });

  it('changes with the generator (its code, templates and tool versions) and not with facts of endpoints it lacks', () => {
    const since = { 'GET /containers/{}/archive': '1.24' };
    expect(key({ since }, 'g')).not.toBe(key({ since }, 'h'));
    expect(key({ since: { ...since, 'PUT /volumes/{}': '1.42' } })).toBe(key({ since }));
  });

  it('changes with the field facts up to its version, and not with fields that came after it', () => {
    const since = { 'GET /containers/{}/archive': '1.24' };
    const fields = (operations: Record<string, Record<string, string>>) => ({ since, fields: { operations, schemas: {} } });
    const base = key(fields({}));
    expect(key(fields({ 'POST /containers/create': { 'query.platform': '1.41' } }))).not.toBe(base);
    expect(key(fields({ 'POST /containers/create': { 'query.later': '1.45' } }))).toBe(base);
  });
});
