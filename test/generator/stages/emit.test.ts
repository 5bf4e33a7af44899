import { describe, expect, it } from 'vitest';
import { descriptor } from '../../../generator/src/stages/emit.ts';
import { docLines, operationDoc, resultType, signatures } from '../../../generator/src/stages/declarations.ts';
import type { OperationModel } from '../../../generator/src/stages/operations.ts';

const op = (over: Partial<OperationModel>): OperationModel => ({
  name: 'containerList',
  operationId: 'ContainerList',
  method: 'GET',
  path: '/containers/json',
  deprecated: false,
  pathParams: [],
  queryParams: [],
  jsonParams: [],
  jsonEachParams: [],
  dateParams: [],
  headerParams: [],
  paramsRequired: false,
  response: { kind: 'empty' },
  quirks: {},
  ...over,
});

describe('docLines', () => {
  it.each([
    { given: 'one\ntwo  \n', want: ['one', 'two'] },
    { given: 'ends a comment */ early', want: ['ends a comment *\\/ early'] },
    { given: undefined, want: [] },
  ])('$given', ({ given, want }) => expect(docLines(given)).toEqual(want));

  it('joins summary, description, route and deprecation', () => {
    expect(operationDoc(op({ summary: 'List', description: 'Lists them.', deprecated: true }))).toEqual([
      'List',
      '',
      'Lists them.',
      '',
      '`GET /containers/json` (ContainerList)',
      '@deprecated',
    ]);
  });
});

describe('resultType', () => {
  it.each([
    { given: { kind: 'json', status: '200', contentType: 'application/json' }, want: 'ContainerListResponse' },
    { given: { kind: 'text', status: '200', contentType: 'text/plain' }, want: 'string' },
    { given: { kind: 'empty' }, want: 'void' },
    { given: { kind: 'json-stream', item: 'EventMessage' }, want: 'JsonStream<ContainerListResponse>' },
    { given: { kind: 'hijack' }, want: 'HijackedStream' },
    { given: { kind: 'multiplexed-stream' }, want: 'OutputStreams' },
    { given: { kind: 'path-stat' }, want: 'PathStat | undefined' },
  ] as const)('$given.kind $want', ({ given, want }) => expect(resultType(op({ response: given }), 'ContainerListResponse')).toBe(want));
});

describe('descriptor', () => {
  it('keeps only what the runtime reads', () => {
    expect(descriptor(op({ queryParams: ['all', 'filters'], jsonParams: ['filters'], response: { kind: 'json', status: '200' } }))).toEqual(
      {
        id: 'ContainerList',
        method: 'GET',
        path: '/containers/json',
        query: ['all', 'filters'],
        json: ['filters'],
        response: 'json',
      },
    );
  });
});

describe('signatures', () => {
  it('gives an operation with streamParam an overload for `false` that answers one item', () => {
    const stats = op({
      operationId: 'ContainerStats',
      pathParams: ['id'],
      queryParams: ['stream'],
      paramsRequired: true,
      response: { kind: 'json-stream', status: '200', contentType: 'application/json', item: 'ContainerStatsResponse' },
      quirks: { streamParam: 'stream' },
    });
    expect(signatures(stats, { params: 'ContainerStatsParams', answer: 'ContainerStatsResponse' })).toEqual([
      { paramsRequired: true, paramsType: 'ContainerStatsParams & { stream: false }', resultType: 'ContainerStatsResponse' },
      { paramsRequired: true, paramsType: 'ContainerStatsParams', resultType: 'JsonStream<ContainerStatsResponse>' },
    ]);
  });

  it('declares an unsupported operation as never answering, saying why in its doc', () => {
    const session = op({
      operationId: 'Session',
      method: 'POST',
      path: '/session',
      response: { kind: 'hijack' },
      quirks: { unsupported: 'it needs gRPC' },
    });
    expect(signatures(session, {})).toEqual([{ paramsRequired: false, paramsType: 'Record<string, never>', resultType: 'never' }]);
    expect(operationDoc(session)).toContain('Not supported by this client: it needs gRPC');
  });
});
