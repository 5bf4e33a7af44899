// Consumers compile these declarations without `types: ["node"]` (TypeScript 7 loads no @types by default).
/// <reference types="node" preserve="true" />
export { ClientCore } from './client.js';
export type { ClientOptions, CallOptions, StreamResponse, BinaryResponse, HijackedResponse } from './client.js';
export { ClientBase, type RunOptions, type RunResult } from './cli-helpers.js';
export { defineClient } from './define-client.js';
export { JsonStream } from './json-stream.js';
export { OutputStreams, demultiplex, type OutputChunk, type OutputStream, type SplitOutput } from './demux.js';
export { streamError, type StreamRequest } from './stream-errors.js';
export { HijackedStream, type AttachedProcess, type TerminalSize } from './hijack.js';
export { WebSocketStream } from './websocket.js';
export { DEFAULT_MAX_CONNECTIONS, type TransportKind } from './transport.js';
export { buildContext, decodePathStat, type BuildContextOptions, type PathStat } from './tar.js';
export { encodeAuth, registryOf, configCredentials, DOCKER_HUB, type RegistryCredentials } from './auth.js';
export { pullProgress, type PullProgress, type LayerProgress } from './progress.js';
export {
  resolveConnection,
  resolveClientConnection,
  readContext,
  type ClientConnection,
  type ConnectionConfig,
  type ConnectionOptions,
  type TlsMaterial,
} from './config.js';
export type { ExitCodeSource, HttpMethod, OperationDescriptor, RegistryAuthSource, ResponseKind, TtySource } from './operation.js';
export type { BinaryBody, HeaderParams, Params, PathParams, QueryParams } from './params.js';
export { parseHost, normalizeHost, sshCommand, DEFAULT_HOST, type Endpoint } from './host.js';
export { encodeRequest, encodeQuery, encodePath } from './encode.js';
export * from './errors.js';
