// HTTP to the engine through node:http with one keep-alive agent: nothing to load beyond Node
// itself, so a short script's first answer comes as fast as Node can give it.
import http from 'node:http';
import { Readable, type Duplex } from 'node:stream';
import type { EncodedRequest } from './encode.js';
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
const STALE_CONNECTION = new Set(['ECONNRESET', 'EPIPE']);

/** A kept-alive socket's bytes read when it was last freed: where the next request's answer starts. */
const readBefore = Symbol('readBefore');
/** When a kept-alive socket was last freed. */
const idleSince = Symbol('idleSince');
type PooledSocket = Duplex & { bytesRead: number; [readBefore]?: number; [idleSince]?: number };

/**
 * Notes where each freed connection's next answer starts, and closes connections left idle for
 * KEEP_ALIVE_MS, with one timer for the agent (set for the longest-idle one) while any is idle. The
 * agent's own `timeout` option would do the closing, but it arms a timer and adds three listeners for
 * every request.
 */
function closingIdle<A extends http.Agent>(agent: A): A {
  let sweep: ReturnType<typeof setTimeout> | undefined;
  const closeIdle = () => {
    sweep = undefined;
    const now = Date.now();
    let next = Number.POSITIVE_INFINITY;
    for (const sockets of Object.values(agent.freeSockets)) {
      for (const socket of (sockets ?? []) as PooledSocket[]) {
        const closing = (socket[idleSince] ?? now) + KEEP_ALIVE_MS;
        if (closing <= now) socket.destroy();
        else next = Math.min(next, closing);
      }
    }
    if (next < Number.POSITIVE_INFINITY) sweep = setTimeout(closeIdle, next - now).unref();
  };
  agent.on('free', (socket: PooledSocket) => {
    socket[readBefore] = socket.bytesRead;
    socket[idleSince] = Date.now();
    // A sweep already set comes first, and sets the next one for this socket.
    if (!sweep) sweep = setTimeout(closeIdle, KEEP_ALIVE_MS).unref();
  });
  return agent;
}

/**
 * Gives up a connection not made within `connectTimeout` ms. Done once per connection, where the
 * agent makes it, rather than per request: most requests go out on a kept-alive one.
 */
function timingConnects<A extends http.Agent>(agent: A, connectTimeout: number): A {
  if (!connectTimeout) return agent;
  const connect = agent.createConnection.bind(agent) as (...args: unknown[]) => Duplex & { connecting?: boolean };
  (agent as { createConnection: unknown }).createConnection = (...args: unknown[]) => {
    const socket = connect(...args);
    if (!socket.connecting) return socket;
    const timer = setTimeout(() => {
      socket.destroy(Object.assign(new Error(`connect timed out after ${connectTimeout} ms`), { code: 'ETIMEDOUT' }));
    }, connectTimeout);
    socket.once('connect', () => clearTimeout(timer));
    socket.once('close', () => clearTimeout(timer));
    return socket;
  };
  return agent;
}

export class HttpWire implements Wire {
  readonly #agent: http.Agent;
  /** Where requests go: a socket path, or a host name and port. */
  readonly #socketPath?: string;
  readonly #hostname?: string;
  readonly #port?: string | number;
  readonly #send: typeof http.request;
  /** Requests sent and not yet answered (their headers). */
  inFlight = 0;

  constructor(dial: Dial, settings: PoolSettings) {
    // LIFO: the connection used last is the one least likely to have been closed meanwhile.
    const pool = { keepAlive: true, maxSockets: settings.connections, scheduling: 'lifo' as const };
    const timed = <A extends http.Agent>(agent: A) => timingConnects(closingIdle(agent), settings.connectTimeout);
    if ('socketPath' in dial) {
      this.#agent = timed(new http.Agent(pool));
      this.#socketPath = dial.socketPath;
      this.#send = http.request;
      return;
    }
    const url = new URL(dial.origin);
    const secure = url.protocol === 'https:';
    // node:https (and with it node:tls) only for a TLS engine.
    const https = secure ? process.getBuiltinModule('node:https') : undefined;
    const { tls } = dial;
    this.#agent = timed(
      https
        ? new https.Agent({ ...pool, ca: tls?.ca, cert: tls?.cert, key: tls?.key, rejectUnauthorized: tls?.verify ?? true })
        : new http.Agent(pool),
    );
    this.#hostname = url.hostname.replace(/^\[|\]$/g, '');
    this.#port = url.port || (secure ? 443 : 80);
    this.#send = https ? https.request : http.request;
  }

  /**
   * One request and its answer's headers; the signal, if any, also ends the body being read. A request
   * that met a kept-alive connection the engine had just closed is sent again, once, if replayable.
   */
  request(request: EncodedRequest, signal?: StopSignal): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      this.inFlight++;
      let waiting = true;
      const answered = () => {
        if (waiting) this.inFlight--;
        waiting = false;
      };
      let req: http.ClientRequest;
      let answer: http.IncomingMessage | undefined;
      const settle = () => {
        answered();
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        // The reason is the call's own error: a body being read ends with it. A request still
        // waiting for a free connection reports its end only once it gets one: reject now.
        req.destroy(signal!.reason);
        answer?.destroy(signal!.reason);
        if (!answer) {
          settle();
          reject(signal!.reason);
        }
      };
      signal?.addEventListener('abort', onAbort);
      const send = (resent: boolean) => {
        req = this.#start(request);
        req.once('response', (res: http.IncomingMessage) => {
          answer = res;
          answered();
          // The listener stays while the body is read: an abort then ends the body.
          if (signal) res.once('close', () => signal.removeEventListener('abort', onAbort));
          resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body: res });
        });
        req.on('error', (error: Error & { bytesAnswered?: number }) => {
          if (answer || signal?.aborted) return;
          const stale = req.reusedSocket && STALE_CONNECTION.has((error as NodeJS.ErrnoException).code ?? '');
          if (stale && !resent && isReplayable(request)) return send(true);
          // A kept-alive socket has read earlier answers: count from where the last one ended.
          const socket = req.socket as PooledSocket | null;
          error.bytesAnswered = socket ? socket.bytesRead - (socket[readBefore] ?? 0) : 0;
          settle();
          reject(error);
        });
        this.#sendBody(req, request.body);
      };
      send(false);
    });
  }

  /**
   * An HTTP upgrade (attach, exec start): on 101 the socket becomes a raw duplex stream; an error
   * status comes back with (the start of) its body; any other success is refused (see upgradeDropped).
   */
  upgrade(request: EncodedRequest, signal?: StopSignal): Promise<UpgradeResult> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const req = this.#start({ ...request, headers: { ...request.headers, connection: 'Upgrade', upgrade: 'tcp' } });
      const onAbort = () => {
        req.destroy(signal!.reason);
        reject(signal!.reason);
      };
      const settle = () => signal?.removeEventListener('abort', onAbort);
      signal?.addEventListener('abort', onAbort, { once: true });
      req.once('upgrade', (res: http.IncomingMessage, socket: Duplex, head: Buffer) => {
        settle();
        // Output the engine sent with the 101 is the stream's start.
        if (head.length) socket.unshift(head);
        resolve({ statusCode: res.statusCode ?? 101, headers: res.headers, socket });
      });
      req.once('response', (res: http.IncomingMessage) => {
        const status = res.statusCode ?? 0;
        if (status < 300) {
          settle();
          res.destroy();
          req.destroy();
          return reject(upgradeDropped(request, status));
        }
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on('data', (chunk: Buffer) => {
          if (kept < MAX_ERROR_BODY) chunks.push(chunk.subarray(0, MAX_ERROR_BODY - kept));
          kept += chunk.length;
        });
        res.once('end', () => {
          settle();
          resolve({ statusCode: status, headers: res.headers, body: Buffer.concat(chunks).toString() });
        });
        res.on('error', (error) => {
          settle();
          reject(error);
        });
      });
      req.on('error', (error) => {
        settle();
        reject(signal?.aborted ? signal.reason : error);
      });
      this.#sendBody(req, request.body);
    });
  }

  #start(request: EncodedRequest): http.ClientRequest {
    const headers = request.headers as http.OutgoingHttpHeaders;
    const { body } = request;
    // A body held in memory goes with its length, as undici sends it; a stream goes chunked.
    if (typeof body === 'string' || body instanceof Uint8Array) headers['content-length'] = Buffer.byteLength(body);
    return this.#send({
      socketPath: this.#socketPath,
      hostname: this.#hostname,
      port: this.#port,
      agent: this.#agent,
      method: request.method,
      path: request.path,
      headers,
    });
  }

  #sendBody(req: http.ClientRequest, body: unknown): void {
    if (body === undefined || typeof body === 'string' || body instanceof Uint8Array) {
      req.end(body as string | Uint8Array | undefined);
      return;
    }
    const source = body instanceof Readable ? body : Readable.from(body as AsyncIterable<unknown>);
    source.on('error', (error) => req.destroy(error));
    source.pipe(req);
  }

  /** Like undici's close: requests in flight finish, idle connections close now, busy ones when free. */
  async close(): Promise<void> {
    (this.#agent as http.Agent & { keepAlive: boolean }).keepAlive = false;
    for (const sockets of Object.values(this.#agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
  }
}
