import { describe, expect, it } from 'vitest';
import { operationTypes, shapeOf } from '../../../generator/src/stages/operation-types.ts';
import type { OperationModel } from '../../../generator/src/stages/operations.ts';

const op = (over: Partial<OperationModel>): OperationModel => ({
  name: 'containerInspect',
  operationId: 'ContainerInspect',
  method: 'GET',
  path: '/containers/{id}/json',
  deprecated: false,
  pathParams: ['id'],
  queryParams: [],
  jsonParams: [],
  jsonEachParams: [],
  dateParams: [],
  headerParams: [],
  paramsRequired: true,
  response: { kind: 'json', status: '200', contentType: 'application/json' },
  quirks: {},
  ...over,
});
const json = { kind: 'json', required: true, contentType: 'application/json', mediaType: 'application/json' } as const;
const answer = "operations['ContainerInspect']['responses'][200]['content']['application/json']";

describe('shapeOf', () => {
  it.each([
    { given: { $ref: '#/components/schemas/ImageInspect' }, want: { ref: 'ImageInspect', object: false } },
    { given: { type: 'object', properties: {} }, want: { object: true } },
    { given: { allOf: [{ $ref: '#/components/schemas/A' }, { type: 'object' }] }, want: { object: true } },
    { given: { type: 'object', nullable: true }, want: { object: false } },
    { given: { type: 'array', items: {} }, want: { object: false } },
  ])('$given', ({ given, want }) => expect(shapeOf(given)).toEqual(want));
});

describe('operationTypes', () => {
  it('declares an object answer as an interface named after the operation', () => {
    expect(operationTypes(op({}), { answer: { object: true } }, new Set())).toEqual({
      params: 'ContainerInspectParams',
      answer: 'ContainerInspectResponse',
      declarations: [
        "export interface ContainerInspectParams extends PathParams<operations['ContainerInspect']>, QueryParams<operations['ContainerInspect']>, HeaderParams<operations['ContainerInspect']> {}",
        `export interface ContainerInspectResponse extends Named<${answer}> {}`,
      ],
      helperTypes: [],
    });
  });

  it("reuses a definition of the answer's name when it is the answer, and aliases another definition", () => {
    const named = { answer: { ref: 'ContainerInspectResponse', object: false } };
    const reused = operationTypes(op({}), named, new Set(['ContainerInspectResponse']));
    expect(reused.answer).toBe('ContainerInspectResponse');
    expect(reused.declarations).toHaveLength(1);
    const aliased = operationTypes(op({}), { answer: { ref: 'ContainerJSON', object: false } }, new Set(['ContainerJSON']));
    expect(aliased.declarations[1]).toBe('export type ContainerInspectResponse = ContainerJSON;');
  });

  it('names the answer <Id>Result when a definition of <Id>Response is something else', () => {
    const types = operationTypes(op({}), { answer: { object: true } }, new Set(['ContainerInspectResponse']));
    expect(types.answer).toBe('ContainerInspectResult');
  });

  it('gives a JSON body its own type inside the params, and a binary body BinaryBody', () => {
    const createOp = op({ operationId: 'ContainerCreate', pathParams: [], body: json });
    const create = operationTypes(createOp, { body: { object: true } }, new Set());
    const body = "NonNullable<operations['ContainerCreate']['requestBody']>['content']['application/json']";
    expect(create.declarations.slice(0, 2)).toEqual([
      `export interface ContainerCreateBody extends Named<${body}> {}`,
      'export interface ContainerCreateParams { body: ContainerCreateBody; }',
    ]);
    expect(create.helperTypes).toEqual(['ContainerCreateBody']);
    const load = operationTypes(
      op({ operationId: 'ImageLoad', pathParams: [], body: { ...json, kind: 'binary', required: false }, response: { kind: 'empty' } }),
      {},
      new Set(),
    );
    expect(load.declarations).toEqual(['export interface ImageLoadParams { body?: BinaryBody; }']);
  });

  it('refuses a params or body name that a definition already has', () => {
    expect(() => operationTypes(op({}), {}, new Set(['ContainerInspectParams']))).toThrow(
      'ContainerInspect: the type name ContainerInspectParams is already a definition',
    );
  });
});
