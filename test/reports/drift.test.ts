// The drift report over a small real slice: Engine 20.10's recorded answers at v1.41 against the
// upstream v1.41 spec, with the committed patches and accepted list.
import { describe, expect, it } from 'vitest';
import { buildReports } from '../../generator/src/reports/index.ts';
import { driftMarkdown } from '../../generator/src/reports/drift.ts';
import { DriftError, driftEntries, parseAccepted, readAccepted, type AcceptedDrift } from '../../generator/src/drift/policy.ts';
import { versionDrift } from '../../generator/src/drift/attribution.ts';
import type { ApiModel } from '../../generator/src/stages/index.ts';
import { readInputs } from '../../generator/src/stages/inputs.ts';
import { readDocumentInputs } from '../../generator/src/document/document.ts';
import { readPatches, type SpecPatch } from '../../generator/src/document/patches.ts';
import { apiSpecs, readSourceList } from '../../generator/src/document/sources.ts';

const list = await readSourceList();
const patches = await readPatches();
const accepted = await readAccepted();
const inputs = await readInputs(await readDocumentInputs(list, patches));
const v141 = apiSpecs(list).find((s) => s.apiVersion === '1.41')!;
const engine2010 = (await versionDrift(v141, { ...inputs, answers: { '1.41': { '20.10': inputs.answers['1.41']['20.10'] } } }))!;
const models = new Map<string, ApiModel>([['1.41', { operations: [], components: {}, drift: engine2010 }]]);

describe('drift report of Engine 20.10 at v1.41', () => {
  const entries = driftEntries(models, patches, accepted);

  it('finds the nulls where the upstream spec says non-null, and names the patch that fixes each', () => {
    const fixedBy = (operation: string, path: string) =>
      entries.find((e) => e.kind === 'unexpected-null' && e.operation === operation && e.path === path)?.fixedBy;
    expect(fixedBy('ImageInspect', '/Config/Labels')).toBe('engine-sends-null-in-operation-answers');
    expect(fixedBy('ImageList', '/*/Labels')).toBe('engine-sends-null-for-empty-lists-and-maps');
    expect(fixedBy('ContainerUpdate', '/Warnings')).toBe('engine-sends-null-in-operation-answers');
    expect(entries.every((e) => e.engine === '20.10' && e.version === '1.41')).toBe(true);
  });

  it('gives the reason of what it leaves as is', () => {
    const builder = entries.find((e) => e.operation === 'SystemDataUsage' && e.path === '/BuilderSize');
    expect(builder).toMatchObject({ kind: 'extra-field', accepted: expect.stringContaining('later specs document') });
    expect(builder?.fixedBy).toBeUndefined();
  });

  it('renders each finding with its engine, versions and verdict', () => {
    const md = driftMarkdown(entries, ['1.41']);
    expect(md).toContain(
      '| ImageInspect | `/Config/Labels` | unexpected-null: expected object, sent null | Engine 20.10: 1.41 | fixed by engine-sends-null-in-operation-answers |',
    );
    expect(md).toMatch(/\| SystemDataUsage \| `\/BuilderSize` \| extra-field: .* \| Engine 20.10: 1.41 \| left as is: The engine sends/);
  });
});

describe('drift of v1.24, rebuilt from v1.25', () => {
  it('is measured against the rebuild from the upstream v1.25 and names the v1.25 patch that fixes it', async () => {
    const v124 = apiSpecs(list).find((s) => s.apiVersion === '1.24')!;
    const [drift] = await versionDrift(v124, { ...inputs, answers: { '1.24': { '20.10': inputs.answers['1.24']['20.10'] } } });
    const binds = drift.findings.find((f) => f.operation === 'ContainerInspect' && f.path === '/HostConfig/Binds');
    expect(binds).toMatchObject({ kind: 'unexpected-null', fixedBy: 'engine-sends-null-for-empty-lists-and-maps' });
    const legacy = drift.findings.find((f) => f.operation === 'SystemInfo' && f.path === '/ExecutionDriver');
    expect(legacy).toMatchObject({ kind: 'extra-field', actual: 'string' });
    expect(legacy?.fixedBy).toBeUndefined();
  });
});

describe('drift checks', () => {
  it('fails on a finding neither fixed nor accepted, naming it', () => {
    const withoutBuilderSize: AcceptedDrift[] = accepted.map((a) => ({
      ...a,
      findings: a.findings.filter((f) => f !== 'SystemDataUsage /BuilderSize'),
    }));
    expect(() => driftEntries(models, patches, withoutBuilderSize)).toThrow(DriftError);
    expect(() => driftEntries(models, patches, withoutBuilderSize)).toThrow(
      /1 drift finding.*\n {2}20\.10 v1\.41 extra-field SystemDataUsage \/BuilderSize/,
    );
  });

  const withEvidence = (evidence: SpecPatch['evidence']): SpecPatch[] =>
    patches.map((p) => (p.id === 'engine-sends-null-in-operation-answers' ? { ...p, evidence } : p));

  it('fails on a patch citing drift that does not exist', () => {
    const bogus = withEvidence({ drift: ['20.10 v1.41 unexpected-null ImageInspect /Config/Nope'] });
    expect(() => driftEntries(models, bogus, accepted)).toThrow(
      /engine-sends-null-in-operation-answers\.json: cites "20\.10 v1\.41 unexpected-null ImageInspect \/Config\/Nope", which is not in the drift/,
    );
  });

  it('fails on a patch citing drift another patch fixes', () => {
    const other = withEvidence({ drift: ['20.10 v1.41 unexpected-null ImageList /*/Labels'] });
    expect(() => driftEntries(models, other, accepted)).toThrow(/which engine-sends-null-for-empty-lists-and-maps fixes, not this patch/);
  });

  it('accepts the real citations at the versions at hand, and requires evidence of every patch', () => {
    const real = withEvidence({ drift: ['20.10 v1.41 unexpected-null ImageInspect /Config/Labels'] });
    expect(() => driftEntries(models, real, accepted)).not.toThrow();
    const none = patches.map((p) => (p.id === 'restart-policy-name-no' ? { ...p, evidence: undefined } : p));
    expect(() => driftEntries(models, none, accepted)).toThrow(/restart-policy-name-no\.json: no "evidence"/);
  });

  it('fails on an accepted entry no finding needs, once every answered version is at hand', () => {
    const needed = new Set(
      driftEntries(models, patches, accepted)
        .filter((e) => e.accepted)
        .map((e) => `${e.operation} ${e.path}`),
    );
    const atV141 = accepted.map((a) => ({ ...a, findings: a.findings.filter((f) => needed.has(f)) })).filter((a) => a.findings.length);
    expect(() => driftEntries(models, patches, atV141, ['1.41'])).not.toThrow();
    const stale = [...atV141, { kind: 'extra-field' as const, reason: 'r', findings: ['SystemInfo /Gone'] }];
    expect(() => driftEntries(models, patches, stale, ['1.41'])).toThrow(/remove:\n {2}extra-field SystemInfo \/Gone$/);
    expect(() => driftEntries(models, patches, stale, ['1.40', '1.41'])).not.toThrow();
  });

  it('rejects a malformed accepted list', () => {
    expect(() => parseAccepted({ accepted: [{ kind: 'extra-field', findings: ['X /a'] }] })).toThrow(/accepted\[0\]: missing "reason"/);
    expect(() => parseAccepted({ accepted: [{ kind: 'odd', reason: 'r', findings: ['X /a'] }] })).toThrow(/"kind" must be one of/);
  });
});

describe('reports index', () => {
  it('links the drift report when the versions carry drift', () => {
    const drift = driftEntries(models, patches, accepted);
    const files = buildReports({ models, releases: [], changelog: '', history: {}, patches, drift });
    expect(files.get('index.html')).toContain('<a href="drift.html">drift.html</a>');
    expect([...files.keys()]).toEqual(expect.arrayContaining(['drift.md', 'drift.html', 'drift.json']));
    const json = JSON.parse(files.get('drift.json')!);
    expect(json.answered).toEqual({ '20.10': ['1.41'] });
    expect(json.findings).toContainEqual(
      expect.objectContaining({
        operation: 'ContainerUpdate',
        path: '/Warnings',
        kind: 'unexpected-null',
        seen: { '20.10': '1.41' },
        fixedBy: 'engine-sends-null-in-operation-answers',
      }),
    );
  });
});
