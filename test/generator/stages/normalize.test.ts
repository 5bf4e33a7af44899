import { describe, expect, it } from 'vitest';
import {
  annotationOnlyAllOfMembers,
  binaryResponseSchemas,
  implicitObjectType,
  normalizeForConversion,
  refSiblingsToAllOf,
  typeListToOneOf,
} from '../../../generator/src/stages/normalize.ts';

describe('typeListToOneOf', () => {
  it.each([
    {
      given: { type: ['array', 'string'], items: { type: 'string' }, description: 'Command' },
      want: { description: 'Command', oneOf: [{ type: 'array', items: { type: 'string' } }, { type: 'string' }] },
    },
    { given: { type: 'string' }, want: { type: 'string' } },
  ])('$given.type', ({ given, want }) => expect(typeListToOneOf(given)).toEqual(want));
});

describe('refSiblingsToAllOf', () => {
  it.each([
    { given: { $ref: '#/definitions/A', 'x-nullable': true }, want: { 'x-nullable': true, allOf: [{ $ref: '#/definitions/A' }] } },
    { given: { $ref: '#/definitions/A', description: 'd' }, want: { description: 'd', allOf: [{ $ref: '#/definitions/A' }] } },
    { given: { $ref: '#/definitions/A' }, want: { $ref: '#/definitions/A' } },
  ])('$given', ({ given, want }) => expect(refSiblingsToAllOf(given)).toEqual(want));
});

describe('implicitObjectType', () => {
  it.each([
    {
      given: { 'x-nullable': true, additionalProperties: { $ref: '#/definitions/N' } },
      want: { type: 'object', 'x-nullable': true, additionalProperties: { $ref: '#/definitions/N' } },
    },
    { given: { properties: {} }, want: { type: 'object', properties: {} } },
    { given: { type: 'array', items: {} }, want: { type: 'array', items: {} } },
    { given: { description: 'anything' }, want: { description: 'anything' } },
  ])('$given', ({ given, want }) => expect(implicitObjectType(given)).toEqual(want));
});

describe('annotationOnlyAllOfMembers', () => {
  const spec = { $ref: '#/definitions/ServiceSpec' };
  const fields = { type: 'object', properties: { A: {} } };
  const map = { type: 'object', additionalProperties: true };
  it.each([
    { given: { allOf: [spec, { type: 'object', example: { Name: 'web' } }] }, want: { allOf: [spec] } },
    { given: { allOf: [spec, { type: 'object', description: 'd' }] }, want: { description: 'd', allOf: [spec] } },
    { given: { description: 'own', allOf: [spec, { type: 'object', description: 'd' }] }, want: { description: 'own', allOf: [spec] } },
    { given: { allOf: [spec, fields] }, want: { allOf: [spec, fields] } },
    { given: { allOf: [spec, map] }, want: { allOf: [spec, map] } },
    { given: { allOf: [{ type: 'object', example: {} }] }, want: { allOf: [{ type: 'object', example: {} }] } },
  ])('$given', ({ given, want }) => expect(annotationOnlyAllOfMembers(given)).toEqual(want));
});

describe('binaryResponseSchemas', () => {
  it.each([
    {
      given: { produces: ['application/x-tar'], responses: { 200: { description: 'ok' }, 404: {} } },
      want: { 200: { description: 'ok', schema: { type: 'string', format: 'binary' } }, 404: {} },
    },
    {
      given: { produces: ['application/json', 'text/plain'], responses: { 200: { description: 'ok' } } },
      want: { 200: { description: 'ok' } },
    },
    { given: { responses: { 200: { description: 'ok' } } }, want: { 200: { description: 'ok' } } },
  ])('$given.produces', ({ given, want }) => {
    const op = structuredClone(given);
    binaryResponseSchemas(op);
    expect(op.responses).toEqual(want);
  });
});

describe('normalizeForConversion', () => {
  it('rewrites nested schemas in definitions, parameters and responses, leaving the input alone', () => {
    const given = {
      definitions: { Config: { type: 'object', properties: { Cmd: { type: ['array', 'string'], items: { type: 'string' } } } } },
      paths: {
        '/x': {
          post: {
            operationId: 'X',
            parameters: [{ in: 'body', name: 'body', schema: { $ref: '#/definitions/Config', 'x-nullable': true } }],
            responses: { 200: { schema: { type: 'array', items: { $ref: '#/definitions/Config', 'x-nullable': true } } } },
          },
        },
      },
    };
    const copy = structuredClone(given);
    const out = normalizeForConversion(given);
    expect(given).toEqual(copy);
    expect(out.definitions!.Config.properties!.Cmd.oneOf).toHaveLength(2);
    expect(out.paths['/x'].post.parameters[0].schema.allOf).toEqual([{ $ref: '#/definitions/Config' }]);
    expect(out.paths['/x'].post.responses[200].schema.items).toEqual({ 'x-nullable': true, allOf: [{ $ref: '#/definitions/Config' }] });
  });
});
