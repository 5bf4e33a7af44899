// Which fields of a call an older API version lacks, from the operation's paramSince/bodySince.
import { describe, expect, it } from 'vitest';
import { tooNewFields } from '../../runtime/src/field-versions.ts';
import { defineClient, InvalidOptionError, UnsupportedParameterError, type OperationDescriptor } from '../../runtime/src/index.ts';

const create: OperationDescriptor = {
  id: 'ContainerCreate',
  method: 'POST',
  path: '/containers/create',
  since: '1.24',
  paramSince: { platform: '1.41' },
  bodySince: {
    'HostConfig.Annotations': '1.43',
    'HostConfig.Mounts.BindOptions.CreateMountpoint': '1.42',
    'NetworkingConfig.EndpointsConfig.*.MacAddress': '1.44',
  },
  query: ['name', 'platform'],
  body: 'json',
  response: 'json',
};
const push: OperationDescriptor = {
  id: 'ImagePush',
  method: 'POST',
  path: '/images/{name}/push',
  paramSince: { 'X-Registry-Auth': '1.30' },
  headers: ['X-Registry-Auth'],
  response: 'json-stream',
};

describe('tooNewFields', () => {
  const cases: { name: string; op?: OperationDescriptor; params: Record<string, unknown>; version: string; want: unknown[] }[] = [
    {
      name: 'a query parameter newer than the version',
      params: { platform: 'linux/arm64' },
      version: '1.40',
      want: [{ field: 'platform', since: '1.41' }],
    },
    { name: 'the same parameter at its own version', params: { platform: 'linux/arm64' }, version: '1.41', want: [] },
    { name: 'a parameter left undefined or null', params: { platform: undefined, name: null }, version: '1.40', want: [] },
    {
      name: 'a nested body field',
      params: { body: { Image: 'x', HostConfig: { Annotations: { a: 'b' } } } },
      version: '1.42',
      want: [{ field: 'HostConfig.Annotations', since: '1.43' }],
    },
    {
      name: 'a field inside array items',
      params: { body: { HostConfig: { Mounts: [{ Type: 'bind' }, { BindOptions: { CreateMountpoint: true } }] } } },
      version: '1.41',
      want: [{ field: 'HostConfig.Mounts.BindOptions.CreateMountpoint', since: '1.42' }],
    },
    {
      name: 'a field inside map values, reported once',
      params: { body: { NetworkingConfig: { EndpointsConfig: { a: { MacAddress: 'x' }, b: { MacAddress: 'y' } } } } },
      version: '1.43',
      want: [{ field: 'NetworkingConfig.EndpointsConfig.*.MacAddress', since: '1.44' }],
    },
    {
      name: 'parameters first, then body fields',
      params: { platform: 'linux/arm64', body: { HostConfig: { Annotations: {} } } },
      version: '1.40',
      want: [
        { field: 'platform', since: '1.41' },
        { field: 'HostConfig.Annotations', since: '1.43' },
      ],
    },
    { name: 'an older body field set to null', params: { body: { HostConfig: { Annotations: null } } }, version: '1.40', want: [] },
    {
      name: 'a header in another case',
      op: push,
      params: { name: 'x', 'x-registry-auth': 'e30=' },
      version: '1.29',
      want: [{ field: 'X-Registry-Auth', since: '1.30' }],
    },
  ];
  for (const c of cases) it(c.name, () => expect(tooNewFields(c.op ?? create, c.params, c.version)).toEqual(c.want));
});

describe('UnsupportedParameterError', () => {
  it('names the field, the endpoint and both versions', () => {
    const error = new UnsupportedParameterError('platform', '1.41', '1.40', { method: 'POST', path: '/containers/create' });
    expect(error.message).toBe('platform (POST /containers/create) needs API v1.41, but the engine speaks v1.40');
    expect(error).toMatchObject({ field: 'platform', requiredVersion: '1.41', engineVersion: '1.40', name: 'UnsupportedParameterError' });
  });

  it('is what a call gets before anything is sent (a fixed version needs no engine)', async () => {
    const Client = defineClient('1.51', { containerCreate: create });
    const docker = new Client({ host: 'unix:///nonexistent/docker.sock', apiVersion: '1.40' }) as any;
    const platform = docker.containerCreate({ platform: 'linux/arm64', body: { Image: 'x' } }).catch((error: unknown) => error);
    expect(await platform).toBeInstanceOf(UnsupportedParameterError);
    expect((await platform).message).toBe('platform (POST /containers/create) needs API v1.41, but the engine speaks v1.40');
    const annotations = docker.containerCreate({ body: { HostConfig: { Annotations: {} } } }).catch((error: unknown) => error);
    expect(await annotations).toBeInstanceOf(UnsupportedParameterError);
    const message = 'HostConfig.Annotations (POST /containers/create) needs API v1.43, but the engine speaks v1.40';
    expect((await annotations).message).toBe(message);
    await docker.close();
  });
});

it('refuses an unsupportedFields option other than error or warn', () => {
  const Client = defineClient('1.51', { containerCreate: create });
  const make = () => new Client({ host: 'unix:///nonexistent/docker.sock', unsupportedFields: 'ignore' as 'warn' });
  expect(make).toThrow(InvalidOptionError);
  expect(make).toThrow("the unsupportedFields option must be 'error' or 'warn', got \"ignore\"");
});
