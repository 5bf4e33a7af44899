// The reviewable API report of a version (committed as api/v1.NN.md): every client method with its
// parameters and result, every exported type with its fields, one line each, computed from the
// OpenAPI document and the operation models (no declaration is read back), with the version each
// field newer than its method or type came in.
import type { OpenApi } from '../document/spec.js';
import type { OperationModel } from './operations.js';
import { flatten, refName, type Operation } from '../document/walk.js';
import type { FieldSince } from '../facts/fields.js';
import type { Schema } from '../document/spec.js';

const MAX_INLINE_DEPTH = 2;

/** A compact TypeScript-like type of a schema; named schemas by name, inline objects a level or two deep. */
export function typeText(schema: Schema | undefined, depth = 0): string {
  if (!schema || typeof schema !== 'object') return 'unknown';
  const name = refName(schema);
  const nullable = schema.nullable ? ' | null' : '';
  if (name) return name;
  if (schema.allOf) return `${schema.allOf.map((s: Schema) => typeText(s, depth)).join(' & ')}${nullable}`;
  if (schema.oneOf || schema.anyOf)
    return `${(schema.oneOf ?? schema.anyOf)!.map((s: Schema) => typeText(s, depth)).join(' | ')}${nullable}`;
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

function parametersText(operation: Operation, model: OperationModel): string[] {
  const since = (name: string) => (model.paramSince?.[name] ? ` (since ${model.paramSince[name]})` : '');
  const params = operation.parameters.map((p) => `${p.name}${p.required ? '' : '?'}: ${p.in} ${typeText(p.schema)}${since(p.name)}`);
  const body = operation.op.requestBody;
  if (body) {
    const [mediaType, media] = Object.entries<Schema>(body.content ?? {})[0] ?? [];
    params.push(`body${body.required ? '' : '?'}: body ${typeText(media?.schema)}${mediaType ? ` (${mediaType})` : ''}`);
  }
  return params;
}

const successSchema = (op: Schema, status?: string, contentType?: string) =>
  status && contentType ? op.responses?.[status]?.content?.[contentType]?.schema : undefined;

/** The method's declared result, as the client declarations spell it (minus the Promise). */
export function resultText(model: OperationModel, op: Schema): string {
  const { kind, status, contentType, item } = model.response;
  if (model.quirks.unsupported) return 'never';
  const schema = successSchema(op, status, contentType);
  switch (kind) {
    case 'json':
      return typeText(schema);
    case 'text':
      return 'string';
    case 'empty':
      return 'void';
    case 'binary':
      return 'BinaryResponse';
    case 'json-stream': {
      const items = item ?? (contentType === 'application/json' ? typeText(schema) : 'unknown');
      const stream = `JsonStream<${items}>`;
      return model.quirks.streamParam ? `${stream} | ${items} (${model.quirks.streamParam}: false)` : stream;
    }
    case 'multiplexed-stream':
      return 'OutputStreams';
    case 'hijack':
      // A websocket carries output and stdin only: no exit code, half-close or resize.
      if (model.quirks.upgrade === 'websocket') return 'WebSocketStream';
      return model.quirks.detach ? `HijackedStream | void (${model.quirks.detach}: true)` : 'HijackedStream';
    case 'path-stat':
      return 'PathStat | undefined';
  }
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

/** A definition's fields as both the API report and the API reference show them; `later` from ../facts/fields. */
export function fieldsOf(doc: OpenApi, schema: Schema, later: Record<string, string> = {}): FieldFacts[] {
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

function fieldLines(doc: OpenApi, schema: Schema, later?: Record<string, string>): string[] {
  return fieldsOf(doc, schema, later).map(
    (f) => `- ${f.name}${f.required ? '' : '?'}: ${f.type}${f.nullable ? ', nullable' : ''}${f.since ? `, since ${f.since}` : ''}`,
  );
}

/** `schemaSince`: each definition's fields that came after it (the cross-version facts), for `since` beside them. */
export function apiReport(
  apiVersion: string,
  doc: OpenApi,
  operations: Operation[],
  models: OperationModel[],
  schemaSince: FieldSince = {},
): string {
  const byId = new Map(operations.map((o) => [o.id, o]));
  const lines = [
    `# @dockerapi/v${apiVersion}: API report`,
    '',
    'Written by `npm run generate`; a change here is a change of the public API. Parameters: `name?: in type`.',
    '',
    `## Methods (${models.length})`,
    '',
  ];
  for (const model of models) {
    const operation = byId.get(model.operationId)!;
    const where = `${model.method} ${model.path}${model.since ? `, since ${model.since}` : ''}${model.deprecated ? ', deprecated' : ''}`;
    lines.push(`- \`${model.name}(${parametersText(operation, model).join(', ')}): ${resultText(model, operation.op)}\` ${where}`);
    const newer = Object.entries(model.bodySince ?? {}).map(([field, since]) => `${field} ${since}`);
    if (newer.length) lines.push(`  - body fields newer than the method: ${newer.join(', ')}`);
  }
  const schemas = Object.entries<Schema>(doc.components?.schemas ?? {}).sort(([a], [b]) => a.localeCompare(b));
  lines.push('', `## Types (${schemas.length})`);
  for (const [name, schema] of schemas) {
    const fields = fieldLines(doc, schema, schemaSince[name]);
    const flat = flatten(doc, schema);
    lines.push('', fields.length ? `### ${name}` : `### ${name} = ${typeText(flat)}${flat.nullable ? ', nullable' : ''}`);
    if (fields.length) lines.push(...fields);
  }
  return `${lines.join('\n')}\n`;
}
