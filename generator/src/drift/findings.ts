// Drift between what engines answer and what a version's spec says: given recorded answers (the
// normalised answers in specs/engine-answers) and that version's description, lists per engine and
// API version the fields the engine sent that the schema lacks, required fields it left out, nulls
// where the schema says non-null, enum values outside the list and type mismatches. It reads Swagger 2
// (`definitions`, `x-nullable`, type lists, implicit objects) and OpenAPI 3 alike, so the drift of an
// unpatched document costs no conversion. Pure functions: nothing here reads files.
import { operationsOf, successResponses } from '../document/walk.js';
import type { Schema, Swagger } from '../document/spec.js';

export type DriftKind = 'extra-field' | 'missing-required' | 'unexpected-null' | 'enum-outside' | 'type-mismatch';

export interface DriftFinding {
  kind: DriftKind;
  operation: string;
  /** JSON pointer into the answer, with every list index and map key written as a star. */
  path: string;
  /** What the schema expects, or the name of the field. */
  expected: string;
  /** What the engine sent (a type, or the value for enums). */
  actual: string;
}

export interface DriftReport {
  engine: string;
  apiVersion: string;
  findings: DriftFinding[];
}

export interface ApiDescription {
  paths: Record<string, Record<string, any>>;
  /** Swagger 2 */
  definitions?: Record<string, Schema>;
  produces?: string[];
  /** OpenAPI 3 */
  components?: { schemas?: Record<string, Schema> };
}

/** The JSON type of a value as JSON Schema names it. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** The schema of the first JSON success answer of `operationId`, or undefined when it has none. */
export function responseSchema(api: ApiDescription, operationId: string): Schema | undefined {
  const op = operationsOf(api as Swagger).find((o) => o.id === operationId)?.op;
  if (!op) return undefined;
  const produces: string[] = op.produces ?? api.produces ?? ['application/json'];
  const jsonSchema = (r: Schema) =>
    r?.content ? r.content['application/json']?.schema : produces.includes('application/json') && r?.schema;
  const ok = successResponses(op).find(([, r]) => jsonSchema(r));
  return ok && jsonSchema(ok[1]);
}

/** The schema a reference points at, with the reference's own siblings (`x-nullable`) kept over it. */
function resolve(api: ApiDescription, schema: Schema, depth = 0): Schema {
  if (!schema?.$ref) return schema;
  const { $ref, ...siblings } = schema;
  const name = String($ref).replace(/^#\/(components\/schemas|definitions)\//, '');
  const target = api.definitions?.[name] ?? api.components?.schemas?.[name];
  if (!target || depth > 32) throw new Error(`unresolvable reference ${$ref}`);
  return { ...resolve(api, target, depth + 1), ...siblings };
}

const nullable = (s: Schema) => Boolean(s.nullable ?? s['x-nullable']);

/** allOf parts folded into one object schema (properties and required merged). */
function flatten(api: ApiDescription, schema: Schema): Schema {
  const resolved = resolve(api, schema);
  if (!resolved.allOf) return resolved;
  const parts = resolved.allOf.map((part: Schema) => flatten(api, part));
  const { allOf: _allOf, ...own } = resolved;
  return parts.reduce(
    (acc: Schema, part: Schema) => ({
      ...part,
      ...acc,
      properties: { ...part.properties, ...acc.properties },
      required: [...(acc.required ?? []), ...(part.required ?? [])],
      nullable: nullable(acc) || nullable(part),
    }),
    { ...own, properties: { ...own.properties }, required: [...(own.required ?? [])] },
  );
}

const typeMatches = (expected: string | string[], actual: string): boolean =>
  Array.isArray(expected)
    ? expected.some((e) => typeMatches(e, actual))
    : expected === actual || (expected === 'number' && actual === 'integer');

/** The type a schema gives, with Swagger 2's implicit object (properties without `type`) made explicit. */
const typeOf = (s: Schema): string | string[] | undefined => s.type ?? (s.properties || s.additionalProperties ? 'object' : undefined);

export type Flattener = (schema: Schema) => Schema;

/** flatten() remembering each schema's result: list items and repeated answers fold the same schemas. Valid while `api` is unchanged. */
export function flattener(api: ApiDescription): Flattener {
  const memo = new WeakMap<Schema, Schema>();
  return (schema) => {
    let flat = memo.get(schema);
    if (!flat) memo.set(schema, (flat = flatten(api, schema)));
    return flat;
  };
}

/** Every way `value` drifts from `schema`, at `path`. */
export function driftOf(
  api: ApiDescription,
  operation: string,
  schema: Schema,
  value: unknown,
  path = '',
  flat: Flattener = flattener(api),
): DriftFinding[] {
  const s = flat(schema);
  const type = typeOf(s);
  const at = (kind: DriftKind, expected: string, actual: string, where = path): DriftFinding => ({
    kind,
    operation,
    path: where || '/',
    expected,
    actual,
  });
  const actual = jsonType(value);
  if (value === null) {
    const allowsNull = nullable(s) || type === undefined || (Array.isArray(type) && type.includes('null'));
    return allowsNull ? [] : [at('unexpected-null', [type].flat().join('|'), 'null')];
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (!s[key]) continue;
    const tries = s[key].map((branch: Schema) => driftOf(api, operation, branch, value, path, flat));
    // The branch the value fits, else the one it comes closest to.
    const fewer = (a: DriftFinding[], b: DriftFinding[]) => (b.length < a.length ? b : a);
    return tries.find((t: DriftFinding[]) => t.length === 0) ?? tries.reduce(fewer);
  }
  if (type && !typeMatches(type, actual)) return [at('type-mismatch', [type].flat().join('|'), actual)];
  if (s.enum && !s.enum.includes(value)) return [at('enum-outside', s.enum.map(String).join('|'), String(value))];
  if (actual === 'array') {
    return s.items ? (value as unknown[]).flatMap((item) => driftOf(api, operation, s.items!, item, `${path}/*`, flat)) : [];
  }
  if (actual !== 'object') return [];
  const object = value as Record<string, unknown>;
  const findings: DriftFinding[] = [];
  const properties: Record<string, Schema> = s.properties ?? {};
  for (const name of s.required ?? []) {
    if (!(name in object)) findings.push(at('missing-required', name, 'absent', `${path}/${name}`));
  }
  for (const [name, field] of Object.entries(object)) {
    if (properties[name]) findings.push(...driftOf(api, operation, properties[name], field, `${path}/${name}`, flat));
    else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
      findings.push(...driftOf(api, operation, s.additionalProperties, field, `${path}/*`, flat));
    } else if (s.properties && s.additionalProperties !== true) {
      findings.push(at('extra-field', '(not in schema)', jsonType(field), `${path}/${name}`));
    }
  }
  return findings;
}

/** Findings with the same kind, operation and path (list items, repeated answers) counted once. */
export function dedupe(findings: DriftFinding[]): DriftFinding[] {
  const seen = new Map<string, DriftFinding>();
  for (const f of findings) seen.set(`${f.kind} ${f.operation} ${f.path} ${f.actual}`, f);
  return [...seen.values()].sort((a, b) => `${a.operation}${a.path}${a.kind}`.localeCompare(`${b.operation}${b.path}${b.kind}`));
}

/**
 * The drift of one engine's answers at one API version: `answers` maps operationId to the answer
 * (a JSON-lines operation's one item); operations without a JSON answer schema are skipped.
 */
export function driftReport(engine: string, apiVersion: string, answers: Record<string, unknown>, api: ApiDescription): DriftReport {
  const findings = Object.entries(answers).flatMap(([operation, answer]) => {
    const schema = responseSchema(api, operation);
    return schema ? driftOf(api, operation, schema, answer) : [];
  });
  return { engine, apiVersion, findings: dedupe(findings) };
}
