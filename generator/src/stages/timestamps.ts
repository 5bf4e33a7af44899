// Query parameters that are points in time take a `Date` as well as the spec's string or integer: the
// operation table lists them (`dates`, operations.ts) and the runtime sends a Date there as unix
// seconds (runtime/src/encode.ts), so the types say so. The spec cannot,
// so the parameter's schema carries a mark that the types stage turns into `string | Date`. A point in
// time is a `since` or `until` the spec calls a timestamp; ContainerList's `since` before 1.25 names a
// container instead, and stays a string.
import type { OpenApi } from '../document/spec.js';
import { operationsOf } from '../document/walk.js';

/** The mark on a parameter's schema: the types stage adds `| Date`. */
export const TAKES_DATE = 'x-dockerapi-takes-date';

const TIME_NAMES = new Set(['since', 'until']);

/** Whether a query parameter is a point in time, read from its name and description. */
export const isTimestamp = (parameter: Record<string, any>): boolean =>
  parameter.in === 'query' && TIME_NAMES.has(parameter.name) && /timestamp/i.test(parameter.description ?? '');

/** Marks the timestamp parameters' schemas in place: give it a copy (the field docs stage makes one). */
export function markTimestamps(doc: OpenApi): OpenApi {
  for (const { parameters } of operationsOf(doc)) {
    for (const parameter of parameters) if (isTimestamp(parameter) && parameter.schema) parameter.schema[TAKES_DATE] = true;
  }
  return doc;
}
