// The one way through a spec: which keys are operations, which answers are successes, merged
// parameters, references and allOf folded, and every field path under a schema.
import { describe, expect, it } from 'vitest';
import type { Swagger } from '../../../generator/src/document/spec.ts';
import { endpointOf, fieldPaths, flatten, isSuccess, operationsOf, successResponses } from '../../../generator/src/document/walk.ts';

const doc: Swagger = {
  paths: {
    '/containers/{id}/json': {
      parameters: [{ name: 'id', in: 'path' }],
      get: { operationId: 'ContainerInspect', parameters: [{ name: 'size', in: 'query' }] },
      'x-note': { operationId: 'NotAnOperation' },
    },
    '/_ping': { head: { operationId: 'SystemPingHead' }, get: { operationId: 'SystemPing' } },
  },
  definitions: {
    Base: { type: 'object', required: ['Id'], properties: { Id: { type: 'string' } } },
    Node: { type: 'object', properties: { Name: { type: 'string' }, Children: { type: 'array', items: { $ref: '#/definitions/Node' } } } },
  },
};

describe('operationsOf', () => {
  it('lists each method key of each path in document order, path parameters before their own', () => {
    expect(operationsOf(doc).map((o) => [o.id, o.method, o.path, o.parameters.map((p) => p.name)])).toEqual([
      ['ContainerInspect', 'GET', '/containers/{id}/json', ['id', 'size']],
      ['SystemPing', 'GET', '/_ping', []],
      ['SystemPingHead', 'HEAD', '/_ping', []],
    ]);
  });

  it('refuses an operation without an operationId, naming the document and the endpoint', () => {
    expect(() => operationsOf({ paths: { '/x': { post: {} } } }, 'v1.99.yaml')).toThrow('v1.99.yaml: POST /x has no operationId');
  });
});

describe('success answers', () => {
  it.each([
    { status: '200', want: true },
    { status: '204', want: true },
    { status: '2XX', want: false },
    { status: 'default', want: false },
    { status: '304', want: false },
  ])('$status is a success: $want', ({ status, want }) => expect(isSuccess(status)).toBe(want));

  it('lists the successes lowest status first', () => {
    const op = { responses: { 404: {}, 201: { description: 'b' }, 200: { description: 'a' }, default: {} } };
    expect(successResponses(op).map(([status]) => status)).toEqual(['200', '201']);
  });
});

describe('endpointOf', () => {
  it('leaves placeholders unnamed, so a renamed placeholder keeps its endpoint', () => {
    expect(endpointOf('get', '/containers/{name}/archive')).toBe(endpointOf('GET', '/containers/{id}/archive'));
    expect(endpointOf('get', '/containers/{id}/archive')).toBe('GET /containers/{}/archive');
  });
});

describe('flatten', () => {
  it('resolves a reference and folds allOf parts into one object', () => {
    const schema = { allOf: [{ $ref: '#/definitions/Base' }, { properties: { Name: { type: 'string' } } }] };
    expect(flatten(doc, schema)).toMatchObject({
      type: 'object',
      required: ['Id'],
      properties: { Id: { type: 'string' }, Name: { type: 'string' } },
    });
  });

  it('gives an empty schema for nothing and for a reference it cannot follow', () => {
    expect(flatten(doc, undefined)).toEqual({});
    expect(flatten(doc, { $ref: '#/definitions/Missing' })).toEqual({});
  });
});

describe('fieldPaths', () => {
  it('writes map values as * and passes through array items', () => {
    const schema = {
      properties: {
        Labels: { type: 'object', additionalProperties: { properties: { Value: { type: 'string' } } } },
        Ports: { items: { properties: { Port: {} } } },
      },
    };
    expect(fieldPaths(schema)).toEqual(['Labels', 'Labels.*.Value', 'Ports', 'Ports.Port']);
  });

  it('ends at a reference unless given the document, and follows a recursive definition once per branch', () => {
    const schema = { properties: { Root: { $ref: '#/definitions/Node' } } };
    expect(fieldPaths(schema)).toEqual(['Root']);
    expect(fieldPaths(schema, doc)).toEqual(['Root', 'Root.Name', 'Root.Children']);
  });
});
