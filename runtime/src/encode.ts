// Turns an operation descriptor and a flat params object into the HTTP request to send.
import type { OperationDescriptor } from './operation.js';

export interface EncodedRequest {
  method: string;
  /** Path with the `/v1.NN` prefix and the query string. */
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}

type Values = Record<string, unknown>;

function scalar(value: unknown): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

export function encodeQuery(op: OperationDescriptor, params: Values): string {
  if (!op.query) return '';
  const search = new URLSearchParams();
  for (const name of op.query ?? []) {
    const value = params[name];
    if (value === undefined || value === null) continue;
    if (op.json?.includes(name)) search.append(name, JSON.stringify(value));
    else if (Array.isArray(value)) {
      // Repeated keys (`platform=..&platform=..`), which is how the engine reads lists.
      const encode = op.jsonEach?.includes(name) ? JSON.stringify : scalar;
      for (const item of value) search.append(name, encode(item));
    } else search.append(name, scalar(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function encodePath(op: OperationDescriptor, params: Values): string {
  return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === null || value === '') {
      throw new TypeError(`${op.id}: missing path parameter "${name}"`);
    }
    return encodeURIComponent(String(value));
  });
}

export function encodeRequest(op: OperationDescriptor, apiVersion: string | undefined, params: Values = {}): EncodedRequest {
  const prefix = apiVersion ? `/v${apiVersion}` : '';
  const headers: Record<string, string> = {};
  for (const name of op.headers ?? []) {
    const value = params[name];
    if (value !== undefined && value !== null) headers[name] = String(value);
  }
  let body: unknown;
  if (op.body && params.body !== undefined) {
    if (op.body === 'json') {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(params.body);
    } else {
      headers['content-type'] = op.body;
      body = params.body;
    }
  }
  return { method: op.method, path: `${prefix}${encodePath(op, params)}${encodeQuery(op, params)}`, headers, body };
}
