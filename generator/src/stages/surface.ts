// The public surface of one package, modelled once: every client method (its declarations, its
// parameters and body as the spec names them, its result, `since` of it and of its later parameters
// and body fields) and every exported type with its fields. The declarations, the API report
// (api/v1.NN.md) and the HTML reference are three renderings of this model (emit.ts and templates/),
// so they cannot disagree on what a package offers.
import type { OpenApi } from '../document/spec.js';
import type { OperationModel } from './operations.js';
import { operationTypes, type OperationTypes, type Shape } from './operation-types.js';
import { operationDoc, resultType, signatures, type Signature } from './declarations.js';
import { flatten, refName, type Operation } from '../document/walk.js';
import type { FieldSince } from '../facts/fields.js';

type Schema = Record<string, any>;

const MAX_INLINE_DEPTH = 2;

/** A compact TypeScript-like type of a schema; named schemas by name, inline objects a level or two deep. */
function typeText(schema: Schema | undefined, depth = 0): string {
  if (!schema || typeof schema !== 'object') return 'unknown';
  const name = refName(schema);
  const nullable = schema.nullable ? ' | null' : '';
  if (name) return name;
  if (schema.allOf) return `${schema.allOf.map((s: Schema) => typeText(s, depth)).join(' & ')}${nullable}`;
  if (schema.oneOf || schema.anyOf)
    return `${(schema.oneOf ?? schema.anyOf).map((s: Schema) => typeText(s, depth)).join(' | ')}${nullable}`;
  if (schema.enum) return `${schema.enum.map((v: unknown) => JSON.stringify(v)).join(' | ')}${nullable}`;
  if (schema.type === 'array') return `${wrap(typeText(schema.items, depth))}[]${nullable}`;
  if (schema.type === 'string' && schema.format === 'binary') return `binary${nullable}`;
  if (schema.properties) {
    if (depth >= MAX_INLINE_DEPTH) return `object${nullable}`;
    const required = new Set<string>(schema.required ?? []);
    const fields = Object.entries<Schema>(schema.properties).map(
      ([k, v]) => `${k}${required.has(k) ? '' : '?'}: ${typeText(v, depth + 1)}`,
    );
    return `{ ${fields.join('; ')} }${nullable}`;
  }
  if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) {
    const value = schema.additionalProperties === true ? 'unknown' : typeText(schema.additionalProperties, depth + 1);
    return `Record<string, ${value === '{}' ? 'unknown' : value}>${nullable}`;
  }
  return `${schema.type ?? 'unknown'}${nullable}`;
}

const wrap = (type: string) => (/[ |&]/.test(type) && !/^\{.*\}$/.test(type) ? `(${type})` : type);

const successSchema = (op: Schema, status?: string, contentType?: string) =>
  status && contentType ? op.responses?.[status]?.content?.[contentType]?.schema : undefined;

/**
 * The method's result in the spec's terms (minus the Promise): the declared result with the answer's
 * schema as its type, and what an overload answers instead.
 */
function resultText(model: OperationModel, op: Schema): string {
  const { kind, status, contentType, item } = model.response;
  const schema = successSchema(op, status, contentType);
  const answer = kind === 'json-stream' ? (item ?? (contentType === 'application/json' ? typeText(schema) : 'unknown')) : typeText(schema);
  const declared = resultType(model, answer);
  if (model.quirks.unsupported) return declared;
  const { streamParam, detach, upgrade } = model.quirks;
  if (kind === 'json-stream' && streamParam) return `${declared} | ${answer} (${streamParam}: false)`;
  if (kind === 'hijack' && upgrade !== 'websocket' && detach) return `${declared} | void (${detach}: true)`;
  return declared;
}

export interface FieldFacts {
  name: string;
  type: string;
  required: boolean;
  nullable: boolean;
  /** The version it came in, when later than its definition. */
  since?: string;
  description?: string;
}

/** A definition's fields; `later` from ../facts/fields. */
function fieldsOf(doc: OpenApi, schema: Schema, later: Record<string, string> = {}): FieldFacts[] {
  const flat = flatten(doc, schema);
  const required = new Set<string>(flat.required ?? []);
  return Object.entries<Schema>(flat.properties ?? {}).map(([name, field]) => ({
    name,
    type: typeText({ ...field, nullable: false }),
    required: required.has(name),
    nullable: Boolean(field.nullable || flatten(doc, field).nullable),
    since: later[name],
    description: field.description,
  }));
}

export interface ParamFacts {
  name: string;
  /** Where it goes: `path`, `query`, `header`, or `body`. */
  in: string;
  type: string;
  required: boolean;
  /** The version it came in, when later than its method. */
  since?: string;
  /** The body's media type as the spec names it. */
  mediaType?: string;
  description?: string;
}

export interface MethodSurface {
  name: string;
  operationId: string;
  method: string;
  path: string;
  since?: string;
  deprecated: boolean;
  unsupported?: string;
  summary?: string;
  description?: string;
  /** The spec's parameters, then the body. */
  params: ParamFacts[];
  /** The result as the spec says it (`resultText`). */
  result: string;
  /** Body fields newer than the method: dotted path and version. */
  bodySince: { field: string; since: string }[];
  /** Its doc comment and overloads, as client.d.ts declares them. */
  doc: string[];
  signatures: Signature[];
  /** This method's named types (types.d.ts), and its operation model (the table's entry). */
  types: OperationTypes;
  model: OperationModel;
}

export interface TypeSurface {
  name: string;
  description?: string;
  fields: FieldFacts[];
  /** The type itself, for one with no fields of its own (an alias, an enum, a map). */
  alias: string;
  nullable: boolean;
  /** Every field name, the flattened `allOf` included. */
  fieldNames: string[];
}

export interface Surface {
  methods: MethodSurface[];
  types: TypeSurface[];
  /** Every type name types.d.ts exports: the definitions, then each operation's params, body and answer. */
  exports: string[];
}

export interface SurfaceInputs {
  doc: OpenApi;
  /** The document's operations, walked once (../document/walk.ts). */
  operations: Operation[];
  models: OperationModel[];
  /** By operationId: the shapes of its JSON body and answer schemas (operation-types.ts). */
  shapes: Record<string, { body?: Shape; answer?: Shape }>;
  /** The definitions the package declares, in their order. */
  definitions: string[];
  /** Each definition's fields that came after it (the cross-version facts). */
  schemaSince?: FieldSince;
}

function paramsOf(operation: Operation, model: OperationModel): ParamFacts[] {
  const params: ParamFacts[] = operation.parameters.map((p) => ({
    name: p.name,
    in: p.in,
    type: typeText(p.schema),
    required: Boolean(p.required),
    since: model.paramSince?.[p.name],
    description: p.description,
  }));
  const body = operation.op.requestBody;
  if (body) {
    const [mediaType, media] = Object.entries<Schema>(body.content ?? {})[0] ?? [];
    params.push({
      name: 'body',
      in: 'body',
      type: typeText(media?.schema),
      required: Boolean(body.required),
      mediaType,
      description: body.description,
    });
  }
  return params;
}

const DECLARED = /^export (?:interface|type) (\w+)/;

export function surfaceOf({ doc, operations, models, shapes, definitions, schemaSince = {} }: SurfaceInputs): Surface {
  const byId = new Map(operations.map((o) => [o.id, o]));
  const names = new Set(definitions);
  const methods = models.map((model): MethodSurface => {
    const operation = byId.get(model.operationId)!;
    const types = operationTypes(model, shapes[model.operationId] ?? {}, names);
    return {
      name: model.name,
      operationId: model.operationId,
      method: model.method,
      path: model.path,
      since: model.since,
      deprecated: model.deprecated,
      unsupported: model.quirks.unsupported,
      summary: model.summary,
      description: model.description,
      params: paramsOf(operation, model),
      result: resultText(model, operation.op),
      bodySince: Object.entries(model.bodySince ?? {}).map(([field, since]) => ({ field, since })),
      doc: operationDoc(model),
      signatures: signatures(model, types),
      types,
      model,
    };
  });
  const types = Object.entries<Schema>(doc.components?.schemas ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, schema]): TypeSurface => {
      const flat = flatten(doc, schema);
      return {
        name,
        description: schema.description ?? flat.description,
        fields: fieldsOf(doc, schema, schemaSince[name]),
        alias: typeText(flat),
        nullable: Boolean(flat.nullable),
        fieldNames: Object.keys(flat.properties ?? {}),
      };
    });
  const declared = methods.flatMap((m) => m.types.declarations.map((text) => DECLARED.exec(text)![1]));
  return { methods, types, exports: [...definitions, ...declared] };
}
