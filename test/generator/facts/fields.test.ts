// Field-level facts: each parameter and body field's first version, by endpoint, through named
// definitions, kept only where later than what holds it.
import { describe, expect, it } from 'vitest';
import type { Schema, Swagger } from '../../../generator/src/document/spec.ts';
import { fieldHistory, fieldsOf, type FieldList } from '../../../generator/src/facts/fields.ts';
import { laterFields } from '../../../generator/src/stages/operations.ts';

/** A Swagger document with ContainerCreate (under `id` as operationId) and the given HostConfig properties. */
function doc(operationId: string, query: string[], hostConfig: Record<string, unknown>, extra: Record<string, unknown> = {}): Swagger {
  return {
    paths: {
      '/containers/create': {
        post: {
          operationId,
          parameters: [
            ...query.map((name) => ({ name, in: 'query', type: 'string' })),
            {
              name: 'body',
              in: 'body',
              schema: {
                allOf: [
                  { $ref: '#/definitions/ContainerConfig' },
                  { type: 'object', properties: { HostConfig: { $ref: '#/definitions/HostConfig' } } },
                ],
              },
            },
          ],
          responses: { 201: { schema: { type: 'object', properties: { Id: { type: 'string' }, ...extra } } } },
        },
      },
    },
    definitions: {
      ContainerConfig: { type: 'object', properties: { Image: { type: 'string' } } },
      HostConfig: { type: 'object', properties: hostConfig as Record<string, Schema> },
      Mount: {
        type: 'object',
        properties: { Target: { type: 'string' }, BindOptions: { type: 'object', properties: { NonRecursive: { type: 'boolean' } } } },
      },
    },
  };
}

describe('fieldsOf', () => {
  it('lists parameters and body fields by endpoint, through definitions, arrays and maps', () => {
    const list = fieldsOf(
      doc('ContainerCreate', ['name'], {
        Mounts: { type: 'array', items: { $ref: '#/definitions/Mount' } },
        Annotations: { type: 'object', additionalProperties: { type: 'object', properties: { Value: { type: 'string' } } } },
      }),
    );
    expect(list.operations['POST /containers/create']).toEqual([
      'query.name',
      'body.Image',
      'body.HostConfig',
      'body.HostConfig.Mounts',
      'body.HostConfig.Mounts.Target',
      'body.HostConfig.Mounts.BindOptions',
      'body.HostConfig.Mounts.BindOptions.NonRecursive',
      'body.HostConfig.Annotations',
      'body.HostConfig.Annotations.*.Value',
    ]);
    // For the type docs, references are not followed: each definition has its own fields.
    expect(list.schemas['POST /containers/create body']).toEqual(['HostConfig']);
    expect(list.schemas['POST /containers/create 201']).toEqual(['Id']);
    expect(list.schemas.Mount).toEqual(['Target', 'BindOptions', 'BindOptions.NonRecursive']);
  });
});

describe('fieldHistory', () => {
  const history = (lists: [string, FieldList][]) => {
    const map = new Map(lists);
    return fieldHistory(map, { 'POST /containers/create': '1.24' });
  };

  it('keeps what came after the endpoint, whatever the operationId was then', () => {
    const h = history([
      ['1.41', fieldsOf(doc('ContainerCreate', ['name', 'platform'], { Init: { type: 'boolean' } }))],
      ['1.24', fieldsOf(doc('CreateContainer', ['name'], {}))],
      ['1.25', fieldsOf(doc('ContainerCreate', ['name'], { Init: { type: 'boolean' } }, { Warnings: { type: 'array' } }))],
    ]);
    expect(h.operations).toEqual({ 'POST /containers/create': { 'body.HostConfig.Init': '1.25', 'query.platform': '1.41' } });
    // An inline answer's fields are measured from the endpoint; a definition's from the definition.
    expect(h.schemas['POST /containers/create 201']).toEqual({ Warnings: '1.25' });
    expect(h.schemas.HostConfig).toEqual({ Init: '1.25' });
  });

  it('follows an endpoint through a renamed placeholder', () => {
    const stop = (placeholder: string, query: string[]) =>
      fieldsOf({
        paths: {
          [`/containers/{${placeholder}}/stop`]: {
            post: { operationId: 'ContainerStop', parameters: query.map((name) => ({ name, in: 'query', type: 'string' })), responses: {} },
          },
        },
      });
    const lists = new Map([
      ['1.24', stop('name', ['t'])],
      ['1.42', stop('id', ['t', 'signal'])],
    ]);
    const h = fieldHistory(lists, { 'POST /containers/{}/stop': '1.24' });
    expect(h.operations).toEqual({ 'POST /containers/{}/stop': { 'query.signal': '1.42' } });
  });

  it('measures a nested definition from its own first version, and its fields in a body from the endpoint', () => {
    const withMounts = (mount: Record<string, unknown>) => {
      const d = doc('ContainerCreate', [], { Mounts: { type: 'array', items: { $ref: '#/definitions/Mount' } } });
      d.definitions!.Mount = { type: 'object', properties: mount as Record<string, Schema> };
      return fieldsOf(d);
    };
    const h = history([
      ['1.24', fieldsOf(doc('ContainerCreate', [], {}))],
      ['1.25', withMounts({ Target: { type: 'string' } })],
      ['1.42', withMounts({ Target: { type: 'string' }, CreateMountpoint: { type: 'boolean' } })],
    ]);
    expect(h.operations['POST /containers/create']).toEqual({
      'body.HostConfig.Mounts': '1.25',
      'body.HostConfig.Mounts.CreateMountpoint': '1.42',
      'body.HostConfig.Mounts.Target': '1.25',
    });
    expect(h.schemas.Mount).toEqual({ CreateMountpoint: '1.42' });
  });
});

describe('laterFields', () => {
  it('splits parameters from body paths, keeps what the version has, and drops fields covered by a newer-or-same parent', () => {
    const later = {
      'query.platform': '1.41',
      'query.gone': '1.30',
      'body.HostConfig.Mounts': '1.25',
      'body.HostConfig.Mounts.Target': '1.25',
      'body.HostConfig.Mounts.CreateMountpoint': '1.42',
    };
    const present = ['query.platform', ...['Mounts', 'Mounts.Target', 'Mounts.CreateMountpoint'].map((f) => `body.HostConfig.${f}`)];
    expect(laterFields(later, present)).toEqual({
      paramSince: { platform: '1.41' },
      bodySince: { 'HostConfig.Mounts': '1.25', 'HostConfig.Mounts.CreateMountpoint': '1.42' },
    });
    expect(laterFields(undefined, present)).toEqual({ paramSince: undefined, bodySince: undefined });
  });
});
