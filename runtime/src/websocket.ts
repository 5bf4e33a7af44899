// Attach over a websocket (`upgrade: websocket`), dialled through the client's own pool, so the
// same unix socket, TCP or TLS connection settings apply. The engine sends the process's output
// raw (never multiplexed) in binary messages, and writes each message it receives to stdin.
import { PassThrough } from 'node:stream';
import type { WebSocket, Dispatcher } from 'undici';
import { OutputStreams } from './demux.js';
import { apiError, DockerError, requestLine, type RequestInfo } from './errors.js';
import type { Endpoint } from './host.js';
import type { Transport } from './transport.js';
import type { EncodedRequest } from './encode.js';
import type { AnswerContext } from './read-answer.js';
import type { AttachedProcess } from './hijack.js';

/** A process attached over a websocket: output to read, stdin to write, close. */
export class WebSocketStream implements AttachedProcess {
  readonly output: OutputStreams;
  readonly #socket: WebSocket;

  constructor(socket: WebSocket, output: OutputStreams) {
    this.#socket = socket;
    this.output = output;
  }

  /** Sends one message, which the engine writes to the process's stdin. */
  async write(data: string | Uint8Array): Promise<void> {
    this.#socket.send(data);
  }

  close(): void {
    this.#socket.close();
  }
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
  const [{ WebSocket }, pool] = await Promise.all([import('undici'), transport.dispatcher()]);
  const refusal: Refusal = { chunks: [], size: 0 };
  const socket = new WebSocket(socketUrl(endpoint, request.path), { dispatcher: recording(pool, refusal) });
  socket.binaryType = 'arraybuffer';
  const body = new PassThrough();
  socket.addEventListener('message', (event) => {
    body.write(typeof event.data === 'string' ? Buffer.from(event.data) : Buffer.from(event.data as ArrayBuffer));
  });
  socket.addEventListener('close', () => body.end());
  await opened(socket, info, refusal, guard.signal);
  guard.answered();
  guard.stopTimer();
  const signal = guard.signal;
  if (signal) {
    const abort = () => {
      body.destroy(signal.reason);
      socket.close();
    };
    signal.addEventListener('abort', abort, { once: true });
    body.once('close', () => {
      signal.removeEventListener('abort', abort);
      guard.release();
    });
  }
  return new WebSocketStream(socket, new OutputStreams(body, false, info));
}

/** The answer to a refused handshake: the WebSocket API hides it, the engine's error is in it. */
interface Refusal {
  status?: number;
  chunks: Buffer[];
  size: number;
}

const MAX_REFUSAL_BODY = 64 * 1024;

/** The pool, recording the status and (the start of) the body of the handshake's answer. */
function recording(dispatcher: Dispatcher, refusal: Refusal): Dispatcher {
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
