// The types stage renders each path and definition once and reuses its text: the result must be what
// openapi-typescript renders of the whole document, whatever was reused.
import openapiTS, { astToString, NUMBER, STRING, tsUnion } from 'openapi-typescript';
import ts from 'typescript';
import { expect, it } from 'vitest';
import { schemaTypes } from '../../../generator/src/stages/types.ts';
import { TAKES_DATE } from '../../../generator/src/stages/timestamps.ts';
import { prepareSpec } from '../../../generator/src/stages/index.ts';
import { readInputs } from '../../../generator/src/stages/inputs.ts';
import { readDocumentInputs } from '../../../generator/src/document/document.ts';
import type { OpenApi } from '../../../generator/src/document/spec.ts';
import { apiSpecs, readSourceList } from '../../../generator/src/document/sources.ts';
import { markTimestamps } from '../../../generator/src/stages/timestamps.ts';

type Doc = OpenApi;

/** openapi-typescript on the whole document, with the stage's options (either may change the document: each gets a copy). */
const wholeRender = async (doc: Doc) =>
  astToString(
    await openapiTS(doc as never, {
      emptyObjectsUnknown: true,
      defaultNonNullable: false,
      alphabetize: false,
      silent: true,
      transform: (schema: Record<string, any>) =>
        schema[TAKES_DATE] ? tsUnion([schema.type === 'string' ? STRING : NUMBER, ts.factory.createTypeReferenceNode('Date')]) : undefined,
    }),
  );

const operation = (id: string, schema: string) => ({
  operationId: id,
  responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } } },
});

const tiny = (schemas: Record<string, any>): Doc => ({
  openapi: '3.0.3',
  info: { title: 't', version: '1' },
  paths: { '/a': { get: operation('GetA', 'A') }, '/b': { get: operation('GetB', 'B') } },
  components: { schemas },
});

it('renders two real versions as openapi-typescript renders each whole, the second mostly from the first', async () => {
  const list = await readSourceList();
  const inputs = await readInputs(await readDocumentInputs(list));
  for (const source of apiSpecs(list).filter((s) => ['1.50', '1.51'].includes(s.apiVersion))) {
    const doc = markTimestamps((await prepareSpec(source, inputs)).openapi);
    expect(await schemaTypes(structuredClone(doc)), source.file).toBe(await wholeRender(doc));
  }
});

it('renders a definition anew when a definition it looked up changed, though its own schema did not', async () => {
  // A requires X of the B it extends: openapi-typescript looks B up, and only a B with an X makes A `WithRequired`.
  const a = { allOf: [{ $ref: '#/components/schemas/B' }], required: ['X'] };
  const before = tiny({ A: a, B: { type: 'object', properties: { Y: { type: 'string' } } } });
  const after = tiny({ A: a, B: { type: 'object', properties: { X: { type: 'string' } } } });
  expect(await schemaTypes(structuredClone(before))).toBe(await wholeRender(before));
  const rendered = await schemaTypes(structuredClone(after));
  expect(rendered).toContain('WithRequired');
  expect(rendered).toBe(await wholeRender(after));
});

it('renders a document of another shape whole: a discriminator, other components, no paths', async () => {
  const pet = { oneOf: [{ $ref: '#/components/schemas/A' }, { $ref: '#/components/schemas/B' }], discriminator: { propertyName: 'kind' } };
  const shapes = [
    tiny({
      A: { type: 'object', properties: { kind: { type: 'string' } } },
      B: { type: 'object', properties: { kind: { type: 'string' } } },
      Pet: pet,
    }),
    {
      ...tiny({ A: { type: 'string' }, B: { type: 'integer' } }),
      components: { schemas: { A: { type: 'string' }, B: { type: 'integer' } }, headers: { H: { schema: { type: 'string' } } } },
    },
    { ...tiny({ A: { type: 'string' }, B: { type: 'integer' } }), paths: {} },
  ];
  for (const doc of shapes) expect(await schemaTypes(structuredClone(doc))).toBe(await wholeRender(doc));
});
