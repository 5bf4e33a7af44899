// The one way through a spec (Swagger 2 or OpenAPI 3: their paths have the same shape) that every
// stage and report uses: which keys of a path item are operations, which responses are successes,
// each operation with its path-level and own parameters merged, and references resolved in schemas.
import type { Schema } from './spec.js';

/** The operation keys of a path item (the runtime's HttpMethod, lower-cased). */
export const HTTP_METHODS = ['get', 'head', 'post', 'put', 'delete', 'patch'] as const;
export type LowerMethod = (typeof HTTP_METHODS)[number];

/** `GET|HEAD|...`, for reading endpoints out of prose (the change log, diff subjects). */
export const METHOD_PATTERN = HTTP_METHODS.map((m) => m.toUpperCase()).join('|');

/** A success answer: a literal 2xx status (never `default` or a `2XX` range). */
export const isSuccess = (status: string) => /^2\d\d$/.test(status);

/** An operation's success responses, lowest status first. */
export const successResponses = (op: Schema): [string, Schema][] =>
  Object.entries<Schema>(op.responses ?? {})
    .filter(([status]) => isSuccess(status))
    .sort(([a], [b]) => a.localeCompare(b));

export interface Operation {
  id: string;
  /** Upper case: `GET`. */
  method: string;
  path: string;
  /** Path-level parameters, then the operation's own (the same objects as in the document). */
  parameters: Schema[];
  /** The operation object itself. */
  op: Schema;
}

/** Every operation of a document, in document order; an operation without an operationId is an error. */
export function operationsOf(doc: Schema, name = 'spec'): Operation[] {
  const out: Operation[] = [];
  for (const [route, item] of Object.entries<Schema>(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item?.[method];
      if (!op) continue;
      if (!op.operationId) throw new Error(`${name}: ${method.toUpperCase()} ${route} has no operationId`);
      const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])];
      out.push({ id: op.operationId, method: method.toUpperCase(), path: route, parameters, op });
    }
  }
  return out;
}

/**
 * A copy of `doc` to change operations in, without a copy of the whole document: new paths, path
 * items, operations, parameter lists, parameters, response maps and responses; everything else
 * (schemas, examples, definitions) is shared with `doc`.
 */
export function copyOperations<T extends Schema>(doc: T): T {
  if (!doc.paths) return { ...doc };
  const copyParameters = (parameters: unknown) => (Array.isArray(parameters) ? parameters.map((p) => ({ ...p })) : parameters);
  const copyOperation = (op: Schema): Schema => ({
    ...op,
    ...('parameters' in op ? { parameters: copyParameters(op.parameters) } : {}),
    ...(op.responses && typeof op.responses === 'object'
      ? { responses: Object.fromEntries(Object.entries<Schema>(op.responses).map(([status, r]) => [status, { ...r }])) }
      : {}),
  });
  const copyItem = (item: Schema): Schema => {
    if (!item || typeof item !== 'object') return item;
    const copy: Schema = { ...item, ...('parameters' in item ? { parameters: copyParameters(item.parameters) } : {}) };
    for (const method of HTTP_METHODS) if (item[method]) copy[method] = copyOperation(item[method]);
    return copy;
  };
  return { ...doc, paths: Object.fromEntries(Object.entries<Schema>(doc.paths).map(([route, item]) => [route, copyItem(item)])) };
}

/**
 * An endpoint as the engine sees it: method and path with placeholders unnamed, so that an
 * operation keeps its endpoint when its operationId or a placeholder's name changes.
 */
export const endpointOf = (method: string, route: string) => `${method.toUpperCase()} ${route.replace(/\{[^}]*\}/g, '{}')}`;

export const refName = (schema: Schema | undefined) => (typeof schema?.$ref === 'string' ? schema.$ref.split('/').pop()! : undefined);

/** Named schemas: OpenAPI 3 components, else Swagger 2 definitions. */
export const schemasOf = (doc: Schema): Record<string, Schema> => doc.components?.schemas ?? doc.definitions ?? {};

/** Resolves references and folds allOf into one object schema, so shapes can be compared and listed. */
export function flatten(doc: Schema, schema: Schema | undefined, depth = 0): Schema {
  if (!schema || depth > 20) return {};
  const name = refName(schema);
  if (name) return flatten(doc, schemasOf(doc)[name], depth + 1);
  if (!schema.allOf) return schema;
  const merged: Schema & { properties: Record<string, Schema>; required: string[] } = {
    ...schema,
    allOf: undefined,
    properties: { ...(schema.properties ?? {}) },
    required: [...(schema.required ?? [])],
  };
  for (const part of schema.allOf) {
    const flat = flatten(doc, part, depth + 1);
    Object.assign(merged.properties, flat.properties ?? {});
    merged.required.push(...(flat.required ?? []));
    for (const key of ['type', 'description', 'enum', 'items', 'additionalProperties', 'format']) merged[key] ??= flat[key];
    if (flat.nullable) merged.nullable ??= flat.nullable;
  }
  if (!Object.keys(merged.properties).length) delete (merged as Schema).properties;
  return merged;
}

/** A field's dotted path: arrays are passed through, a map's values are `*` (`EndpointsConfig.*.MacAddress`). */
export type FieldVisitor = (path: string, schema: Schema) => void;

const MAX_FIELD_DEPTH = 12;

/**
 * Visits every property under `schema` with its dotted path, through inline objects, array items,
 * map values and allOf/oneOf/anyOf parts. A reference is a field's end unless `doc` is given: then
 * named definitions are followed too (each once per branch, so a recursive one ends).
 */
export function walkFields(schema: Schema | undefined, visit: FieldVisitor, doc?: Schema): void {
  const walk = (node: Schema | undefined, prefix: string, depth: number, seen: Set<string>) => {
    if (!node || typeof node !== 'object' || depth > MAX_FIELD_DEPTH) return;
    const name = refName(node);
    if (name) {
      if (doc && !seen.has(name)) walk(schemasOf(doc)[name], prefix, depth, new Set(seen).add(name));
      return;
    }
    for (const key of ['allOf', 'oneOf', 'anyOf']) for (const part of node[key] ?? []) walk(part, prefix, depth, seen);
    for (const [field, value] of Object.entries<Schema>(node.properties ?? {})) {
      visit(prefix + field, value);
      walk(value, `${prefix}${field}.`, depth + 1, seen);
    }
    walk(node.items, prefix, depth, seen);
    if (node.additionalProperties && typeof node.additionalProperties === 'object') {
      walk(node.additionalProperties, `${prefix}*.`, depth + 1, seen);
    }
  };
  walk(schema, '', 0, new Set());
}

/** Every field path under `schema` (see walkFields), in walking order without repeats. */
export function fieldPaths(schema: Schema | undefined, doc?: Schema): string[] {
  const paths = new Set<string>();
  walkFields(schema, (path) => paths.add(path), doc);
  return [...paths];
}
