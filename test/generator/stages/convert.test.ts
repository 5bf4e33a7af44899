import { expect, it } from 'vitest';
import { inlineSharedRequestBodies, toOpenApi3 } from '../../../generator/src/stages/convert.ts';

it('puts request bodies the converter shared back into each operation', async () => {
  const body = () => ({ in: 'body', name: 'body', required: true, schema: { allOf: [{ $ref: '#/definitions/Spec' }] } });
  const doc = {
    swagger: '2.0',
    info: { title: 't', version: '1' },
    paths: {
      '/a': { post: { operationId: 'A', consumes: ['application/json'], parameters: [body()], responses: { 200: { description: 'ok' } } } },
      '/b': { post: { operationId: 'B', consumes: ['application/json'], parameters: [body()], responses: { 200: { description: 'ok' } } } },
    },
    definitions: { Spec: { type: 'object', properties: { Name: { type: 'string' } } } },
  };
  const openapi = await toOpenApi3('t.yaml', doc as never);
  expect(openapi.components!.requestBodies).toBeUndefined();
  for (const route of ['/a', '/b']) {
    expect(openapi.paths[route].post.requestBody).toEqual({
      content: { 'application/json': { schema: { allOf: [{ $ref: '#/components/schemas/Spec' }] } } },
      required: true,
    });
  }
});

it('names a reference to a request body that is not there', () => {
  const openapi = {
    paths: { '/a': { post: { operationId: 'A', requestBody: { $ref: '#/components/requestBodies/X' } } } },
    components: { requestBodies: {} },
  };
  expect(() => inlineSharedRequestBodies(openapi)).toThrow('request body #/components/requestBodies/X is not in components.requestBodies');
});
