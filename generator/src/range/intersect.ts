// What every version of a range has in common, as one Swagger 2 document: the range package is
// generated from it like a version package is from its spec. The rules follow who writes a value:
//
// - what the client sends (parameters, request bodies, and every definition a body reaches) must
//   be accepted by every member: properties present in all, required if required in any, the enum
//   values all accept, nullable only if nullable in all;
// - what the engine answers (response-only definitions and schemas) may come from any member:
//   properties present in all (a program reads only those), required only if required in all, the
//   enum values of any member, nullable if nullable in any; a member that calls an answer a bare
//   object (`type: object`, no fields: the stats before 1.48) says nothing about its fields, so the
//   members that list them decide; a field only some members require says so in its description;
// - a definition used both ways (ContainerConfig, EndpointSettings) follows the request rules, but may
//   be null where any member says so: engines answer null there, and take a null sent as absent.
//
// An operation is kept when every member has its operationId at the same method and path. Where the
// members disagree on a schema's kind (a different type or $ref), the property is left out; an
// operation whose body or answer disagrees, or that would lose a required parameter, is left out.
import type { Parameter, Schema, Swagger } from '../document/spec.js';

/** Who writes a value: the client (`request`), the engine (`response`), or both (a definition used either way). */
type Side = 'request' | 'response' | 'both';

export interface Member {
  apiVersion: string;
  doc: Swagger;
}

/** Why something of the newest member was left out, for the range's report. */
export interface Omission {
  what: string;
  because: string;
}

// In this order, not the walk's (HTTP_METHODS): RANGE.md lists what a range leaves out in the order it meets it.
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];

const isObject = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

const sameJson = (values: unknown[]) => values.every((v) => JSON.stringify(v) === JSON.stringify(values[0]));

/** A node's JSON types; an untyped node with properties is an object. */
const typesOf = (schema: Schema): string[] | undefined => {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type;
  return schema.properties || schema.additionalProperties ? ['object'] : undefined;
};

/** The kind of a schema node, its types aside: two members that disagree on it cannot be merged. */
const kindOf = (schema: Schema) => JSON.stringify([schema.$ref ?? null, Array.isArray(schema.allOf) ? schema.allOf.length : null]);

/**
 * The types of a node every member allows (what is sent), or any member allows (what is answered):
 * `Cmd` went from string-or-array to array only.
 */
function mergeTypes(schemas: Schema[], side: Side, where: string): string | string[] | undefined {
  const lists = schemas.map(typesOf);
  if (lists.every((l) => !l)) return undefined;
  if (lists.some((l) => !l)) {
    if (side !== 'response') return schemas.at(-1)!.type;
    return undefined;
  }
  const types =
    side !== 'response' ? lists.reduce((acc, list) => acc!.filter((t) => list!.includes(t)))! : [...new Set(lists.flatMap((l) => l!))];
  if (!types.length) throw new Conflict(`its type differs between the versions (${where})`);
  return types.length === 1 ? types[0] : types;
}

class Conflict extends Error {}

/** Enum values compared as JSON: `ExposedPorts` maps to `enum: [{}]`. */
function mergeEnum(schemas: Schema[], side: Side): unknown[] | undefined {
  const lists = schemas.map((s) => (Array.isArray(s.enum) ? new Map(s.enum.map((v: unknown) => [JSON.stringify(v), v])) : undefined));
  if (side === 'response') {
    // Any member may answer any of its values; one without an enum may answer anything.
    if (lists.some((l) => !l)) return undefined;
    return [...new Map(lists.flatMap((l) => [...l!])).values()];
  }
  const constrained = lists.filter((l): l is Map<string, unknown> => Boolean(l));
  if (!constrained.length) return undefined;
  return [...constrained.at(-1)!].filter(([key]) => constrained.every((l) => l.has(key))).map(([, v]) => v);
}

/** What merging needs besides the schemas: each member's document (for its definitions), and where to note omissions. */
interface Context {
  docs: Swagger[];
  /** The members' API versions, in the order of `docs`. */
  versions: string[];
  /** Definitions the fields of answers that only some members list refer to (see `adoptDefinitions`). */
  adopted: Set<string>;
  side: Side;
  omitted: Omission[];
}

function mergeProperties(schemas: Schema[], ctx: Context, where: string): Schema {
  const merged: Schema = {};
  for (const name of Object.keys(schemas.at(-1)!.properties ?? {})) {
    const versions = schemas.map((s) => s.properties?.[name]);
    const at = `${where}.${name}`;
    if (versions.some((v) => !isObject(v))) continue;
    try {
      merged[name] = mergeSchemas(versions as Schema[], ctx, at);
    } catch (error) {
      if (!(error instanceof Conflict)) throw error;
      ctx.omitted.push({ what: at, because: error.message });
    }
  }
  return merged;
}

/**
 * The same node seen through references: a schema that moved between inline and a named
 * definition (or gained an allOf wrapper for its description) is still the same schema.
 */
function unwrapped(schema: Schema, doc: Swagger): Schema {
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1 && !schema.properties) {
    const { allOf, ...rest } = schema;
    return unwrapped({ ...allOf[0], ...rest }, doc);
  }
  if (Array.isArray(schema.allOf)) {
    // `allOf: [Network]` plus properties of its own: the object with all of their properties.
    const { allOf, ...rest } = schema;
    const parts = [...allOf.map((part: Schema) => unwrapped(part, doc)), rest];
    const required = [...new Set(parts.flatMap((part) => (Array.isArray(part.required) ? part.required : [])))];
    const flat: Schema = { ...rest, type: 'object', properties: Object.assign({}, ...parts.map((part) => part.properties ?? {})) };
    if (required.length) flat.required = required;
    return flat;
  }
  if (typeof schema.$ref === 'string') {
    const { $ref, ...rest } = schema;
    const target = doc.definitions?.[$ref.replace('#/definitions/', '')];
    if (isObject(target)) return target.$ref ? { ...target, ...rest } : unwrapped({ ...target, ...rest }, doc);
  }
  return schema;
}

/** An object with no fields and no map values: the spec says only that the answer is an object. */
const isBareObject = (schema: Schema) =>
  schema.type === 'object' && !schema.properties && !('additionalProperties' in schema) && !schema.allOf && !schema.$ref;

/**
 * A field of an answer that only the later members require is optional in the range (an engine
 * speaking an older version need not send it, as far as its spec says); its description says from
 * which version it is required, so the loose type explains itself.
 */
function noteLaterRequired(properties: Schema, requiredLists: string[][], versions: string[]): void {
  for (const [name, property] of Object.entries<Schema>(properties)) {
    const first = requiredLists.findIndex((list) => list.includes(name));
    if (first <= 0 || !requiredLists.slice(first).every((list) => list.includes(name))) continue;
    const note = `Optional in this range: required from API ${versions[first]}, which the older versions' specs do not promise.`;
    properties[name] = { ...property, description: property.description ? `${property.description.trimEnd()}\n\n${note}` : note };
  }
}

/** One schema node from the same node in every member (oldest first); throws Conflict when their kinds differ. */
export function mergeSchemas(given: Schema[], givenCtx: Context, where: string): Schema {
  let schemas = given;
  let ctx = givenCtx;
  if (!sameJson(schemas.map(kindOf))) schemas = schemas.map((s, i) => unwrapped(s, ctx.docs[i]));
  if (!sameJson(schemas.map(kindOf))) throw new Conflict(`its type differs between the versions (${where})`);
  const listing = schemas.flatMap((s, i) => (ctx.side === 'response' && !isBareObject(s) ? [i] : []));
  if (listing.length && listing.length < schemas.length) {
    schemas = listing.map((i) => schemas[i]);
    ctx = { ...ctx, docs: listing.map((i) => ctx.docs[i]), versions: listing.map((i) => ctx.versions[i]) };
    refsOf(schemas, ctx.adopted);
  }
  const newest = schemas.at(-1)!;
  const merged: Schema = { ...newest };
  const type = mergeTypes(schemas, ctx.side, where);
  if (type) merged.type = type;
  else delete merged.type;
  if (schemas.some((s) => s.properties)) {
    merged.properties = mergeProperties(schemas, ctx, where);
    const requiredLists = schemas.map((s) => (Array.isArray(s.required) ? (s.required as string[]) : []));
    const required =
      ctx.side !== 'response'
        ? [...new Set(requiredLists.flat())]
        : requiredLists.reduce((acc, list) => acc.filter((name) => list.includes(name)));
    const kept = required.filter((name) => name in merged.properties!);
    if (kept.length) merged.required = kept;
    else delete merged.required;
    if (ctx.side === 'response') noteLaterRequired(merged.properties, requiredLists, ctx.versions);
  }
  if (schemas.some((s) => 'additionalProperties' in s)) {
    const values = schemas.map((s) => s.additionalProperties);
    if (values.every(isObject)) merged.additionalProperties = mergeSchemas(values, ctx, `${where}{}`);
    else if (values.every((v) => v === values[0])) merged.additionalProperties = values[0];
    // Members disagree (a map became an object with fields): no constraint beyond the common properties.
    else delete merged.additionalProperties;
  }
  const arrays = schemas.filter((s) => isObject(s.items));
  if (arrays.length) {
    // Only the members whose node may be an array say what its items are.
    const docs = schemas.flatMap((s, i) => (isObject(s.items) ? [ctx.docs[i]] : []));
    const versions = schemas.flatMap((s, i) => (isObject(s.items) ? [ctx.versions[i]] : []));
    merged.items = mergeSchemas(
      arrays.map((s) => s.items!),
      { ...ctx, docs, versions },
      `${where}[]`,
    );
  }
  if (Array.isArray(newest.allOf)) {
    merged.allOf = newest.allOf.map((_: unknown, i: number) =>
      mergeSchemas(
        schemas.map((s) => s.allOf![i]),
        ctx,
        where,
      ),
    );
  }
  const values = mergeEnum(schemas, ctx.side);
  if (values && !values.length) throw new Conflict(`no value is accepted by every version (${where})`);
  if (values) merged.enum = values;
  else delete merged.enum;
  const nullable = schemas.map((s) => s['x-nullable'] === true);
  // A definition the engine also answers with may be null where any member says so (Links, Aliases):
  // the engine's decoder takes a null it is sent for such a field as absent.
  if (ctx.side === 'request' ? nullable.every(Boolean) : nullable.some(Boolean)) merged['x-nullable'] = true;
  else delete merged['x-nullable'];
  return merged;
}

/** Definition names a schema refers to, directly. */
function refsOf(schema: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(schema)) for (const item of schema) refsOf(item, into);
  else if (isObject(schema)) {
    if (typeof schema.$ref === 'string') into.add(schema.$ref.replace('#/definitions/', ''));
    for (const value of Object.values(schema)) refsOf(value, into);
  }
  return into;
}

/** The definitions the schemas of `kind` reach, in any member: request bodies, or answers. */
function definitionsReached(members: Member[], kind: 'body' | 'answer'): Set<string> {
  const reached = new Set<string>();
  for (const { doc } of members) {
    const queue: string[] = [];
    for (const item of Object.values<Schema>(doc.paths ?? {}))
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        const roots =
          kind === 'body'
            ? (op.parameters ?? []).filter((p: Schema) => p.in === 'body').map((p: Schema) => p.schema)
            : Object.values<Schema>(op.responses ?? {}).map((r) => r.schema);
        queue.push(...refsOf(roots, new Set()));
      }
    while (queue.length) {
      const name = queue.pop()!;
      if (reached.has(name) || !doc.definitions?.[name]) continue;
      reached.add(name);
      queue.push(...refsOf(doc.definitions[name], new Set()));
    }
  }
  return reached;
}

function mergeParameters(operations: Schema[], base: Omit<Context, 'side'>, where: string): Parameter[] {
  const ctx: Context = { ...base, side: 'request' };
  const { omitted } = base;
  const newest = operations.at(-1)!;
  const merged: Parameter[] = [];
  for (const parameter of newest.parameters ?? []) {
    const at = `${where} ${parameter.in} parameter ${parameter.name}`;
    const versions = operations.map((op) => (op.parameters ?? []).find((p: Schema) => p.name === parameter.name && p.in === parameter.in));
    const required = versions.some((p) => p?.required);
    try {
      if (versions.some((p) => !p)) throw new Conflict('not in every version');
      if (parameter.in === 'body') {
        merged.push({
          ...parameter,
          required,
          schema: mergeSchemas(
            versions.map((p) => p.schema),
            ctx,
            at,
          ),
        });
        continue;
      }
      const { schema, ...rest } = mergeSchemas(versions, ctx, at);
      merged.push({ ...rest, required } as Parameter);
    } catch (error) {
      if (!(error instanceof Conflict)) throw error;
      // A parameter some member requires cannot be left out: the operation goes.
      if (required) throw new Conflict(`${parameter.in} parameter ${parameter.name}: ${error.message}`);
      omitted.push({ what: at, because: error.message });
    }
  }
  return merged;
}

function mergeResponses(operations: Schema[], base: Omit<Context, 'side'>, where: string): Schema {
  const { docs, versions } = base;
  const newest = operations.at(-1)!;
  const merged: Schema = {};
  for (const [status, response] of Object.entries<Schema>(newest.responses ?? {})) {
    // Only the members that document this answer say what it holds.
    const having = operations.flatMap((op, i) => (isObject(op.responses?.[status]?.schema) ? [i] : []));
    if (!response.schema || !having.length) merged[status] = response;
    else {
      const ctx: Context = { ...base, docs: having.map((i) => docs[i]), versions: having.map((i) => versions[i]), side: 'response' };
      const schema = mergeSchemas(
        having.map((i) => operations[i].responses[status].schema),
        ctx,
        `${where} ${status}`,
      );
      merged[status] = { ...response, schema };
    }
  }
  return merged;
}

function findOperation(doc: Swagger, operationId: string): { path: string; method: string; op: Schema } | undefined {
  for (const [path, item] of Object.entries<Schema>(doc.paths ?? {}))
    for (const method of METHODS) if (item[method]?.operationId === operationId) return { path, method, op: item[method] };
  return undefined;
}

/** The common document of `members` (oldest first), and what of the newest member it leaves out. */
export function intersectSpecs(members: Member[]): { doc: Swagger; omitted: Omission[] } {
  if (members.length < 2) throw new Error('a range needs at least two versions');
  const newest = members.at(-1)!.doc;
  const omitted: Omission[] = [];
  const sent = definitionsReached(members, 'body');
  const answered = definitionsReached(members, 'answer');
  const sideOf = (name: string): Side => (!sent.has(name) ? 'response' : answered.has(name) ? 'both' : 'request');
  const docs = members.map((m) => m.doc);
  const versions = members.map((m) => m.apiVersion);
  const base = { docs, versions, omitted, adopted: new Set<string>() };

  const definitions: Schema = {};
  for (const name of Object.keys(newest.definitions ?? {})) {
    const schemas = members.map((m) => m.doc.definitions?.[name]);
    if (schemas.some((v) => !isObject(v))) {
      omitted.push({ what: `definition ${name}`, because: 'not in every version' });
      continue;
    }
    try {
      const ctx: Context = { ...base, side: sideOf(name) };
      definitions[name] = mergeSchemas(schemas as Schema[], ctx, name);
    } catch (error) {
      if (!(error instanceof Conflict)) throw error;
      omitted.push({ what: `definition ${name}`, because: error.message });
    }
  }

  const paths: Schema = {};
  for (const [path, item] of Object.entries<Schema>(newest.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const where = `${method.toUpperCase()} ${path}`;
      const found = members.map((m) => findOperation(m.doc, op.operationId));
      if (found.some((f) => !f || f.path !== path || f.method !== method)) {
        omitted.push({ what: `operation ${op.operationId}`, because: `not at ${where} in every version` });
        continue;
      }
      const operations = found.map((f) => f!.op);
      try {
        const merged = {
          ...op,
          parameters: mergeParameters(operations, base, where),
          responses: mergeResponses(operations, base, where),
        };
        if (!merged.parameters.length) delete merged.parameters;
        paths[path] ??= {};
        paths[path][method] = merged;
      } catch (error) {
        if (!(error instanceof Conflict)) throw error;
        omitted.push({ what: `operation ${op.operationId}`, because: error.message });
      }
    }
  }
  adoptDefinitions(members, definitions, base);
  pruneDangling(definitions, paths, omitted);
  // A definition only dropped operations reached stays: it is still common to every member.
  // Through JSON: merged nodes share objects with the members, which the conversion would take for YAML anchors.
  return { doc: JSON.parse(JSON.stringify({ ...newest, definitions, paths })), omitted };
}

/**
 * The definitions that answers' fields listed by only some members refer to (the stats' `cpu_stats`
 * is a ContainerCPUStats from 1.48, when the stats stopped being a bare object): merged as answers
 * across the members that have them, so the fields keep their types.
 */
function adoptDefinitions(members: Member[], definitions: Schema, base: Omit<Context, 'side'>): void {
  // A Set visits what is added while it is walked: the adopted definitions' own references.
  for (const name of base.adopted) {
    if (name in definitions) continue;
    const having = members.filter((m) => isObject(m.doc.definitions?.[name]));
    if (!having.length) continue;
    const ctx: Context = { ...base, docs: having.map((m) => m.doc), versions: having.map((m) => m.apiVersion), side: 'response' };
    try {
      definitions[name] = mergeSchemas(
        having.map((m) => m.doc.definitions![name]),
        ctx,
        name,
      );
    } catch (error) {
      if (!(error instanceof Conflict)) throw error;
      continue;
    }
    refsOf(definitions[name], base.adopted);
    const dropped = base.omitted.findIndex((o) => o.what === `definition ${name}`);
    if (dropped >= 0) base.omitted.splice(dropped, 1);
  }
}

const missingRef = (schema: unknown, definitions: Schema) => [...refsOf(schema, new Set())].find((name) => !(name in definitions));

/** Drops what refers to a definition that was left out: properties, then definitions and operations. */
function pruneDangling(definitions: Schema, paths: Schema, omitted: Omission[]) {
  const pruneProperties = (schema: unknown, where: string) => {
    if (Array.isArray(schema)) for (const item of schema) pruneProperties(item, where);
    if (!isObject(schema)) return;
    for (const [name, property] of Object.entries<Schema>(isObject(schema.properties) ? schema.properties : {})) {
      const missing = missingRef(property, definitions);
      if (!missing) pruneProperties(property, `${where}.${name}`);
      else {
        delete schema.properties![name];
        if (Array.isArray(schema.required)) schema.required = schema.required.filter((n: string) => n !== name);
        omitted.push({ what: `${where}.${name}`, because: `its type ${missing} is not common to the versions` });
      }
    }
    for (const key of ['items', 'additionalProperties', 'allOf']) pruneProperties(schema[key], where);
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, schema] of Object.entries(definitions)) {
      pruneProperties(schema, name);
      const missing = missingRef(schema, definitions);
      if (missing) {
        delete definitions[name];
        omitted.push({ what: `definition ${name}`, because: `it needs ${missing}, which is not common to the versions` });
        changed = true;
      }
    }
  }
  for (const [path, item] of Object.entries<Schema>(paths)) {
    for (const [method, op] of Object.entries<Schema>(item)) {
      pruneProperties(op.parameters, `${method.toUpperCase()} ${path}`);
      pruneProperties(Object.values(op.responses ?? {}), `${method.toUpperCase()} ${path}`);
      const missing = missingRef([op.parameters, op.responses], definitions);
      if (missing) {
        delete item[method];
        omitted.push({ what: `operation ${op.operationId}`, because: `it needs ${missing}, which is not common to the versions` });
      }
    }
    if (!Object.keys(item).length) delete paths[path];
  }
}
