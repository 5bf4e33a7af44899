// The structural difference between two API versions, computed from their (patched, converted)
// OpenAPI documents: operations, parameters, request and response schemas down to properties, and
// definitions. Every change says whether it breaks a client written against the older version.
import { flatten, isSuccess, refName, schemasOf, type Operation } from '../document/walk.js';
import type { ApiModel } from '../stages/index.js';
import type { Schema } from '../document/spec.js';

export type ChangeKind =
  | 'operation-added'
  | 'operation-removed'
  | 'operation-moved'
  | 'operation-renamed'
  | 'parameter-added'
  | 'parameter-removed'
  | 'parameter-changed'
  | 'property-added'
  | 'property-removed'
  | 'type-changed'
  | 'enum-added'
  | 'enum-removed'
  | 'enum-introduced'
  | 'enum-lifted'
  | 'became-required'
  | 'became-optional'
  | 'became-deprecated'
  | 'became-nullable'
  | 'became-non-nullable'
  | 'definition-added'
  | 'definition-removed'
  | 'definition-renamed'
  | 'content-type-added'
  | 'content-type-removed'
  | 'header-added'
  | 'header-removed'
  | 'status-added'
  | 'status-removed';

export interface Change {
  kind: ChangeKind;
  /** `POST /containers/create`, or `definition ContainerConfig`. */
  subject: string;
  operation?: string;
  /** Where inside the subject: `query.signal`, `request .HostConfig.Memory`, `response 200 .State`. */
  location: string;
  /** Field, parameter and definition names involved, for matching against the change log. */
  names: string[];
  detail: string;
  breaking: boolean;
  /** The enum values an `enum-added` or `enum-removed` change adds or removes: a note may name them (`image`). */
  values?: string[];
  /** The id of our patch (specs/patches/) that made this change; absent for upstream changes. */
  patch?: string;
  /**
   * For a change to a definition: the operations whose parameters, request body or responses use it,
   * directly or through other definitions (of the newer version; of the older one for a removal).
   */
  operations?: string[];
}

export interface ApiDiff {
  from: string;
  to: string;
  changes: Change[];
}

type Side = 'request' | 'response';

const byId = (model: ApiModel) => new Map(model.operations.map((o) => [o.id, o]));

/** A short type name; with `doc`, array items are looked up so that a renamed item type still reads the same. */
export function typeOf(schema: Schema, doc?: ApiModel): string {
  if (schema.oneOf) return schema.oneOf.map((s: Schema) => typeOf(s, doc)).join(' | ');
  if (schema.type === 'array') {
    const items = doc ? flatten(doc, schema.items) : schema.items;
    return `${items?.type ?? refName(items) ?? (items?.properties ? 'object' : 'unknown')}[]`;
  }
  return (schema.type as string | undefined) ?? (schema.properties ? 'object' : 'unknown');
}

/** A shape fingerprint: property names and types, recursively, without descriptions. */
export function shapeOf(doc: ApiModel, schema: Schema | undefined, depth = 0): string {
  const flat = flatten(doc, schema);
  if (depth > 4) return typeOf(flat);
  const props = Object.entries<Schema>(flat.properties ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}:${shapeOf(doc, v, depth + 1)}`);
  const items = flat.items ? `[${shapeOf(doc, flat.items, depth + 1)}]` : '';
  return `${typeOf(flat)}${items}{${props.join(',')}}`;
}

/** A schema without a type: no `type`, fields, items, map or alternatives (an `enum` alone leaves the type open). */
const untyped = (s: Schema) => typeOf(s) === 'unknown' && !s.additionalProperties && !s.items && !s.oneOf && !s.anyOf && !s.allOf;

/** An object used as a map: values under any key, no named fields. */
const isMap = (s: Schema) => typeof s.additionalProperties === 'object' && !s.properties;

/** The item of a list, else the schema itself. */
const elementOf = (doc: ApiModel, s: Schema) => (s.type === 'array' && s.items ? flatten(doc, s.items) : s);

class Collector {
  readonly changes: Change[] = [];
  constructor(
    readonly a: ApiModel,
    readonly b: ApiModel,
  ) {}
  add(change: Change) {
    this.changes.push(change);
  }
}

/** Where two schemas are compared: what the change is reported under, at which location, sent by whom. */
interface SchemaPlace {
  subject: string;
  operation?: string;
  location: string;
  side: Side;
}

/**
 * Compares two schemas found at the same place. When both name the same definition the walk
 * stops: that definition's own changes are reported once, under the definitions.
 */
function compareSchemas(c: Collector, at: SchemaPlace, a: Schema | undefined, b: Schema | undefined, seen = new Set<string>()): void {
  if (!a || !b) return;
  const { subject, operation, location, side } = at;
  const [nameA, nameB] = [refName(a), refName(b)];
  if (nameA && nameA === nameB) {
    // The definition's own changes are reported under it; its nullability also reaches every use.
    compareNullable(c, { subject, operation, location }, side, flatten(c.a, a), flatten(c.b, b), ` (definition ${nameA})`);
    return;
  }
  const key = `${nameA ?? ''}>${nameB ?? ''}@${location}`;
  if (seen.has(key) || seen.size > 200) return;
  seen.add(key);
  const [fa, fb] = [flatten(c.a, a), flatten(c.b, b)];
  const base = { subject, operation, location };
  const [typeA, typeB] = [typeOf(fa, c.a), typeOf(fb, c.b)];
  if (typeA !== typeB && typeA !== 'unknown' && typeB !== 'unknown') {
    const change: Change = {
      ...base,
      kind: 'type-changed',
      names: lastName(location),
      detail: `type ${typeA} -> ${typeB}`,
      breaking: true,
    };
    c.add(change);
    // A list of objects that became one (or the reverse): its fields still say what changed in them.
    const [itemA, itemB] = [elementOf(c.a, fa), elementOf(c.b, fb)];
    if ((itemA !== fa || itemB !== fb) && itemA.properties && itemB.properties) {
      const before = c.changes.length;
      seen.delete(key); // the same place again, one level in: not a cycle
      compareSchemas(c, at, itemA, itemB, seen);
      change.detail += c.changes.length === before ? ', the same fields' : ', fields changed as listed';
    }
    return;
  }
  if (untyped(fa) !== untyped(fb)) {
    // A free value given a type narrows what a sender may send; a typed one set free widens what a reader gets.
    const [was, now] = [untyped(fa) ? 'untyped' : typeA, untyped(fb) ? 'untyped' : typeB];
    c.add({
      ...base,
      kind: 'type-changed',
      names: lastName(location),
      detail: `type ${was} -> ${now}`,
      breaking: side === (untyped(fa) ? 'request' : 'response'),
    });
  }
  if (isMap(fa) !== isMap(fb) && (fa.properties || fb.properties)) {
    const shape = (s: Schema) =>
      isMap(s) ? `map of ${typeOf(flatten(c.a, s.additionalProperties as Schema))}` : `object (${Object.keys(s.properties!).join(', ')})`;
    c.add({ ...base, kind: 'type-changed', names: lastName(location), detail: `${shape(fa)} -> ${shape(fb)}`, breaking: true });
  }
  compareNullable(c, base, side, fa, fb);
  if (!fa.deprecated && fb.deprecated)
    c.add({
      ...base,
      kind: 'became-deprecated',
      names: lastName(location),
      detail: 'deprecated',
      breaking: false,
    });
  compareEnums(c, base, side, fa.enum, fb.enum);
  compareProperties(c, at, fa, fb, seen);
  if (fa.items && fb.items) compareSchemas(c, { ...at, location: `${location}[]` }, fa.items, fb.items, seen);
  if (typeof fa.additionalProperties === 'object' && typeof fb.additionalProperties === 'object') {
    compareSchemas(c, { ...at, location: `${location}{}` }, fa.additionalProperties, fb.additionalProperties, seen);
  }
}

/** The properties of two flattened object schemas: added, removed, required or not, and each compared in turn. */
function compareProperties(c: Collector, place: SchemaPlace, fa: Schema, fb: Schema, seen: Set<string>): void {
  const { subject, operation, location, side } = place;
  const [propsA, propsB] = [fa.properties ?? {}, fb.properties ?? {}];
  const [reqA, reqB] = [new Set<string>(fa.required ?? []), new Set<string>(fb.required ?? [])];
  for (const name of Object.keys(propsB)) {
    const at = `${location}.${name}`;
    if (!(name in propsA)) {
      // A new required request field breaks old callers; a new response field does not.
      const breaking = side === 'request' && reqB.has(name);
      c.add({
        subject,
        operation,
        location: at,
        kind: 'property-added',
        names: [name],
        detail: `${typeOf(flatten(c.b, propsB[name]))}${reqB.has(name) ? ', required' : ''}`,
        breaking,
      });
      continue;
    }
    if (!reqA.has(name) && reqB.has(name))
      c.add({
        subject,
        operation,
        location: at,
        kind: 'became-required',
        names: [name],
        detail: 'now required',
        breaking: side === 'request',
      });
    if (reqA.has(name) && !reqB.has(name))
      c.add({
        subject,
        operation,
        location: at,
        kind: 'became-optional',
        names: [name],
        detail: 'now optional',
        breaking: side === 'response',
      });
    compareSchemas(c, { ...place, location: at }, propsA[name], propsB[name], seen);
  }
  for (const name of Object.keys(propsA)) {
    if (!(name in propsB))
      c.add({
        subject,
        operation,
        location: `${location}.${name}`,
        kind: 'property-removed',
        names: [name],
        detail: typeOf(flatten(c.a, propsA[name])),
        breaking: true,
      });
  }
}

/** null newly sent breaks a reader; null no longer accepted breaks a sender. */
function compareNullable(
  c: Collector,
  base: Pick<Change, 'subject' | 'operation' | 'location'>,
  side: Side,
  fa: Schema,
  fb: Schema,
  via = '',
) {
  if (Boolean(fa.nullable) === Boolean(fb.nullable)) return;
  const nullable = Boolean(fb.nullable);
  c.add({
    ...base,
    kind: nullable ? 'became-nullable' : 'became-non-nullable',
    names: lastName(base.location),
    detail: `${nullable ? 'may now be null' : 'is no longer null'}${via}`,
    breaking: nullable ? side === 'response' : side === 'request',
  });
}

function compareEnums(c: Collector, base: Pick<Change, 'subject' | 'operation' | 'location'>, side: Side, a?: unknown[], b?: unknown[]) {
  const list = (values: unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');
  // A free value limited to a list narrows what a client may send; a list lifted widens what it must read.
  if (!a && b)
    c.add({
      ...base,
      kind: 'enum-introduced',
      names: lastName(base.location),
      detail: `now limited to: ${list(b)}`,
      breaking: side === 'request',
    });
  if (a && !b)
    c.add({
      ...base,
      kind: 'enum-lifted',
      names: lastName(base.location),
      detail: `no longer limited to: ${list(a)}`,
      breaking: side === 'response',
    });
  if (!a || !b) return;
  const [keysA, keysB] = [a.map((v) => JSON.stringify(v)), b.map((v) => JSON.stringify(v))];
  const added = b.filter((_, i) => !keysA.includes(keysB[i]));
  const removed = a.filter((_, i) => !keysB.includes(keysA[i]));
  // A client may send any value it knew (so removals break requests) and must read any value
  // the engine sends (so additions break exhaustive handling of responses).
  if (added.length)
    c.add({
      ...base,
      kind: 'enum-added',
      names: lastName(base.location),
      values: added.map(String),
      detail: `values added: ${added.map((v) => JSON.stringify(v)).join(', ')}`,
      breaking: side === 'response',
    });
  if (removed.length)
    c.add({
      ...base,
      kind: 'enum-removed',
      names: lastName(base.location),
      values: removed.map(String),
      detail: `values removed: ${removed.map((v) => JSON.stringify(v)).join(', ')}`,
      breaking: side === 'request',
    });
}

const lastName = (location: string) => {
  const match = /([\w-]+)[[\]{}]*$/.exec(location);
  return match ? [match[1]] : [];
};

function paramKey(p: Schema) {
  return `${p.in}.${p.name}`;
}

function compareParameters(c: Collector, subject: string, operation: string, a: Schema[], b: Schema[]) {
  const before = new Map(a.map((p) => [paramKey(p), p]));
  const after = new Map(b.map((p) => [paramKey(p), p]));
  for (const [key, p] of after) {
    const old = before.get(key);
    if (!old) {
      c.add({
        subject,
        operation,
        location: key,
        kind: 'parameter-added',
        names: [p.name],
        detail: `${typeOf(flatten(c.b, p.schema))}${p.required ? ', required' : ''}`,
        breaking: Boolean(p.required),
      });
      continue;
    }
    const [sa, sb] = [flatten(c.a, old.schema), flatten(c.b, p.schema)];
    const changed: string[] = [];
    if (typeOf(sa) !== typeOf(sb)) changed.push(`type ${typeOf(sa)} -> ${typeOf(sb)}`);
    if (Boolean(old.required) !== Boolean(p.required)) changed.push(p.required ? 'now required' : 'now optional');
    const [defaultA, defaultB] = [JSON.stringify(sa.default), JSON.stringify(sb.default)];
    if (defaultA !== defaultB) changed.push(`default ${defaultA} -> ${defaultB}`);
    if (changed.length) {
      const breaking = changed.some((d) => d.startsWith('type') || d === 'now required');
      c.add({ subject, operation, location: key, kind: 'parameter-changed', names: [p.name], detail: changed.join('; '), breaking });
    }
    if (!old.deprecated && p.deprecated)
      c.add({
        subject,
        operation,
        location: key,
        kind: 'became-deprecated',
        names: [p.name],
        detail: 'deprecated',
        breaking: false,
      });
    compareEnums(c, { subject, operation, location: key }, 'request', sa.enum ?? sa.items?.enum, sb.enum ?? sb.items?.enum);
  }
  for (const [key, p] of before) {
    if (!after.has(key))
      c.add({
        subject,
        operation,
        location: key,
        kind: 'parameter-removed',
        names: [p.name],
        detail: typeOf(flatten(c.a, p.schema)),
        breaking: true,
      });
  }
}

const bodySchema = (op: Schema) => Object.values<Schema>(op.requestBody?.content ?? {})[0]?.schema;
const jsonResponses = (op: Schema) =>
  Object.fromEntries(
    Object.entries<Schema>(op.responses ?? {})
      .filter(([s]) => isSuccess(s))
      .map(([s, r]) => [s, r.content?.['application/json']?.schema])
      .filter(([, s]) => s),
  );

/** What a success answer may be: its content types, and those the operation says it produces (`x-produces`, kept by normalize.ts) where an answer has no schema. */
const successTypes = (op: Schema) =>
  new Set([
    ...Object.entries<Schema>(op.responses ?? {})
      .filter(([s]) => isSuccess(s))
      .flatMap(([, r]) => Object.keys(r.content ?? {})),
    ...(op['x-produces'] ?? []),
  ]);

/** What the engine sends and accepts besides schemas: content types, status codes, response headers. */
function compareAnswers(c: Collector, subject: string, operation: string, a: Schema, b: Schema) {
  const add = (kind: ChangeKind, location: string, name: string, detail: string, breaking: boolean) =>
    c.add({ subject, operation, location, kind, names: [name], detail, breaking });
  const [requestA, requestB] = [new Set(Object.keys(a.requestBody?.content ?? {})), new Set(Object.keys(b.requestBody?.content ?? {}))];
  for (const type of requestB) if (!requestA.has(type)) add('content-type-added', 'request', type, `accepts ${type}`, false);
  for (const type of requestA) if (!requestB.has(type)) add('content-type-removed', 'request', type, `no longer accepts ${type}`, true);
  // A client must be able to read every content type a success answer may have.
  const [answerA, answerB] = [successTypes(a), successTypes(b)];
  for (const type of answerB) if (!answerA.has(type)) add('content-type-added', 'response', type, `may answer ${type}`, true);
  for (const type of answerA) if (!answerB.has(type)) add('content-type-removed', 'response', type, `no longer answers ${type}`, false);
  const [statusA, statusB] = [a.responses ?? {}, b.responses ?? {}];
  for (const status of Object.keys(statusB)) {
    if (!(status in statusA)) {
      add('status-added', `response ${status}`, status, statusB[status].description?.trim().split('\n')[0] ?? '', isSuccess(status));
      continue;
    }
    const [headersA, headersB] = [statusA[status].headers ?? {}, statusB[status].headers ?? {}];
    for (const name of Object.keys(headersB))
      if (!(name in headersA)) add('header-added', `response ${status} header ${name}`, name, 'added', false);
    for (const name of Object.keys(headersA)) {
      if (!(name in headersB)) add('header-removed', `response ${status} header ${name}`, name, 'removed', true);
    }
  }
  for (const status of Object.keys(statusA))
    if (!(status in statusB)) add('status-removed', `response ${status}`, status, 'removed', false);
}

/**
 * A JSON answer where the same status had no body at all before (or the reverse): one a client newly reads,
 * or no longer gets. A body that changed its media type is a content-type change already.
 */
function compareBodies(c: Collector, subject: string, operation: string, a: Schema, b: Schema, ra: Schema, rb: Schema) {
  const name = (doc: ApiModel, schema: Schema) => refName(schema) ?? typeOf(flatten(doc, schema), doc);
  for (const status of Object.keys(rb)) {
    if (!(status in ra) && a.responses?.[status] && !a.responses[status].content) {
      const detail = `no JSON body -> ${name(c.b, rb[status])}`;
      c.add({ subject, operation, location: `response ${status}`, kind: 'type-changed', names: [status], detail, breaking: false });
    }
  }
  for (const status of Object.keys(ra)) {
    if (!(status in rb) && b.responses?.[status] && !b.responses[status].content) {
      const detail = `${name(c.a, ra[status])} -> no JSON body`;
      c.add({ subject, operation, location: `response ${status}`, kind: 'type-changed', names: [status], detail, breaking: true });
    }
  }
}

/** Definitions that vanished while one of the same shape appeared are renames, not removals. */
function compareDefinitions(c: Collector) {
  const [defsA, defsB] = [c.a.components?.schemas ?? {}, c.b.components?.schemas ?? {}];
  const removed = Object.keys(defsA).filter((n) => !(n in defsB));
  const added = Object.keys(defsB).filter((n) => !(n in defsA));
  const addedByShape = new Map<string, string[]>();
  for (const name of added) {
    const shape = shapeOf(c.b, defsB[name]);
    addedByShape.set(shape, [...(addedByShape.get(shape) ?? []), name]);
  }
  const renamedTo = new Set<string>();
  for (const name of removed) {
    const twin = addedByShape.get(shapeOf(c.a, defsA[name]))?.find((n) => !renamedTo.has(n));
    if (twin) {
      renamedTo.add(twin);
      c.add({
        subject: `definition ${name}`,
        location: '',
        kind: 'definition-renamed',
        names: [name, twin],
        detail: `renamed to ${twin} (same shape): the exported type ${name} is now ${twin}`,
        // Like an operation rename: the wire format is the same, but code that names the type breaks.
        breaking: true,
      });
    } else {
      c.add({ subject: `definition ${name}`, location: '', kind: 'definition-removed', names: [name], detail: 'removed', breaking: true });
    }
  }
  for (const name of added) {
    if (!renamedTo.has(name))
      c.add({
        subject: `definition ${name}`,
        location: '',
        kind: 'definition-added',
        names: [name],
        detail: 'added',
        breaking: false,
      });
  }
  for (const name of Object.keys(defsA).filter((n) => n in defsB)) {
    // A definition's side is unknown here; judge it as a response (what most definitions are).
    compareSchemas(c, { subject: `definition ${name}`, location: '', side: 'response' }, { ...defsA[name] }, { ...defsB[name] });
  }
}

/** Definition name -> the operations that reach it, sorted. */
export function definitionUsers(model: ApiModel): Map<string, string[]> {
  const schemas = schemasOf(model);
  const users = new Map<string, Set<string>>();
  const visit = (node: unknown, reached: Set<string>) => {
    if (!node || typeof node !== 'object') return;
    const name = refName(node as Schema);
    if (name) {
      if (reached.has(name)) return;
      reached.add(name);
      return visit(schemas[name], reached);
    }
    for (const value of Object.values(node)) visit(value, reached);
  };
  for (const op of model.operations) {
    const reached = new Set<string>();
    visit([op.parameters, op.op.requestBody, op.op.responses], reached);
    for (const name of reached) (users.get(name) ?? users.set(name, new Set()).get(name)!).add(op.id);
  }
  return new Map([...users].map(([name, ids]) => [name, [...ids].sort()]));
}

/** Gives each change to a definition the operations it reaches. */
function markUsers(changes: Change[], a: ApiModel, b: ApiModel) {
  const [usersA, usersB] = [definitionUsers(a), definitionUsers(b)];
  for (const change of changes) {
    if (!change.subject.startsWith('definition ')) continue;
    const name = change.subject.slice('definition '.length);
    if (change.kind === 'definition-removed') change.operations = usersA.get(name) ?? [];
    else change.operations = usersB.get(change.kind === 'definition-renamed' ? change.names[1] : name) ?? [];
  }
}

export function diffApis(from: string, a: ApiModel, to: string, b: ApiModel): ApiDiff {
  const c = new Collector(a, b);
  const [opsA, opsB] = [byId(a), byId(b)];
  // The same endpoint under a new operationId is a rename (it breaks method names, not requests).
  const byEndpoint = new Map([...opsA.values()].filter((o) => !opsB.has(o.id)).map((o) => [`${o.method} ${o.path}`, o]));
  const renamedFrom = new Map<string, Operation>();
  for (const [id, op] of opsB) {
    const old = !opsA.has(id) && byEndpoint.get(`${op.method} ${op.path}`);
    if (old) renamedFrom.set(id, old);
  }
  const renamedIds = new Set([...renamedFrom.values()].map((o) => o.id));
  for (const [id, op] of opsB) {
    const subject = `${op.method} ${op.path}`;
    const previous = renamedFrom.get(id);
    if (previous)
      c.add({
        subject,
        operation: id,
        location: '',
        kind: 'operation-renamed',
        names: [previous.id, id],
        detail: `operationId ${previous.id} -> ${id}`,
        breaking: true,
      });
    const old = opsA.get(id) ?? previous;
    if (!old) {
      c.add({ subject, operation: id, location: '', kind: 'operation-added', names: [id], detail: op.op.summary ?? '', breaking: false });
      continue;
    }
    if (old.method !== op.method || old.path !== op.path) {
      c.add({
        subject,
        operation: id,
        location: '',
        kind: 'operation-moved',
        names: [id],
        detail: `was ${old.method} ${old.path}`,
        breaking: true,
      });
    }
    if (!old.op.deprecated && op.op.deprecated)
      c.add({
        subject,
        operation: id,
        location: '',
        kind: 'became-deprecated',
        names: [id],
        detail: 'deprecated',
        breaking: false,
      });
    compareParameters(c, subject, id, old.parameters, op.parameters);
    compareAnswers(c, subject, id, old.op, op.op);
    compareSchemas(c, { subject, operation: id, location: 'request', side: 'request' }, bodySchema(old.op), bodySchema(op.op));
    const [ra, rb] = [jsonResponses(old.op), jsonResponses(op.op)];
    for (const status of Object.keys(rb))
      compareSchemas(c, { subject, operation: id, location: `response ${status}`, side: 'response' }, ra[status], rb[status]);
    compareBodies(c, subject, id, old.op, op.op, ra, rb);
  }
  for (const [id, op] of opsA) {
    if (!opsB.has(id) && !renamedIds.has(id))
      c.add({
        subject: `${op.method} ${op.path}`,
        operation: id,
        location: '',
        kind: 'operation-removed',
        names: [id],
        detail: 'removed',
        breaking: true,
      });
  }
  compareDefinitions(c);
  markUsers(c.changes, a, b);
  return { from, to, changes: c.changes };
}
