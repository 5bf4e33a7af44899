export { ClientCore, defineClient, JsonStream } from './client.js';
export type { ClientOptions, CallOptions, StreamResponse, BinaryResponse, HijackedResponse } from './client.js';
export type { OperationDescriptor, ResponseKind } from './operation.js';
export type { BinaryBody, Params } from './params.js';
export { parseHost, DEFAULT_HOST, type Endpoint } from './host.js';
export { encodeRequest, encodeQuery, encodePath } from './encode.js';
export * from './errors.js';
