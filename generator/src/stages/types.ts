// OpenAPI 3 -> TypeScript declarations (schema.d.ts), by openapi-typescript.
import type { OpenApi } from './convert.js';

// Loaded on first use: it brings the TypeScript compiler (most of a second), which a run that
// reuses every package never needs.
const openapiTypescript = () => import('openapi-typescript');

export async function schemaTypes(openapi: OpenApi): Promise<string> {
  const { default: openapiTS, astToString } = await openapiTypescript();
  // emptyObjectsUnknown: a free-form `type: object` is Record<string, unknown>, not Record<string, never>.
  // defaultNonNullable off: a default is what the engine fills in, so the caller may omit the field.
  const options = { emptyObjectsUnknown: true, defaultNonNullable: false, alphabetize: false };
  return astToString(await openapiTS(openapi as Parameters<typeof openapiTS>[0], options));
}
