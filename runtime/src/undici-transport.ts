// HTTP to the engine through one keep-alive undici pool: the fastest per request, but loading undici's
// pool and compiling its parser costs about 0.05-0.15 s and 10-20 MB, so it is loaded only when wanted.
import type { Duplex } from 'node:stream';
import type * as Undici from 'undici';
import type { Dispatcher, Pool } from 'undici';
import type { UndiciPool } from './undici.js';
import type { EncodedRequest } from './encode.js';
import { releaseBody } from './http-body.js';
import {
  isReplayable,
  KEEP_ALIVE_MS,
  MAX_ERROR_BODY,
  upgradeDropped,
  type Dial,
  type StopSignal,
  type PoolSettings,
  type RawResponse,
  type UpgradeResult,
  type Wire,
} from './wire.js';

/** The errors of a kept-alive connection the peer closed just as a request was sent on it. */
const STALE_CONNECTION = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

function parseRawHeaders(raw: Buffer[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i < raw.length; i += 2) headers[raw[i].toString().toLowerCase()] = raw[i + 1].toString();
  return headers;
}

export class UndiciWire implements Wire {
  readonly pool: Pool;
  /**
   * TLS errors by the local port of their connection. A TLS alert that ends a connection (an engine
   * that wants a client certificate) reaches undici's request as "other side closed": this keeps why.
   */
  readonly #tlsFailures = new Map<number, Error>();

  readonly #request: UndiciPool['request'];

  /** `undici`: what `loadUndiciPool` loaded. */
  constructor(undici: UndiciPool, dial: Dial, settings: PoolSettings) {
    this.#request = undici.request;
    // The long-lived streams Docker serves (events, logs --follow, attach) must not time out
    // between chunks, so the body and header timeouts are off; callers use a signal or `timeout`.
    const common = { headersTimeout: 0, bodyTimeout: 0, keepAliveTimeout: KEEP_ALIVE_MS, connections: settings.connections };
    const timeout = settings.connectTimeout;
    if ('socketPath' in dial) {
      this.pool = new undici.Pool('http://localhost', { ...common, socketPath: dial.socketPath, connect: { timeout } });
    } else {
      const { tls } = dial;
      const material = tls && { ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: tls.verify };
      const connect = tls ? this.#keepingTlsFailures(undici.buildConnector({ timeout, ...material })) : { timeout };
      this.pool = new undici.Pool(dial.origin, { ...common, connect });
    }
  }

  /**
   * One request and its answer's headers. The signal, given to undici, aborts the request and its body;
   * it also rejects at once here, as undici gives up a request still waiting for a free connection only
   * once it has one (an answer that comes after is let go, so its connection returns to the pool).
   * undici's callback form, with one promise of our own, rather than its promise and two more around it.
   */
  request(request: EncodedRequest, signal?: StopSignal): Promise<RawResponse> {
    const options = {
      method: request.method as Dispatcher.HttpMethod,
      path: request.path,
      headers: request.headers,
      body: request.body as Dispatcher.DispatchOptions['body'],
      signal,
    };
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => reject(signal!.reason);
      signal?.addEventListener('abort', onAbort);
      const send = (resent: boolean) =>
        this.#request.call(this.pool, options, (error, answer) => {
          if (error && !resent && isReplayable(request) && !signal?.aborted && wasReused(error)) return send(true);
          signal?.removeEventListener('abort', onAbort);
          if (error) reject(signal?.aborted ? signal.reason : (this.#tlsFailure(error) ?? error));
          else if (signal?.aborted) releaseBody(answer.body);
          else resolve(answer);
        });
      send(false);
    });
  }

  /** A connector that notes each connection's TLS error, for #tlsFailure. */
  #keepingTlsFailures(connector: Undici.buildConnector.connector): Undici.buildConnector.connector {
    return (options, callback) =>
      connector(options, (error, socket) => {
        if (socket) {
          const port = socket.localPort;
          socket.on('error', (failure: NodeJS.ErrnoException) => {
            if (port && failure.code?.startsWith('ERR_SSL_')) this.#tlsFailures.set(port, failure);
          });
          // After the request that failed has been told (in the same turn as the close).
          socket.once('close', () => setImmediate(() => port && this.#tlsFailures.delete(port)));
        }
        // undici's callback type takes (null, socket) or (error, null), which is what the connector gives.
        (callback as (error: Error | null, socket: unknown) => void)(error, socket);
      });
  }

  /** The TLS error behind undici's "other side closed", if its connection had one. */
  #tlsFailure(error: unknown): Error | undefined {
    if ((error as NodeJS.ErrnoException)?.code !== 'UND_ERR_SOCKET') return undefined;
    const port = (error as { socket?: { localPort?: number } }).socket?.localPort;
    const failure = port ? this.#tlsFailures.get(port) : undefined;
    return failure && Object.assign(failure, { cause: error });
  }

  upgrade(request: EncodedRequest, signal?: StopSignal): Promise<UpgradeResult> {
    return new Promise((resolve, reject) => {
      let statusCode = 0;
      let headers: Record<string, string> = {};
      let kept = 0;
      const chunks: Buffer[] = [];
      let abortRequest: ((reason?: unknown) => void) | undefined;
      // At once, also while the request waits for a free connection: it is aborted once it has one.
      const onAbort = () => {
        abortRequest?.(signal!.reason);
        reject(signal!.reason);
      };
      const settle = () => signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) return reject(signal.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      const handler = {
        onConnect(abort: (reason?: unknown) => void) {
          abortRequest = abort;
          if (signal?.aborted) abort(signal.reason);
        },
        onHeaders(status: number, raw: Buffer[]) {
          statusCode = status;
          headers = parseRawHeaders(raw);
          if (status < 300) {
            abortRequest!(upgradeDropped(request, status));
            return false;
          }
          return true;
        },
        onData(chunk: Buffer) {
          if (kept < MAX_ERROR_BODY) chunks.push(chunk.subarray(0, MAX_ERROR_BODY - kept));
          kept += chunk.length;
          return true;
        },
        onComplete() {
          settle();
          resolve({ statusCode, headers, body: Buffer.concat(chunks).toString() });
        },
        onUpgrade(status: number, raw: Buffer[], socket: Duplex) {
          settle();
          if (signal?.aborted) return socket.destroy();
          resolve({ statusCode: status, headers: parseRawHeaders(raw), socket });
        },
        onError(error: Error) {
          settle();
          reject(error);
        },
      };
      this.pool.dispatch(
        {
          method: request.method as Dispatcher.HttpMethod,
          path: request.path,
          headers: request.headers,
          body: request.body as string | undefined,
          upgrade: 'tcp',
        },
        handler as unknown as Dispatcher.DispatchHandler,
      );
    });
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** Whether a request failed because the connection it was sent on had been closed by the peer. */
function wasReused(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (!code || !STALE_CONNECTION.has(code)) return false;
  // undici's socket errors tell how much the connection had read: a fresh one has read nothing.
  const bytesRead = (error as { socket?: { bytesRead?: number } }).socket?.bytesRead;
  return bytesRead === undefined || bytesRead > 0;
}
