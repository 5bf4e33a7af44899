// Some query parameters carry a JSON document in a string (`filters={"status":["running"]}`).
// Types should show the structure, not `string`: swap in the structure's schema and flag the
// parameter with `x-json-encoded` so the operation table tells the runtime to encode it: the whole
// value as one document, or for a repeated (array) parameter each item as its own document.
import type { OpenApi } from '../document/spec.js';
import { copyOperations, operationsOf } from '../document/walk.js';

export type JsonQuerySchemas = Record<string, Record<string, unknown>>;

export const mentionsJson = (description: unknown) => typeof description === 'string' && /\bJSON\b/i.test(description);

/** `doc` stays as it is: the result shares with it all but the operations (copyOperations). */
export function typeJsonQueryParams(doc: OpenApi, schemas: JsonQuerySchemas, name = 'spec'): OpenApi {
  const out = copyOperations(doc);
  for (const { method, path: route, parameters } of operationsOf(out, name)) {
    for (const parameter of parameters) {
      if (parameter.in !== 'query' || !mentionsJson(parameter.description)) continue;
      const structure = schemas[parameter.name];
      if (!structure) {
        throw new Error(
          `${name}: ${method} ${route} query parameter "${parameter.name}" is JSON-encoded` +
            ' but specs/json-query-params.json has no schema for it',
        );
      }
      const items = parameter.schema?.type === 'array';
      parameter.schema = items ? { type: 'array', items: structure } : structure;
      parameter['x-json-encoded'] = items ? 'each' : 'value';
    }
  }
  return out;
}
