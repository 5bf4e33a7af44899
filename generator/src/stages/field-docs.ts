// Each field's age and standing, for the type docs. A field that came after its definition or
// operation gets `@since 1.N` (added to the text openapi-typescript renders into its JSDoc); one the
// spec calls deprecated (`x-deprecated`, `deprecated: true`, or "Deprecated:" / "**Deprecated**" in
// its prose) gets `deprecated: true`, which openapi-typescript renders as `@deprecated`, so editors
// strike it through. Works on a copy: the reports and the operation table read the document as it is.
import type { OpenApi } from '../document/spec.js';
import { bodyRoot, responseRoot, type FieldHistory } from '../facts/fields.js';
import { endpointOf, operationsOf, schemasOf, successResponses, walkFields } from '../document/walk.js';
import type { Schema } from '../document/spec.js';

/** A paragraph of the description that opens with the word: `Deprecated: ...`, `> **Deprecated**: ...`. */
const DEPRECATED_PROSE = /^\s*(?:>\s*)?(?:\*\*Deprecated\*\*|Deprecated:)/m;

export const isDeprecated = (schema: Schema | undefined): boolean =>
  Boolean(
    schema?.deprecated ||
      schema?.['x-deprecated'] ||
      (typeof schema?.description === 'string' && DEPRECATED_PROSE.test(schema.description)),
  );

/**
 * Adds `@since` as the last line of the description, or as the title when there is none (openapi-typescript
 * writes the title as the comment's first line, where a lone `@since 1.44` reads as the tag it is).
 */
export function addSince(schema: Schema, since: string): void {
  const key = schema.description ? 'description' : 'title';
  schema[key] = schema[key] ? `${schema[key].trimEnd()}\n\n@since ${since}` : `@since ${since}`;
}

/** A copy of `openapi` whose fields carry `@since` and `deprecated` where the facts and the prose say so. */
export function documentFields(openapi: OpenApi, fields: FieldHistory): OpenApi {
  const doc = structuredClone(openapi);
  // A schema object reached twice (shared by two media types) is documented once.
  const done = new WeakSet<Schema>();
  const mark = (schema: Schema | undefined, since: string | undefined) => {
    if (!schema || typeof schema !== 'object' || done.has(schema)) return;
    done.add(schema);
    if (since) addSince(schema, since);
    if (isDeprecated(schema)) schema.deprecated = true;
  };
  const markFields = (root: string, schema: Schema | undefined) => {
    const later = fields.schemas[root] ?? {};
    walkFields(schema, (path, field) => mark(field, later[path]));
  };
  for (const [name, schema] of Object.entries(schemasOf(doc))) markFields(name, schema);
  for (const { method, path, parameters, op } of operationsOf(doc)) {
    const endpoint = endpointOf(method, path);
    const later = fields.operations[endpoint] ?? {};
    for (const p of parameters) if (p.in === 'query' || p.in === 'header') mark(p, later[`${p.in}.${p.name}`]);
    for (const media of Object.values<Schema>(op.requestBody?.content ?? {})) markFields(bodyRoot(endpoint), media.schema);
    for (const [status, response] of successResponses(op)) {
      for (const media of Object.values<Schema>(response.content ?? {})) markFields(responseRoot(endpoint, status), media.schema);
    }
  }
  return doc;
}
