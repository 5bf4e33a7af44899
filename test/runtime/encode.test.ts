import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { encodeRequest, InvalidParameterError, type OperationDescriptor } from '@dockerapi/runtime';

const list: OperationDescriptor = {
  id: 'ContainerList',
  method: 'GET',
  path: '/containers/json',
  query: ['all', 'limit', 'filters'],
  json: ['filters'],
  response: 'json',
};
/** Before 1.25: `since` names a container. */
const oldList: OperationDescriptor = { ...list, query: ['all', 'limit', 'since'], json: undefined };
/** A `since` the table does not list as a point in time, on another operation. */
const untimed: OperationDescriptor = {
  id: 'ImageHistory',
  method: 'GET',
  path: '/images/{name}/history',
  query: ['since'],
  response: 'json',
};
const remove: OperationDescriptor = {
  id: 'ImageDelete',
  method: 'DELETE',
  path: '/images/{name}',
  query: ['force', 'platforms'],
  jsonEach: ['platforms'],
  response: 'json',
};
const build: OperationDescriptor = {
  id: 'ImageBuild',
  method: 'POST',
  path: '/build',
  query: ['t', 'cachefrom'],
  json: ['cachefrom'],
  headers: ['X-Registry-Config'],
  body: 'application/x-tar',
  response: 'json-stream',
};
const logs: OperationDescriptor = {
  id: 'ContainerLogs',
  method: 'GET',
  path: '/containers/{id}/logs',
  query: ['since', 'until', 'tail'],
  dates: ['since', 'until'],
  response: 'multiplexed-stream',
};
const destroy: OperationDescriptor = {
  id: 'ContainerDelete',
  method: 'DELETE',
  path: '/containers/{id}',
  query: ['v', 'force', 'link'],
  response: 'empty',
};
const dockerBuild: OperationDescriptor = {
  id: 'ImageBuild',
  method: 'POST',
  path: '/build',
  query: ['t'],
  headers: ['Content-type', 'X-Registry-Config'],
  body: 'application/octet-stream',
  response: 'json-stream',
};
const create: OperationDescriptor = {
  id: 'ContainerCreate',
  method: 'POST',
  path: '/containers/create',
  query: ['name'],
  body: 'json',
  response: 'json',
};

const WORD = 'must be a string, number or boolean';

describe('encodeRequest', () => {
  it.each([
    { given: { op: list, params: {} }, want: { method: 'GET', path: '/v1.44/containers/json', headers: {}, body: undefined } },
    {
      given: { op: list, params: { all: true, limit: 5, filters: { status: ['running'], label: ['a=b'] } } },
      want: {
        method: 'GET',
        path: `/v1.44/containers/json?all=1&limit=5&filters=${encodeURIComponent('{"status":["running"],"label":["a=b"]}')}`,
        headers: {},
        body: undefined,
      },
    },
    {
      given: {
        op: remove,
        params: {
          name: 'a/b:c d',
          force: false,
          platforms: [
            { os: 'linux', architecture: 'arm64' },
            { os: 'linux', architecture: 'amd64' },
          ],
        },
      },
      want: {
        method: 'DELETE',
        path: `/v1.44/images/a%2Fb%3Ac%20d?force=0&platforms=${encodeURIComponent('{"os":"linux","architecture":"arm64"}')}&platforms=${encodeURIComponent('{"os":"linux","architecture":"amd64"}')}`,
        headers: {},
        body: undefined,
      },
    },
    {
      given: { op: build, params: { t: 'x:1', cachefrom: ['a', 'b'], 'X-Registry-Config': 'e30=', body: 'TAR' } },
      want: {
        method: 'POST',
        path: `/v1.44/build?t=x%3A1&cachefrom=${encodeURIComponent('["a","b"]')}`,
        headers: { 'X-Registry-Config': 'e30=', 'content-type': 'application/x-tar' },
        body: 'TAR',
      },
    },
    {
      given: { op: create, params: { name: 'c1', body: { Image: 'busybox', Cmd: ['true'] } } },
      want: {
        method: 'POST',
        path: '/v1.44/containers/create?name=c1',
        headers: { 'content-type': 'application/json' },
        body: '{"Image":"busybox","Cmd":["true"]}',
      },
    },
  ])('$given.op.id $given.params', ({ given, want }) => expect(encodeRequest(given.op, '1.44', given.params)).toEqual(want));

  it('names the operation and the parameter when a path parameter is missing', () => {
    expect(() => encodeRequest(remove, '1.44', {})).toThrow(InvalidParameterError);
    expect(() => encodeRequest(remove, '1.44', {})).toThrow('ImageDelete: parameter "name" is missing (a path parameter)');
  });

  it('refuses unknown parameter names, listing the valid ones', () => {
    const call = () => encodeRequest(destroy, '1.44', { id: 'c1', forse: true });
    expect(call).toThrow(InvalidParameterError);
    expect(call).toThrow('ContainerDelete: unknown parameter "forse"; it takes id, v, force, link');
    expect(() => encodeRequest(list, '1.44', { body: {}, al: 1 })).toThrow('unknown parameters "body", "al"; it takes all, limit, filters');
    // An undefined value sends nothing, whatever its name: helpers pass optional values through.
    expect(encodeRequest(list, '1.44', { platform: undefined }).path).toBe('/v1.44/containers/json');
  });

  it('sends a Date for since/until as unix seconds', () => {
    const since = new Date('2024-05-01T10:00:00.900Z');
    const { path } = encodeRequest(logs, '1.44', { id: 'c', since, until: new Date(0) });
    expect(path).toBe(`/v1.44/containers/c/logs?since=${Math.floor(since.getTime() / 1000)}&until=0`);
  });

  it.each([
    { given: { op: list, params: { limit: { n: 5 } } }, want: `ContainerList: parameter "limit" ${WORD}, got an object` },
    { given: { op: list, params: { limit: new Date() } }, want: `ContainerList: parameter "limit" ${WORD}, got a Date` },
    // A Date only where the table lists a point in time: a `since` that names a container takes none, whatever the operation.
    { given: { op: oldList, params: { since: new Date() } }, want: `ContainerList: parameter "since" ${WORD}, got a Date` },
    { given: { op: untimed, params: { name: 'a', since: new Date() } }, want: `ImageHistory: parameter "since" ${WORD}, got a Date` },
    { given: { op: list, params: { limit: Number.NaN } }, want: 'ContainerList: parameter "limit" must be a finite number, got NaN' },
    { given: { op: logs, params: { id: 'c', since: new Date('nonsense') } }, want: 'ContainerLogs: parameter "since" is an invalid Date' },
    { given: { op: logs, params: { id: 'c', tail: 'a\ud800' } }, want: 'ContainerLogs: parameter "tail" holds a lone UTF-16 surrogate' },
    { given: { op: logs, params: { id: '\udc00' } }, want: 'ContainerLogs: parameter "id" holds a lone UTF-16 surrogate' },
    { given: { op: remove, params: { name: { id: 1 } } }, want: `ImageDelete: parameter "name" ${WORD}, got an object` },
    { given: { op: build, params: { 'X-Registry-Config': 'a\nb' } }, want: 'parameter "X-Registry-Config" holds characters' },
    { given: { op: build, params: { 'X-Registry-Config': { a: 1 } } }, want: '"X-Registry-Config" must be a string, got an object' },
    // JavaScript habits: JSON text where the value goes (dockerode's), bytes where JSON goes, JSON where bytes go.
    { given: { op: list, params: { filters: '{"status":["running"]}' } }, want: 'parameter "filters" takes the value itself' },
    { given: { op: build, params: { cachefrom: '["a"]' } }, want: 'parameter "cachefrom" takes the value itself' },
    { given: { op: create, params: { body: Buffer.from('{}') } }, want: 'parameter "body" takes JSON (an object), not bytes' },
    { given: { op: create, params: { body: Readable.from(['{}']) } }, want: 'parameter "body" takes JSON (an object), not bytes' },
    { given: { op: build, params: { body: { a: 1 } } }, want: 'parameter "body" takes bytes (application/x-tar)' },
    { given: { op: build, params: { body: 42 } }, want: 'parameter "body" takes bytes (application/x-tar)' },
  ])('refuses what the API cannot carry: $want', ({ given, want }) => {
    const call = () => encodeRequest(given.op, '1.44', given.params);
    expect(call).toThrow(InvalidParameterError);
    expect(call).toThrow(want);
  });

  it("lets a caller's Content-type replace the default: one Content-Type header", () => {
    const request = encodeRequest(dockerBuild, '1.44', { t: 'x', 'Content-type': 'application/x-tar', body: 'TAR' });
    expect(request.headers).toEqual({ 'Content-type': 'application/x-tar' });
    const lowered = encodeRequest(dockerBuild, '1.44', { 'content-TYPE': 'application/x-tar', body: 'TAR' });
    expect(lowered.headers).toEqual({ 'Content-type': 'application/x-tar' });
    expect(encodeRequest(dockerBuild, '1.44', { body: 'TAR' }).headers).toEqual({ 'content-type': 'application/octet-stream' });
  });

  it('sends a Buffer body as its bytes where the operation takes bytes', () => {
    const tar = Buffer.from([0, 1, 2, 255]);
    expect(encodeRequest(build, '1.44', { body: tar }).body).toBe(tar);
  });
});
