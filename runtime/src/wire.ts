// What both transports (node:http and undici) share: the answer and upgrade shapes the call path
// reads, where to dial, and the rules for resending a request and refusing a dropped upgrade.
import type { Duplex, Readable } from 'node:stream';
import type { TlsMaterial } from './config.js';
import type { EncodedRequest } from './encode.js';
import { InvalidAnswerError, requestLine } from './errors.js';
import type { StopSignal } from './call-guard.js';

export type { StopSignal } from './call-guard.js';

export interface RawResponse {
  statusCode: number;
  /** Lower-case names. */
  headers: Record<string, string | string[] | undefined>;
  body: Readable;
}

export type UpgradeResult =
  | { statusCode: number; headers: Record<string, string | string[] | undefined>; socket: Duplex }
  | { statusCode: number; headers: Record<string, string | string[] | undefined>; body: string };

/** Where connections go: a socket path (unix, npipe, the ssh bridge) or an origin with its TLS material. */
export type Dial = { socketPath: string } | { origin: string; tls?: TlsMaterial };

export interface PoolSettings {
  /** Milliseconds to establish a connection. */
  connectTimeout: number;
  /** Connections open at most; hijacked ones leave the pool and do not count. */
  connections: number;
}

/** One way of sending requests: node:http or undici. */
export interface Wire {
  request(request: EncodedRequest, signal?: StopSignal): Promise<RawResponse>;
  upgrade(request: EncodedRequest, signal?: StopSignal): Promise<UpgradeResult>;
  close(): Promise<void>;
}

/**
 * Bytes of the answer a failed request had read: undici's socket errors tell it (for the
 * connection's life), node:http's are given it by HttpWire. Undefined when unknown.
 */
export function bytesAnswered(error: unknown): number | undefined {
  const failed = error as { bytesAnswered?: number; socket?: { bytesRead?: number } };
  return failed?.bytesAnswered ?? failed?.socket?.bytesRead;
}

/** Idle kept-alive connections close after this long (the engine never closes them itself). */
export const KEEP_ALIVE_MS = 4_000;
/** How much of a refused upgrade's body is kept for the error: the engine's message is short. */
export const MAX_ERROR_BODY = 64 * 1024;
/** Methods the HTTP spec calls idempotent: sending one twice does what sending it once does. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/**
 * A request that can be sent again as it was: idempotent, with no body or one held in memory. Like
 * Go's client, such a request is resent once when its kept-alive connection turns out closed.
 */
export function isReplayable(request: EncodedRequest): boolean {
  const { body } = request;
  return IDEMPOTENT.has(request.method) && (body === undefined || typeof body === 'string' || body instanceof Uint8Array);
}

/** A success that is not 101: something between dropped the upgrade; it is refused rather than read as a body that may never end. */
export function upgradeDropped(request: EncodedRequest, status: number): InvalidAnswerError {
  const info = { method: request.method, path: request.path };
  const problem = `expected 101 Switching Protocols, got ${status}: a proxy between may have dropped the Upgrade header`;
  return new InvalidAnswerError(`${requestLine(request)}: ${problem}`, info);
}
