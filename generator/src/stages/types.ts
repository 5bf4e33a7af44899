// OpenAPI 3 -> TypeScript declarations (schema.d.ts), by openapi-typescript.
import type { OpenApi } from './convert.js';
import { TAKES_DATE } from './timestamps.js';

// Loaded on first use: it brings the TypeScript compiler (most of a second), which a run that
// reuses every package never needs.
const openapiTypescript = () => Promise.all([import('openapi-typescript'), import('typescript')]);

export async function schemaTypes(openapi: OpenApi): Promise<string> {
  const [{ default: openapiTS, astToString, tsUnion, NUMBER, STRING }, { default: ts }] = await openapiTypescript();
  // emptyObjectsUnknown: a free-form `type: object` is Record<string, unknown>, not Record<string, never>.
  // defaultNonNullable off: a default is what the engine fills in, so the caller may omit the field.
  const options = {
    emptyObjectsUnknown: true,
    defaultNonNullable: false,
    alphabetize: false,
    // A timestamp parameter (./timestamps.ts): its string or integer, or a Date.
    transform: (schema: Record<string, any>) =>
      schema[TAKES_DATE] ? tsUnion([schema.type === 'string' ? STRING : NUMBER, ts.factory.createTypeReferenceNode('Date')]) : undefined,
  };
  return astToString(await openapiTS(openapi as Parameters<typeof openapiTS>[0], options));
}
