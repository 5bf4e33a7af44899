// Drift between recorded engine answers (specs/engine-answers) and a version's spec.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { driftOf, driftReport, jsonType, type ApiDescription } from '../../../generator/src/drift/findings.ts';
import { prepareSpec } from '../../../generator/src/stages/index.ts';
import { readInputs } from '../../../generator/src/stages/inputs.ts';
import { readDocumentInputs } from '../../../generator/src/document/document.ts';
import { apiSpecs, readSourceList } from '../../../generator/src/document/sources.ts';

const fixtures = path.resolve(import.meta.dirname, '../../../specs/engine-answers');
const answers = async (engine: string, version: string) =>
  JSON.parse(await readFile(path.join(fixtures, engine, `v${version}.json`), 'utf8'));
const list = await readSourceList();

async function api(version: string, patched: boolean): Promise<ApiDescription> {
  const inputs = await readInputs(await readDocumentInputs(list, patched ? undefined : []));
  return (await prepareSpec(apiSpecs(list).find((s) => s.apiVersion === version)!, inputs)).openapi as ApiDescription;
}

const toy: ApiDescription = {
  paths: {},
  components: {
    schemas: {
      Thing: {
        type: 'object',
        required: ['Id', 'State'],
        properties: {
          Id: { type: 'string' },
          State: { type: 'string', enum: ['on', 'off'] },
          Labels: { type: 'object', additionalProperties: { type: 'string' } },
          Size: { type: 'integer', nullable: true },
        },
      },
    },
  },
};

describe('driftOf', () => {
  it.each([
    { given: { Id: 'a', State: 'on', Size: null }, want: [] },
    { given: { Id: 'a', State: 'on', Extra: 1 }, want: [{ kind: 'extra-field', path: '/Extra', actual: 'integer' }] },
    { given: { Id: 'a' }, want: [{ kind: 'missing-required', path: '/State', expected: 'State' }] },
    { given: { Id: 'a', State: 'on', Labels: null }, want: [{ kind: 'unexpected-null', path: '/Labels', expected: 'object' }] },
    { given: { Id: 'a', State: 'dimmed' }, want: [{ kind: 'enum-outside', path: '/State', expected: 'on|off', actual: 'dimmed' }] },
    {
      given: { Id: 7, State: 'on', Labels: { a: 1 } },
      want: [
        { kind: 'type-mismatch', path: '/Id', expected: 'string', actual: 'integer' },
        { kind: 'type-mismatch', path: '/Labels/*', actual: 'integer' },
      ],
    },
  ])('$given', ({ given, want }) => {
    const found = driftOf(toy, 'ThingInspect', { $ref: '#/components/schemas/Thing' }, given);
    expect(found).toEqual(want.map((w) => expect.objectContaining(w)));
  });

  it('names the JSON types as JSON Schema does', () => {
    expect([null, [], 1, 1.5, 'x', {}, true].map(jsonType)).toEqual(['null', 'array', 'integer', 'number', 'string', 'object', 'boolean']);
  });
});

describe('driftOf on Swagger 2', () => {
  const swagger: ApiDescription = {
    paths: {
      '/things/{id}': {
        get: { operationId: 'ThingInspect', responses: { 200: { schema: { $ref: '#/definitions/Thing' } } } },
        delete: { operationId: 'ThingExport', produces: ['application/x-tar'], responses: { 200: { schema: { type: 'string' } } } },
      },
    },
    definitions: {
      Thing: {
        properties: {
          Parent: { $ref: '#/definitions/Ref', 'x-nullable': true },
          Owner: { $ref: '#/definitions/Ref' },
          Cmd: { type: ['array', 'string'], items: { type: 'string' } },
        },
      },
      Ref: { properties: { Id: { type: 'string' } } },
    },
  };

  it('reads x-nullable beside a reference, implicit objects and type lists', () => {
    const answer = { Parent: null, Owner: null, Cmd: 'sh', Extra: 1 };
    expect(driftReport('28.5', '1.30', { ThingInspect: answer, ThingExport: 'x' }, swagger).findings).toEqual([
      expect.objectContaining({ kind: 'extra-field', path: '/Extra' }),
      expect.objectContaining({ kind: 'unexpected-null', path: '/Owner', expected: 'object' }),
    ]);
  });
});

describe('driftReport on recorded answers', () => {
  it('finds the nulls Engine 28.5 sends at v1.51 in the upstream spec, and none once patched', async () => {
    const recorded = await answers('engine-28.5', '1.51');
    const upstream = driftReport('28.5', '1.51', recorded, await api('1.51', false));
    const nulls = upstream.findings.filter((f) => f.kind === 'unexpected-null').map((f) => `${f.operation} ${f.path}`);
    expect(nulls).toEqual(expect.arrayContaining(['NetworkInspect /IPAM/Options', 'ExecInspect /ExitCode']));
    expect(upstream.findings).toContainEqual(expect.objectContaining({ kind: 'missing-required', operation: 'SecretCreate', path: '/Id' }));
    const patched = driftReport('28.5', '1.51', recorded, await api('1.51', true));
    expect(patched.findings.filter((f) => f.kind === 'unexpected-null' || f.kind === 'missing-required')).toEqual([]);
  });

  it('reports Engine 20.10 at v1.41 per engine and version, without nulls once patched', async () => {
    const report = driftReport('20.10', '1.41', await answers('engine-20.10', '1.41'), await api('1.41', true));
    expect(report).toMatchObject({ engine: '20.10', apiVersion: '1.41' });
    expect(report.findings.filter((f) => f.kind === 'unexpected-null')).toEqual([]);
    const upstream = driftReport('20.10', '1.41', await answers('engine-20.10', '1.41'), await api('1.41', false));
    expect(upstream.findings.filter((f) => f.kind === 'unexpected-null').length).toBeGreaterThan(0);
  });
});
