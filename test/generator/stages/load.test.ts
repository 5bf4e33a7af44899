import { expect, it } from 'vitest';
import { SpecError, validateSpec } from '../../../generator/src/document/load.ts';
import type { PathItem } from '../../../generator/src/document/spec.ts';

const doc = (paths: Record<string, PathItem>) => ({
  swagger: '2.0',
  info: { title: 't', version: '1' },
  paths,
  definitions: { Thing: { type: 'object', properties: { Name: { type: 'string' } } } },
});
const get = (operationId: string) => ({
  get: { operationId, responses: { 200: { description: 'ok', schema: { $ref: '#/definitions/Thing' } } } },
});

it('accepts a valid document, references kept', async () => {
  const valid = doc({ '/a': get('A'), '/b': get('B') });
  await expect(validateSpec('t.yaml', valid)).resolves.toBeUndefined();
  expect(valid.paths['/a'].get.responses[200].schema).toEqual({ $ref: '#/definitions/Thing' });
});

it('names the input and what the Swagger 2.0 schema finds wrong, on every call', async () => {
  const invalid = doc({ '/a': { get: { operationId: 'A', responses: { 200: { schema: { type: 'string' } } } } } });
  for (const name of ['first.yaml', 'second.yaml']) {
    const error = await validateSpec(name, invalid).catch((e) => e);
    expect(error).toBeInstanceOf(SpecError);
    expect(error.message).toMatch(
      new RegExp(`^${name}: invalid Swagger 2.0: Swagger schema validation failed.\\n  #/paths/~1a/get/responses/200 `),
    );
  }
});

it('names what the checks beyond the schema find: an operation id used twice', async () => {
  await expect(validateSpec('t.yaml', doc({ '/a': get('Same'), '/b': get('Same') }))).rejects.toThrow(
    /^t\.yaml: invalid Swagger 2\.0: .*Duplicate operation id 'Same'/,
  );
});
