// Attach over a websocket (`upgrade: websocket`), dialled through the client's own pool, so the
// same unix socket, TCP or TLS connection settings apply. The engine sends the process's output
// raw (never multiplexed) in binary messages, and writes each message it receives to stdin.
import { PassThrough, type Duplex } from 'node:stream';
import type { WebSocket, Dispatcher } from 'undici';
import { loadUndici } from './undici.js';
import { OutputStreams } from './demux.js';
import { apiError, ClosedError, DockerError, InvalidAnswerError, requestLine, StreamInterruptedError, type RequestInfo } from './errors.js';
import type { Endpoint } from './host.js';
import type { Transport } from './transport.js';
import type { EncodedRequest } from './encode.js';
import type { AnswerContext } from './read-answer.js';
import type { AttachedProcess } from './hijack.js';

/**
 * How long `close()` waits for the engine to answer the close frame before cutting the connection:
 * a peer that never answers must not leave `output` pending.
 */
export const CLOSE_WAIT_MS = 2_000;

/**
 * What the stream uses of undici's WebSocket. Its own type, so that the published declarations name
 * no undici type: a consumer's compiler would otherwise load all of undici's declarations, a second
 * copy beside the undici-types of @types/node, nearly half of what type-checking a program costs.
 */
interface MessageSocket {
  readonly readyState: number;
  readonly OPEN: number;
  send(data: string | Uint8Array): void;
  close(): void;
  addEventListener(type: 'close', listener: () => void, options: { once: boolean }): void;
}

/** A process attached over a websocket: output to read, stdin to write, close. */
export class WebSocketStream implements AttachedProcess {
  readonly output: OutputStreams;
  readonly #socket: MessageSocket;
  readonly #connection: Connection;
  readonly #info: RequestInfo;

  constructor(socket: MessageSocket, output: OutputStreams, connection: Connection, info: RequestInfo) {
    this.#socket = socket;
    this.output = output;
    this.#connection = connection;
    this.#info = info;
  }

  /** Sends one message, which the engine writes to the process's stdin; rejects once the websocket is closing or closed. */
  async write(data: string | Uint8Array): Promise<void> {
    // The WebSocket API drops a message sent after close without a word: the caller must know.
    if (this.#connection.closing || this.#socket.readyState !== this.#socket.OPEN) {
      throw new ClosedError(this.#info, 'cannot write: the websocket is closed');
    }
    this.#socket.send(data);
  }

  /** Sends the close frame; `output` ends when the engine answers it, or after CLOSE_WAIT_MS when it does not. */
  close(): void {
    if (this.#connection.closing) return;
    this.#connection.closing = true;
    this.#socket.close();
    const timer = setTimeout(() => this.#connection.socket?.destroy(), CLOSE_WAIT_MS);
    timer.unref();
    this.#socket.addEventListener('close', () => clearTimeout(timer), { once: true });
  }
}

/** The upgraded connection under the websocket, which the WebSocket API hides, and what became of it. */
interface Connection {
  socket?: Duplex;
  /** The engine closed its side (FIN) or the connection broke (RST): the output was cut, not refused. */
  cut?: unknown;
  /** The caller asked to close. */
  closing?: boolean;
}

/**
 * The error a websocket that closed without the closing handshake ends its output with: a cut
 * connection, or (undici gives no reason) an answer that broke the protocol: an unknown opcode,
 * a masked frame, a length beyond what a message can hold.
 */
function unclean(info: RequestInfo, connection: Connection, code: number): DockerError {
  if (connection.cut) return new StreamInterruptedError(info, connection.cut);
  return new InvalidAnswerError(
    `${requestLine(info)}: the websocket broke off without a closing handshake (code ${code}): a frame the protocol does not allow`,
    info,
  );
}

/** `ws://localhost/...` for sockets (the pool ignores the host), `ws(s)://host:port/...` for TCP. */
function socketUrl(endpoint: Endpoint, path: string): string {
  const origin = endpoint.kind === 'tcp' ? endpoint.origin.replace(/^http/, 'ws') : 'ws://localhost';
  return `${origin}${path}`;
}

export async function attachWebSocket(
  transport: Transport,
  endpoint: Endpoint,
  request: EncodedRequest,
  context: AnswerContext,
): Promise<WebSocketStream> {
  const { guard, info } = context;
  // undici's WebSocket, loaded only for the operations that attach this way.
  const [{ WebSocket }, pool] = await Promise.all([loadUndici(), transport.dispatcher()]);
  const refusal: Refusal = { chunks: [], size: 0 };
  const connection: Connection = {};
  const socket = new WebSocket(socketUrl(endpoint, request.path), { dispatcher: recording(pool, refusal, connection) });
  socket.binaryType = 'arraybuffer';
  const body = new PassThrough();
  // Destroyed by its signal or close() while nobody reads it: the reader, if any, gets the error.
  body.on('error', () => undefined);
  socket.addEventListener('message', (event) => {
    body.write(typeof event.data === 'string' ? Buffer.from(event.data) : Buffer.from(event.data as ArrayBuffer));
  });
  await opened(socket, info, refusal, guard.signal);
  socket.addEventListener('close', (event) => {
    // A close the caller asked for ends the output, whether or not the engine answered it.
    if (event.wasClean || connection.closing) body.end();
    else body.destroy(unclean(info, connection, event.code));
  });
  guard.answered();
  guard.stopTimer();
  const attached = new WebSocketStream(socket, new OutputStreams(body, false, info), connection, info);
  const signal = guard.signal;
  if (signal) {
    // The same close as the caller's, bounded by CLOSE_WAIT_MS, after the output has failed with the reason.
    const abort = () => {
      body.destroy(signal.reason);
      attached.close();
    };
    signal.addEventListener('abort', abort, { once: true });
    body.once('close', () => {
      signal.removeEventListener('abort', abort);
      guard.release();
    });
  }
  return attached;
}

/** The answer to a refused handshake: the WebSocket API hides it, the engine's error is in it. */
interface Refusal {
  status?: number;
  chunks: Buffer[];
  size: number;
}

const MAX_REFUSAL_BODY = 64 * 1024;

/** The connection under an accepted upgrade, watched for the engine cutting it. */
function upgraded(connection: Connection, socket: Duplex): void {
  connection.socket = socket;
  socket.once('end', () => {
    connection.cut ??= new Error('the engine closed the connection');
  });
  socket.once('error', (error) => {
    connection.cut ??= error;
  });
}

/** The pool, recording the status and (the start of) the body of the handshake's answer, and the upgraded connection. */
function recording(dispatcher: Dispatcher, refusal: Refusal, connection: Connection): Dispatcher {
  const keep = (chunk: Buffer) => {
    if (refusal.size < MAX_REFUSAL_BODY) refusal.chunks.push(chunk.subarray(0, MAX_REFUSAL_BODY - refusal.size));
    refusal.size += chunk.length;
  };
  // undici calls either the older (onHeaders, onData) or the newer (onResponseStart, onResponseData) hooks.
  const hooks: Record<string, (target: any) => (...args: any[]) => unknown> = {
    onHeaders:
      (target) =>
      (status: number, ...rest: unknown[]) => ((refusal.status = status), target.onHeaders(status, ...rest)),
    onData: (target) => (chunk: Buffer) => (keep(chunk), target.onData(chunk)),
    onResponseStart:
      (target) =>
      (controller: unknown, status: number, ...rest: unknown[]) => (
        (refusal.status = status), target.onResponseStart(controller, status, ...rest)
      ),
    onResponseData: (target) => (controller: unknown, chunk: Buffer) => (keep(chunk), target.onResponseData(controller, chunk)),
    onUpgrade: (target) => (status: number, headers: unknown, socket: Duplex) => {
      upgraded(connection, socket);
      return target.onUpgrade(status, headers, socket);
    },
    onRequestUpgrade: (target) => (controller: unknown, status: number, headers: unknown, socket: Duplex) => {
      upgraded(connection, socket);
      return target.onRequestUpgrade(controller, status, headers, socket);
    },
  };
  return dispatcher.compose(
    (dispatch) => (options, handler) =>
      dispatch(
        options,
        new Proxy(handler, {
          get(target: any, key) {
            if (typeof key === 'string' && hooks[key] && typeof target[key] === 'function') return hooks[key](target);
            const value = target[key];
            return typeof value === 'function' ? value.bind(target) : value;
          },
        }),
      ),
  );
}

/** Resolves when the websocket is open; rejects when it fails first or the signal fires. */
function opened(socket: WebSocket, info: RequestInfo, refusal: Refusal, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      socket.removeEventListener('open', onOpen);
      socket.removeEventListener('error', onError);
      signal?.removeEventListener('abort', onAbort);
    };
    const onOpen = () => (done(), resolve());
    const onError = (event: Event) => {
      done();
      if (refusal.status && refusal.status >= 300) return reject(apiError(refusal.status, Buffer.concat(refusal.chunks).toString(), info));
      const cause = (event as Event & { error?: unknown }).error;
      const reason = (cause as Error)?.message || (refusal.status ? `answered ${refusal.status}` : 'no answer to the handshake');
      reject(new DockerError(`${requestLine(info)}: the websocket could not be opened (${reason})`, info, { cause }));
    };
    const onAbort = () => {
      done();
      socket.close();
      reject(signal!.reason);
    };
    if (signal?.aborted) return onAbort();
    socket.addEventListener('open', onOpen);
    socket.addEventListener('error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
