import { describe, expect, it } from 'vitest';
import { methodName, operationModels, responseOf } from '../../../generator/src/stages/operations.ts';

const json = (schema: unknown = { type: 'object' }) => ({ content: { 'application/json': { schema } } });

describe('methodName', () => {
  it.each([
    { given: 'ContainerList', want: 'containerList' },
    { given: 'SystemPing', want: 'systemPing' },
    { given: 'GetPluginPrivileges', want: 'getPluginPrivileges' },
  ])('$given', ({ given, want }) => expect(methodName(given)).toBe(want));
});

describe('responseOf', () => {
  it.each([
    {
      given: { method: 'get', op: { responses: { 200: json() } } },
      want: { kind: 'json', status: '200', contentType: 'application/json' },
    },
    {
      given: { method: 'post', op: { responses: { 201: json(), 400: json() } } },
      want: { kind: 'json', status: '201', contentType: 'application/json' },
    },
    { given: { method: 'post', op: { responses: { 204: { description: 'no error' } } } }, want: { kind: 'empty' } },
    {
      given: { method: 'head', op: { responses: { 200: { content: { 'text/plain': { schema: { type: 'string' } } } } } } },
      want: { kind: 'empty' },
    },
    {
      given: { method: 'get', op: { responses: { 200: { content: { 'text/plain': { schema: { type: 'string' } } } } } } },
      want: { kind: 'text', status: '200', contentType: 'text/plain' },
    },
    {
      given: {
        method: 'get',
        op: { responses: { 200: { content: { 'application/x-tar': { schema: { type: 'string', format: 'binary' } } } } } },
      },
      want: { kind: 'binary', status: '200', contentType: 'application/x-tar' },
    },
  ])('$given.method $given.op.responses', ({ given, want }) => expect(responseOf(given.method, given.op)).toEqual(want));

  it('takes streams from specs/operations.json, keeping the spec body type', () => {
    expect(responseOf('get', { responses: { 200: json() } }, { response: 'json-stream', item: 'EventMessage' })).toEqual({
      kind: 'json-stream',
      item: 'EventMessage',
      status: '200',
      contentType: 'application/json',
    });
  });
});

describe('operationModels', () => {
  const doc = {
    paths: {
      '/containers/{id}/json': {
        get: {
          operationId: 'ContainerInspect',
          summary: 'Inspect a container',
          parameters: [
            { in: 'path', name: 'id', required: true },
            { in: 'query', name: 'size' },
            { in: 'query', name: 'filters', 'x-json-encoded': 'value' },
          ],
          responses: { 200: json() },
        },
      },
      '/build': {
        post: {
          operationId: 'ImageBuild',
          parameters: [{ in: 'header', name: 'X-Registry-Config' }],
          requestBody: { content: { 'application/x-tar': { schema: { type: 'string', format: 'binary' } } } },
          responses: { 200: { description: 'ok' } },
        },
      },
    },
  };

  it('places each parameter and derives the body and response kinds', () => {
    const [inspect, build] = operationModels(doc, { ImageBuild: { response: 'json-stream', item: 'BuildInfo', registryConfig: true } });
    expect(inspect).toMatchObject({
      name: 'containerInspect',
      method: 'GET',
      path: '/containers/{id}/json',
      pathParams: ['id'],
      queryParams: ['size', 'filters'],
      jsonParams: ['filters'],
      jsonEachParams: [],
      dateParams: [],
      headerParams: [],
      paramsRequired: true,
      response: { kind: 'json', status: '200' },
    });
    expect(build).toMatchObject({
      name: 'imageBuild',
      headerParams: ['X-Registry-Config'],
      paramsRequired: false,
      body: { kind: 'binary', required: false, contentType: 'application/x-tar', mediaType: 'application/x-tar' },
      response: { kind: 'json-stream', item: 'BuildInfo' },
      quirks: { registryConfig: true },
    });
    expect(inspect.quirks).toEqual({});
  });

  it('lists the query parameters that are points in time, for the runtime to send a Date as unix seconds', () => {
    const query = (name: string, description: string) => ({ in: 'query', name, description, schema: { type: 'string' } });
    const timed = {
      paths: {
        '/containers/{id}/logs': {
          get: {
            operationId: 'ContainerLogs',
            parameters: [
              query('since', 'Only return logs since this time, as a UNIX timestamp'),
              query('until', 'Only return logs before this time, as a UNIX timestamp'),
              query('tail', 'Only return this number of log lines'),
            ],
            responses: { 200: json() },
          },
        },
        // Before 1.25 ContainerList's `since` names a container: no point in time.
        '/containers/json': {
          get: {
            operationId: 'ContainerList',
            parameters: [query('since', 'Show containers created since Id or Name')],
            responses: { 200: json() },
          },
        },
      },
    };
    const [list, logs] = operationModels(timed, {});
    expect(logs.dateParams).toEqual(['since', 'until']);
    expect(list.dateParams).toEqual([]);
  });

  it('refuses behaviour data naming a companion operation the version lacks', () => {
    const facts = { ContainerInspect: { tty: { inspect: 'containerTop', field: 'Config.Tty' } } };
    expect(() => operationModels(doc, facts, 'v.yaml')).toThrow(
      'v.yaml: specs/operations.json says ContainerInspect uses containerTop, which this version lacks',
    );
  });

  it('refuses an operation without operationId or with clashing parameter names', () => {
    expect(() => operationModels({ paths: { '/x': { get: { responses: {} } } } }, {}, 'v.yaml')).toThrow(
      'v.yaml: GET /x has no operationId',
    );
    const clash = {
      paths: {
        '/x/{name}': {
          get: {
            operationId: 'X',
            parameters: [
              { in: 'path', name: 'name' },
              { in: 'query', name: 'name' },
            ],
            responses: {},
          },
        },
      },
    };
    expect(() => operationModels(clash, {}, 'v.yaml')).toThrow('v.yaml: X has two parameters named "name"');
  });
});
