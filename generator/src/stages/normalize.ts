// Rewrites valid Swagger 2.0 constructs that the conversion to OpenAPI 3 would lose or reject.
// Each rewrite is generic (keyed on the construct, not on a definition name) and keeps meaning.
import type { Swagger } from '../document/spec.js';
import { copyOperations, isSuccess, operationsOf } from '../document/walk.js';
import type { Schema } from '../document/spec.js';

/** `type: [array, string]` is valid Swagger 2 (JSON Schema draft 4) but not OpenAPI 3: use oneOf. */
export function typeListToOneOf(schema: Schema): Schema {
  if (!Array.isArray(schema.type)) return schema;
  const { type, items, ...rest } = schema;
  return {
    ...rest,
    oneOf: (type as string[]).map((t) => (t === 'array' ? { type: t, items: items ?? {} } : { type: t })),
  };
}

/**
 * A `$ref` ignores its siblings, so `x-nullable` (and descriptions) beside it are dropped by the
 * conversion; wrapping the reference in allOf keeps them.
 */
export function refSiblingsToAllOf(schema: Schema): Schema {
  if (typeof schema.$ref !== 'string' || Object.keys(schema).length === 1) return schema;
  const { $ref, ...rest } = schema;
  return { ...rest, allOf: [{ $ref }] };
}

/** `x-nullable` on a map without `type` would otherwise come out as `unknown`. */
export function implicitObjectType(schema: Schema): Schema {
  if (schema.type || !('additionalProperties' in schema || 'properties' in schema)) return schema;
  return { type: 'object', ...schema };
}

/** Keys that only annotate a schema: they constrain nothing. */
const ANNOTATIONS = new Set(['type', 'example', 'description', 'title']);

/**
 * `allOf: [Spec, {type: object, example}]` adds an example, not fields; converted as is, the bare
 * object member becomes `Record<string, unknown>`, and `Spec & Record<string, unknown>` accepts any
 * misspelled field. Such a member is dropped (its description kept) when another member remains.
 */
export function annotationOnlyAllOfMembers(schema: Schema): Schema {
  if (!Array.isArray(schema.allOf)) return schema;
  const annotationOnly = (member: Schema) => member?.type === 'object' && Object.keys(member).every((key) => ANNOTATIONS.has(key));
  const kept = schema.allOf.filter((member: Schema) => !annotationOnly(member));
  if (kept.length === schema.allOf.length || !kept.length) return schema;
  const description = schema.allOf.find((member: Schema) => annotationOnly(member) && member.description)?.description;
  return { ...(description && !schema.description ? { description } : {}), ...schema, allOf: kept };
}

const schemaRewrites = [typeListToOneOf, refSiblingsToAllOf, implicitObjectType, annotationOnlyAllOfMembers];

/** Keys whose values are schemas (or maps/lists of schemas) in Swagger 2. */
const SCHEMA_KEYS = new Set(['schema', 'items', 'additionalProperties', 'allOf', 'oneOf', 'anyOf', 'not']);
const SCHEMA_MAP_KEYS = new Set(['properties', 'definitions']);

function walkSchema(schema: unknown): unknown {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  let out: Schema = { ...(schema as Schema) };
  for (const rewrite of schemaRewrites) out = rewrite(out);
  for (const [key, value] of Object.entries(out)) {
    if (SCHEMA_KEYS.has(key)) out[key] = Array.isArray(value) ? value.map(walkSchema) : walkSchema(value);
    else if (SCHEMA_MAP_KEYS.has(key) && value && typeof value === 'object') out[key] = mapValues(value, walkSchema);
  }
  return out;
}

const mapValues = (obj: Schema, fn: (v: unknown) => unknown) => Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, fn(v)]));

/** Media types of payloads (archives, exports) rather than documents. */
export const BINARY_TYPES = ['application/x-tar', 'application/octet-stream'];

/**
 * An operation that produces only archives (export, archive get) often gives its 200 no schema;
 * without one the conversion drops the media type too. Say the body is binary.
 */
export function binaryResponseSchemas(op: Record<string, any>, produces: string[] = []): void {
  const types: string[] = op.produces ?? produces;
  if (!types.length || !types.every((t) => BINARY_TYPES.includes(t))) return;
  for (const [status, response] of Object.entries<Record<string, any>>(op.responses ?? {})) {
    if (isSuccess(status) && !response.schema) response.schema = { type: 'string', format: 'binary' };
  }
}

/**
 * Applies the schema rewrites everywhere a schema can appear: definitions, parameters, responses.
 * `doc` stays as it is; what is not rewritten is shared with it (the converter copies its whole input).
 */
export function normalizeForConversion(doc: Swagger): Swagger {
  const out = copyOperations(doc);
  out.definitions = mapValues(out.definitions ?? {}, walkSchema) as Record<string, Schema>;
  for (const { op, parameters } of operationsOf(out)) {
    // The conversion keeps a media type only where an answer has a schema: the diff reads them all here.
    op['x-produces'] = [...(op.produces ?? out.produces ?? [])];
    binaryResponseSchemas(op, out.produces);
    for (const parameter of parameters) {
      if (parameter.schema) parameter.schema = walkSchema(parameter.schema);
    }
    for (const response of Object.values<Schema>(op.responses ?? {})) {
      if (response.schema) response.schema = walkSchema(response.schema);
    }
  }
  return out;
}
