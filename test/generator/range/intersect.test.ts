// The intersection rules on small documents: what a range package keeps of its members.
import { describe, expect, it } from 'vitest';
import { intersectSpecs, type Member } from '../../../generator/src/range/intersect.ts';
import { parseRangeSource, selectRanges } from '../../../generator/src/range/config.ts';
import type { SpecSource } from '../../../generator/src/document/sources.ts';
import type { Schema } from '../../../generator/src/document/spec.ts';
import { rangeNotes } from '../../../generator/src/range/build.ts';

const ref = (name: string) => ({ $ref: `#/definitions/${name}` });

/** A member with one create operation (body: Config) and one inspect operation (answer: State). */
function member(apiVersion: string, config: object, state: object, extra: Record<string, object> = {}): Member {
  return {
    apiVersion,
    doc: {
      swagger: '2.0',
      info: { title: 't', version: apiVersion },
      definitions: { Config: config, State: state },
      paths: {
        '/things/create': {
          post: {
            operationId: 'ThingCreate',
            parameters: [
              { name: 'body', in: 'body', schema: ref('Config') },
              { name: 'mode', in: 'query', type: 'string', enum: apiVersion === '1.1' ? ['a', 'b'] : ['a', 'b', 'c'] },
            ],
            responses: { 201: { description: 'ok' } },
          },
        },
        '/things/{id}': {
          get: {
            operationId: 'ThingInspect',
            parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }],
            responses: { 200: { description: 'ok', schema: ref('State') } },
          },
        },
        ...extra,
      },
    },
  };
}

const config = (properties: Record<string, Schema>, required?: string[]): Schema => ({
  type: 'object',
  properties,
  ...(required ? { required } : {}),
});

describe('intersectSpecs', () => {
  it('drops a property missing from one member, in a body and in an answer', () => {
    const { doc, omitted } = intersectSpecs([
      member('1.1', config({ Image: { type: 'string' } }), config({ Status: { type: 'string' } })),
      member(
        '1.2',
        config({ Image: { type: 'string' }, Platform: { type: 'string' } }),
        config({ Status: { type: 'string' }, Health: { type: 'string' } }),
      ),
    ]);
    expect(Object.keys(doc.definitions!.Config.properties!)).toEqual(['Image']);
    expect(Object.keys(doc.definitions!.State.properties!)).toEqual(['Status']);
    expect(omitted).toEqual([]);
  });

  it('requires in a body what any member requires, in an answer only what all do', () => {
    const both = { A: { type: 'string' }, B: { type: 'string' } };
    const { doc } = intersectSpecs([
      member('1.1', config(both, ['A']), config(both, ['A'])),
      member('1.2', config(both, ['B']), config(both, ['A', 'B'])),
    ]);
    expect(doc.definitions!.Config.required).toEqual(['A', 'B']);
    expect(doc.definitions!.State.required).toEqual(['A']);
  });

  it('keeps the enum values every member accepts for what is sent, and any member answers', () => {
    const kind = (values: string[]) => config({ Kind: { type: 'string', enum: values } });
    const { doc } = intersectSpecs([member('1.1', kind(['x', 'y']), kind(['x', 'y'])), member('1.2', kind(['y', 'z']), kind(['y', 'z']))]);
    expect(doc.definitions!.Config.properties!.Kind.enum).toEqual(['y']);
    expect(doc.definitions!.State.properties!.Kind.enum).toEqual(['x', 'y', 'z']);
    const mode = doc.paths['/things/create'].post.parameters.find((p: { name: string }) => p.name === 'mode');
    expect(mode.enum).toEqual(['a', 'b']);
  });

  it('allows null in a body only if every member does, in an answer if any does', () => {
    const field = (nullable: boolean) => config({ F: { type: 'string', ...(nullable ? { 'x-nullable': true } : {}) } });
    const { doc } = intersectSpecs([member('1.1', field(true), field(true)), member('1.2', field(false), field(false))]);
    expect(doc.definitions!.Config.properties!.F['x-nullable']).toBeUndefined();
    expect(doc.definitions!.State.properties!.F['x-nullable']).toBe(true);
  });

  it('lets a definition both sent and answered be null where any member says so, and requires what any requires', () => {
    const both = (nullable: boolean, required: string[]) =>
      config(
        { Links: { type: 'array', items: { type: 'string' }, ...(nullable ? { 'x-nullable': true } : {}) }, Id: { type: 'string' } },
        required,
      );
    const older = member('1.1', both(false, []), config({}));
    const newer = member('1.2', both(true, ['Id']), config({}));
    // The inspect answer is the body's definition too.
    for (const m of [older, newer]) m.doc.paths['/things/{id}'].get.responses[200].schema = ref('Config');
    const { doc } = intersectSpecs([older, newer]);
    expect(doc.definitions!.Config.properties!.Links['x-nullable']).toBe(true);
    expect(doc.definitions!.Config.required).toEqual(['Id']);
  });

  it('drops an operation missing from one member, or at another path', () => {
    const extra = { '/things/{id}/stop': { post: { operationId: 'ThingStop', responses: { 204: { description: 'ok' } } } } };
    const moved = { '/stuff/{id}': { get: { operationId: 'ThingInspect', responses: { 200: { description: 'ok' } } } } };
    const older = member('1.1', config({}), config({}));
    delete older.doc.paths['/things/{id}'];
    Object.assign(older.doc.paths, moved);
    const { doc, omitted } = intersectSpecs([older, member('1.2', config({}), config({}), extra)]);
    expect(Object.keys(doc.paths)).toEqual(['/things/create']);
    expect(omitted.map((o) => o.what)).toEqual(['operation ThingInspect', 'operation ThingStop']);
  });

  it('sees through a schema that moved from inline to a named definition', () => {
    const older = member('1.1', config({}), config({}));
    older.doc.paths['/things/{id}'].get.responses[200].schema = config({ Id: { type: 'string' } }, ['Id']);
    const newer = member('1.2', config({}), config({ Id: { type: 'string' }, Name: { type: 'string' } }, ['Id']));
    const { doc } = intersectSpecs([older, newer]);
    expect(doc.paths['/things/{id}'].get.responses[200].schema).toMatchObject({ properties: { Id: { type: 'string' } }, required: ['Id'] });
    expect(doc.paths['/things/{id}'].get.responses[200].schema.properties!.Name).toBeUndefined();
  });

  it('reads an answer a member calls a bare object from the members that list its fields, with their definitions', () => {
    // The stats before 1.48 were `type: object`; from 1.48 a definition whose fields have their own.
    const older = member('1.1', config({}), config({}));
    older.doc.paths['/things/{id}'].get.responses[200].schema = { type: 'object' };
    const newer = member('1.2', config({}), config({ cpu: ref('Cpu'), name: { type: 'string' } }), {});
    newer.doc.definitions!.Cpu = config({ usage: { type: 'integer' } });
    const { doc, omitted } = intersectSpecs([older, newer]);
    const answer = doc.paths['/things/{id}'].get.responses[200].schema;
    expect(Object.keys(answer.properties)).toEqual(['cpu', 'name']);
    expect(answer.properties!.cpu).toEqual(ref('Cpu'));
    expect(doc.definitions!.Cpu.properties).toEqual({ usage: { type: 'integer' } });
    expect(omitted).toEqual([]);
    // A body takes only what every member accepts: a bare object there still leaves no fields.
    const sentOlder = member('1.1', { type: 'object' }, config({}));
    const sentNewer = member('1.2', config({ Image: { type: 'string' } }), config({}));
    expect(intersectSpecs([sentOlder, sentNewer]).doc.definitions!.Config.properties).toEqual({});
  });

  it('says in its description why an answer field the later members require is optional', () => {
    const fields = { Id: { type: 'string', description: 'The ID.' }, Warning: { type: 'string' } };
    const { doc } = intersectSpecs([
      member('1.1', config({}), config(fields)),
      member('1.2', config({}), config(fields, ['Id', 'Warning'])),
      member('1.3', config({}), config(fields, ['Id', 'Warning'])),
    ]);
    expect(doc.definitions!.State.required).toBeUndefined();
    expect(doc.definitions!.State.properties!.Id.description).toBe(
      "The ID.\n\nOptional in this range: required from API 1.2, which the older versions' specs do not promise.",
    );
    expect(doc.definitions!.State.properties!.Warning.description).toBe(
      "Optional in this range: required from API 1.2, which the older versions' specs do not promise.",
    );
  });

  it('sends only the types every member accepts: Cmd went from string-or-array to array', () => {
    const cmd = (type: string | string[]) => config({ Cmd: { type, items: { type: 'string' } } });
    const { doc } = intersectSpecs([
      member('1.1', cmd(['array', 'string']), cmd(['array', 'string'])),
      member('1.2', cmd('array'), cmd('array')),
    ]);
    expect(doc.definitions!.Config.properties!.Cmd.type).toBe('array');
    expect(doc.definitions!.State.properties!.Cmd.type).toEqual(['array', 'string']);
  });
});

describe('ranges', () => {
  const all = ['1.40', '1.41', '1.42'].map((apiVersion) => ({ apiVersion, file: `v${apiVersion}.yaml` }) as SpecSource);

  it('takes the versions from low to high', () => {
    expect(parseRangeSource('1.40..1.42', all, '--range').members.map((m) => m.apiVersion)).toEqual(['1.40', '1.41', '1.42']);
  });

  it.each([
    ['1.42..1.40', '--range: bad range "1.42..1.40": 1.42 is not below 1.40'],
    ['1.41..1.41', '--range: bad range "1.41..1.41": 1.41 is not below 1.41'],
    ['1.40..1.99', '--range: 1.99 in "1.40..1.99" is not a known API version (have 1.40..1.42)'],
    ['1.40', '--range: bad range "1.40" (want "1.NN..1.MM", two API versions)'],
  ])('refuses %s with a clear error', (text, message) => {
    expect(() => parseRangeSource(text, all, '--range')).toThrow(message);
  });

  it('reads the configured ranges, and each at most once with the extra ones', async () => {
    const { writeFile, mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const file = `${await mkdtemp(`${tmpdir()}/ranges-`)}/ranges.json`;
    await writeFile(file, JSON.stringify({ ranges: [{ range: '1.40..1.42' }] }));
    const chosen = await selectRanges(all, ['1.41..1.42', '1.40..1.42'], file);
    expect(chosen.map((r) => `${r.members[0].apiVersion}..${r.members.at(-1)!.apiVersion}`)).toEqual(['1.40..1.42', '1.41..1.42']);
  });
});

describe('rangeNotes', () => {
  const all = ['1.40', '1.41'].map((apiVersion) => ({ apiVersion, file: `v${apiVersion}.yaml` }) as SpecSource);
  const range = parseRangeSource('1.40..1.41', all, '--range');

  it('lists what the range leaves out, but no definition it exports under that name (an answer inline before)', () => {
    const omitted = [
      { what: 'definition ThingInspectResponse', because: 'not in every version' },
      { what: 'definition Gone', because: 'not in every version' },
      { what: 'operation ThingPrune', because: 'not at POST /things/prune in every version' },
    ];
    const notes = rangeNotes(range, omitted, ['Config', 'ThingInspectParams', 'ThingInspectResponse']);
    expect(notes).toContain('| definition Gone | not in every version |');
    expect(notes).toContain('| operation ThingPrune |');
    expect(notes).not.toContain('ThingInspectResponse');
  });
});
