// The operation table: for every operation of a spec, what the runtime needs to send it
// (method, path, where each parameter goes) and to read its answer (the response kind).
import type { HttpMethod, OperationDescriptor, ResponseKind } from '@dockerapi/runtime';
import type { OpenApi } from '../document/spec.js';
import { operationsOf, successResponses, type Operation } from '../document/walk.js';
import { isDeprecated } from './field-docs.js';
import { isTimestamp } from './timestamps.js';
import { compareVersions } from '../versions.js';

/** Behaviour keys of an operation's descriptor that specs/operations.json supplies. */
export const QUIRK_KEYS = [
  'tty',
  'registryAuth',
  'registryConfig',
  'upgrade',
  'detach',
  'exitCode',
  'resize',
  'streamParam',
  'unsupported',
] as const;
export type Quirks = Pick<OperationDescriptor, (typeof QUIRK_KEYS)[number]>;

/** An entry of specs/operations.json: what the spec cannot say about one operation. */
export interface OperationFacts extends Quirks {
  response?: ResponseKind;
  item?: string;
  why?: string;
}

export interface OperationModel {
  /** Method name on the client: the camel-cased operationId. */
  name: string;
  operationId: string;
  /** The first API version that has this operation. */
  since?: string;
  /** Query and header parameters that came after the operation: name -> first version. */
  paramSince?: Record<string, string>;
  /** Body fields that came after the operation: dotted path -> first version. */
  bodySince?: Record<string, string>;
  method: HttpMethod;
  path: string;
  summary?: string;
  description?: string;
  deprecated: boolean;
  pathParams: string[];
  queryParams: string[];
  /** Query parameters the runtime sends as one JSON document. */
  jsonParams: string[];
  /** Repeated query parameters whose every item the runtime sends as a JSON document. */
  jsonEachParams: string[];
  /** Query parameters that are points in time: the runtime sends a Date as unix seconds. */
  dateParams: string[];
  headerParams: string[];
  /** Whether the caller must pass a params object (a required parameter or body). */
  paramsRequired: boolean;
  /** `contentType` is what the runtime sends; `mediaType` the spec's key for the body's type. */
  body?: { kind: 'json' | 'binary'; required: boolean; contentType: string; mediaType: string };
  response: { kind: ResponseKind; status?: string; contentType?: string; item?: string };
  /** Behaviour from specs/operations.json, copied into the descriptor as is. */
  quirks: Quirks;
}

export const methodName = (operationId: string) => operationId[0].toLowerCase() + operationId.slice(1);

// A string body is a payload (tar, image data); everything else is a JSON document.
const isBinarySchema = (schema: any) => schema?.type === 'string';

function requestBody(op: any): OperationModel['body'] {
  const content = op.requestBody?.content;
  if (!content) return undefined;
  const [mediaType, media] = Object.entries<any>(content)[0];
  const required = Boolean(op.requestBody.required);
  if (isBinarySchema(media.schema)) return { kind: 'binary', required, contentType: mediaType, mediaType };
  // Some specs list octet-stream for JSON documents (NetworkConnect before 1.26); the engine reads JSON.
  return { kind: 'json', required, contentType: 'application/json', mediaType };
}

/** The response kind, derived from the responses unless specs/operations.json names it. */
export function responseOf(method: string, op: any, known?: OperationFacts): OperationModel['response'] {
  const success = successResponses(op);
  const withBody = success.find(([, response]) => response.content && Object.values<any>(response.content).some((m) => m.schema));
  const [status, response] = withBody ?? [];
  const types = Object.keys(response?.content ?? {});
  const contentType = ['application/json', 'text/plain'].find((t) => types.includes(t)) ?? types[0];
  const body = withBody ? { status, contentType } : {};
  if (known?.response) return { kind: known.response, item: known.item, ...body };
  if (method === 'head') return { kind: 'empty' };
  if (!withBody) return { kind: 'empty' };
  if (contentType === 'application/json') return { kind: 'json', ...body };
  if (contentType === 'text/plain') return { kind: 'text', ...body };
  return { kind: 'binary', ...body };
}

/** The operation table's models; `operations` are the document's, from operationsOf (derived once per version). */
export function operationModels(
  doc: OpenApi,
  known: Record<string, OperationFacts>,
  name = 'spec',
  operations = operationsOf(doc, name),
): OperationModel[] {
  const models = operations.map((operation) => operationModel(operation, known[operation.id], name));
  const seen = new Set<string>();
  for (const m of models) {
    if (seen.has(m.name)) throw new Error(`${name}: operationId ${m.operationId} is used twice`);
    seen.add(m.name);
  }
  for (const m of models) {
    for (const companion of companionsOf(m.quirks)) {
      if (seen.has(companion)) continue;
      throw new Error(`${name}: specs/operations.json says ${m.operationId} uses ${companion}, which this version lacks`);
    }
  }
  return models.sort((a, b) => a.name.localeCompare(b.name));
}

function operationModel(
  { id, method, path, parameters: params, op }: Operation,
  facts: OperationFacts | undefined,
  name: string,
): OperationModel {
  const names = (where: string) => params.filter((p) => p.in === where).map((p) => p.name as string);
  const body = requestBody(op);
  const all = [...params.map((p) => p.name), ...(body ? ['body'] : [])];
  const clash = all.find((n, i) => all.indexOf(n) !== i);
  if (clash) throw new Error(`${name}: ${id} has two parameters named "${clash}"`);
  return {
    name: methodName(id),
    operationId: id,
    method: method as HttpMethod,
    path,
    summary: op.summary,
    description: op.description,
    deprecated: isDeprecated(op),
    pathParams: names('path'),
    queryParams: names('query'),
    jsonParams: params.filter((p) => p['x-json-encoded'] === 'value').map((p) => p.name),
    jsonEachParams: params.filter((p) => p['x-json-encoded'] === 'each').map((p) => p.name),
    dateParams: params.filter(isTimestamp).map((p) => p.name),
    headerParams: names('header'),
    paramsRequired: params.some((p) => p.required) || Boolean(body?.required),
    body,
    response: responseOf(method.toLowerCase(), op, facts),
    quirks: quirksOf(facts),
  };
}

function quirksOf(facts: OperationFacts | undefined): Quirks {
  const quirks: Record<string, unknown> = {};
  for (const key of QUIRK_KEYS) if (facts?.[key] !== undefined) quirks[key] = facts[key];
  return quirks as Quirks;
}

/**
 * An operation's later fields (`query.platform` -> 1.41, from the facts) split into parameters and body
 * paths, keeping only those the version has (`present`): a field removed since is not the table's business.
 */
export function laterFields(later: Record<string, string> = {}, present: string[] = []): Pick<OperationModel, 'paramSince' | 'bodySince'> {
  const has = new Set(present);
  const pick = (prefixes: string[]) => {
    const entries = Object.entries(later).filter(([key]) => has.has(key) && prefixes.some((p) => key.startsWith(p)));
    return entries.length ? Object.fromEntries(entries.map(([key, since]) => [key.slice(key.indexOf('.') + 1), since])) : undefined;
  };
  return { paramSince: pick(['query.', 'header.']), bodySince: withoutCovered(pick(['body.'])) };
}

/** Drops a body field that cannot be set without a field above it that is no older (`DeviceRequests.Count` under `DeviceRequests`). */
function withoutCovered(since: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!since) return undefined;
  const covered = (path: string) =>
    path
      .split('.')
      .slice(0, -1)
      .some((_, i, parts) => {
        const above = since[parts.slice(0, i + 1).join('.')];
        return above !== undefined && compareVersions(above, since[path]) >= 0;
      });
  return Object.fromEntries(Object.entries(since).filter(([path]) => !covered(path)));
}

/** The methods of the same package that an operation's behaviour calls. */
const companionsOf = (q: Quirks) => [q.tty?.inspect, q.exitCode?.operation, q.resize].filter((n): n is string => Boolean(n));
