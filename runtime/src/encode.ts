// Turns an operation descriptor and a flat params object into the HTTP request to send. Anything
// that cannot be sent as the caller meant it (an unknown name, an object where the API takes a
// word) is refused with InvalidParameterError before a byte is sent.
import { InvalidParameterError, type RequestInfo } from './errors.js';
import type { OperationDescriptor } from './operation.js';

export interface EncodedRequest {
  method: string;
  /** Path with the `/v1.NN` prefix and the query string. */
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}

type Values = Record<string, unknown>;

/** A lone UTF-16 surrogate: no UTF-8 form exists, so it cannot go into a URL or header. */
const LONE_SURROGATE = /\p{Surrogate}/u;
/** What an HTTP header value may hold (RFC 9110 field-vchar, space and tab). */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

const requestOf = (op: OperationDescriptor): RequestInfo => ({ method: op.method, path: op.path });

function refuse(op: OperationDescriptor, name: string, problem: string): never {
  throw new InvalidParameterError(`${op.id}: parameter "${name}" ${problem}`, requestOf(op));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  if (typeof value !== 'object') return `a ${typeof value}`;
  const kind = value.constructor?.name;
  return kind && kind !== 'Object' ? `a ${kind}` : 'an object';
}

/** One word of a query string or a path: what the engine's parser reads back as the caller meant it. */
function scalar(op: OperationDescriptor, name: string, value: unknown): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) refuse(op, name, `must be a finite number, got ${value}`);
    return String(value);
  }
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) refuse(op, name, 'holds a lone UTF-16 surrogate, which has no UTF-8 form');
    return value;
  }
  // A point in time (the table's `dates`) is sent as unix seconds, which is what the engine reads.
  const takesDate = op.dates?.includes(name) ?? false;
  if (value instanceof Date && takesDate) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) refuse(op, name, 'is an invalid Date');
    return String(Math.floor(ms / 1000));
  }
  return refuse(op, name, `must be a string, number or boolean${takesDate ? ' (or a Date)' : ''}, got ${describe(value)}`);
}

/** Bytes or a stream of them, as the transports send them (BinaryBody, a string aside). */
const isBytes = (value: unknown) =>
  value instanceof Uint8Array || typeof (value as AsyncIterable<unknown>)?.[Symbol.asyncIterator] === 'function';
/** What JSON.stringify would turn into `{"type":"Buffer",...}` or `{}`. */
const isBinary = (value: unknown) => isBytes(value) || value instanceof ArrayBuffer;

/** The JSON text of a JSON-encoded parameter, refusing what JSON cannot carry. */
function json(op: OperationDescriptor, name: string, value: unknown): string {
  if (isBinary(value)) refuse(op, name, `takes JSON (an object), not bytes or a stream (${describe(value)})`);
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    refuse(op, name, `cannot be encoded as JSON: ${(error as Error).message}`);
  }
  // JSON.stringify writes lone surrogates as \u escapes, so the text is always well-formed.
  if (text === undefined) refuse(op, name, `cannot be encoded as JSON (${describe(value)})`);
  return text;
}

/** What encoding needs of an operation beyond its descriptor, worked out once per operation, not per call. */
interface Plan {
  /** The path split at its parameters: literal, name, literal, ...; one literal when it has none. */
  pathParts: string[];
  pathNames: string[];
  /** Names a call may pass (path, query, body). */
  known: Set<string>;
  /** Header parameters by their lower-case name, for callers who spell them in another case. */
  headers: Set<string>;
}

const plans = new WeakMap<OperationDescriptor, Plan>();

function planOf(op: OperationDescriptor): Plan {
  let plan = plans.get(op);
  if (plan) return plan;
  const pathParts = op.path.split(/\{([^}]+)\}/);
  const pathNames = pathParts.filter((_, i) => i % 2 === 1);
  const known = new Set([...pathNames, ...(op.query ?? []), ...(op.body ? ['body'] : [])]);
  plan = { pathParts, pathNames, known, headers: new Set((op.headers ?? []).map((name) => name.toLowerCase())) };
  plans.set(op, plan);
  return plan;
}

/** Every parameter name the operation takes, for the unknown-name check and its message. */
export function parameterNames(op: OperationDescriptor): string[] {
  return [...planOf(op).pathNames, ...(op.query ?? []), ...(op.headers ?? []), ...(op.body ? ['body'] : [])];
}

/** Refuses names the operation does not take: a typo (`forse`) would otherwise be dropped and the call sent without it. */
export function checkNames(op: OperationDescriptor, params: Values): void {
  const { known, headers } = planOf(op);
  let unknown: string[] | undefined;
  for (const name in params) {
    // An undefined value sends nothing either way: helpers pass optional values through as they are.
    if (params[name] === undefined || known.has(name) || headers.has(name.toLowerCase())) continue;
    (unknown ??= []).push(name);
  }
  if (!unknown) return;
  const valid = parameterNames(op);
  const names = unknown.map((name) => `"${name}"`).join(', ');
  throw new InvalidParameterError(
    `${op.id}: unknown parameter${unknown.length > 1 ? 's' : ''} ${names}; it takes ${valid.length ? valid.join(', ') : 'no parameters'}`,
    requestOf(op),
  );
}

export function encodeQuery(op: OperationDescriptor, params: Values): string {
  if (!op.query) return '';
  let search: URLSearchParams | undefined;
  for (const name of op.query) {
    const value = params[name];
    if (value === undefined || value === null) continue;
    search ??= new URLSearchParams();
    if (op.json?.includes(name)) {
      // The value itself, encoded here: JSON text from the caller (dockerode's habit) would be encoded twice.
      if (typeof value === 'string') refuse(op, name, 'takes the value itself (an object or array), not its JSON text');
      search.append(name, json(op, name, value));
    } else if (Array.isArray(value)) {
      // Repeated keys (`platform=..&platform=..`), which is how the engine reads lists.
      const each = op.jsonEach?.includes(name);
      for (const item of value) search.append(name, each ? json(op, name, item) : scalar(op, name, item));
    } else search.append(name, scalar(op, name, value));
  }
  const text = search?.toString();
  return text ? `?${text}` : '';
}

export function encodePath(op: OperationDescriptor, params: Values): string {
  const parts = planOf(op).pathParts;
  if (parts.length === 1) return op.path;
  let path = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i];
    const value = params[name];
    if (value === undefined || value === null || value === '') refuse(op, name, 'is missing (a path parameter)');
    path += encodeURIComponent(scalar(op, name, value)) + parts[i + 1];
  }
  return path;
}

/** The header params, under the operation's own spelling; a caller's spelling may differ in case. */
function encodeHeaders(op: OperationDescriptor, params: Values): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!op.headers) return headers;
  for (const header of op.headers ?? []) {
    const lower = header.toLowerCase();
    const key = header in params ? header : Object.keys(params).find((name) => name.toLowerCase() === lower);
    const value = key === undefined ? undefined : params[key];
    if (value === undefined || value === null) continue;
    const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
    if (text === undefined) refuse(op, header, `must be a string, got ${describe(value)}`);
    if (!HEADER_VALUE.test(text)) {
      refuse(op, header, 'holds characters an HTTP header cannot carry (a line break, a control character, or one beyond Latin-1)');
    }
    headers[header] = text;
  }
  return headers;
}

/** Sets a header unless one of the same name, in any case, is already there. */
function setDefault(headers: Record<string, string>, name: string, value: string): void {
  if (!Object.keys(headers).some((key) => key.toLowerCase() === name)) headers[name] = value;
}

export function encodeRequest(op: OperationDescriptor, apiVersion: string | undefined, params: Values = {}): EncodedRequest {
  checkNames(op, params);
  const prefix = apiVersion ? `/v${apiVersion}` : '';
  const headers = encodeHeaders(op, params);
  let body: unknown;
  if (op.body && params.body !== undefined) {
    if (op.body === 'json') {
      body = json(op, 'body', params.body);
      setDefault(headers, 'content-type', 'application/json');
    } else {
      if (typeof params.body !== 'string' && !isBytes(params.body)) {
        refuse(op, 'body', `takes bytes (${op.body}): a string, Buffer, Uint8Array or stream, got ${describe(params.body)}`);
      }
      // A caller's Content-Type (imageBuild's `Content-type` parameter) replaces the default: one header, not two.
      setDefault(headers, 'content-type', op.body);
      body = params.body;
    }
  }
  return { method: op.method, path: `${prefix}${encodePath(op, params)}${encodeQuery(op, params)}`, headers, body };
}
