// Checks of the options a client or a call is given. From JavaScript a wrong type would otherwise
// fail far from its cause: a `timeout` of 'abc' fires at once, a `signal` that is no AbortSignal
// throws a bare TypeError from deep inside the call.
import { InvalidOptionError, type RequestInfo } from './errors.js';

/** Milliseconds, or undefined; 0 and undefined mean no limit. */
export function checkMilliseconds(name: string, value: unknown, request?: RequestInfo): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    const given = typeof value === 'string' ? JSON.stringify(value) : String(value);
    throw new InvalidOptionError(name, `must be a number of milliseconds, 0 or more (0: no limit), got ${given}`, request);
  }
  return value;
}

/** An AbortSignal, or undefined. */
export function checkSignal(value: unknown, request?: RequestInfo): AbortSignal | undefined {
  if (value === undefined || value === null) return undefined;
  if (!(value instanceof AbortSignal)) {
    throw new InvalidOptionError('signal', `must be an AbortSignal (AbortController's signal), got ${describeValue(value)}`, request);
  }
  return value;
}

/** What a value is, for a message: never the value itself (it may be large or secret). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return value.constructor?.name ? `a ${value.constructor.name}` : 'an object';
  return `a ${typeof value}`;
}
