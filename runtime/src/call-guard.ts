// The owner of one call's lifetime: its signal and timeout, its request body (watched from the moment
// the call is made), and the client's close(), all as the single signal handed to the transport and
// to the stream the call returns; and the error the call raises when anything fails: always a
// DockerError subclass naming the request.
import {
  AbortedError,
  ClosedError,
  ConnectionError,
  DockerError,
  RequestBodyError,
  StreamInterruptedError,
  TimeoutError,
  requestLine,
  type RequestInfo,
} from './errors.js';
import { LinkedList, type Link } from './linked-list.js';

/** Codes that mean no connection to the engine was made at all. */
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'EACCES',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);
/** Codes that mean a connection was made and then broke. */
const BROKEN = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/** Whether a connection was made and then broke. */
export const isBrokenConnection = (error: unknown) => BROKEN.has((error as NodeJS.ErrnoException)?.code ?? '');

/**
 * Why a TLS connection failed where the engine did answer, in the words a user acts on; undefined
 * for other errors. node:http and undici report the same failure with different codes.
 */
export function tlsRefusal(error: unknown): string | undefined {
  const { code = '', message = '' } = (error ?? {}) as NodeJS.ErrnoException;
  if (!code.startsWith('ERR_SSL_') && code !== 'EPROTO') return undefined;
  // The Go client's words: a plain HTTP listener answered the TLS handshake.
  if (/wrong version number/i.test(`${code} ${message}`)) return 'server gave HTTP response to HTTPS client';
  if (/certificate.required/i.test(`${code} ${message}`)) {
    return 'the engine wants a client certificate: give tls.cert and tls.key, or cert.pem and key.pem';
  }
  return message.split('\n')[0] || code;
}

/** The calls waiting on each caller signal, and the one listener they share. */
const waiting = new WeakMap<AbortSignal, { callbacks: LinkedList<() => void>; fire: () => void }>();

/**
 * Runs `callback` when `signal` aborts; returns how to stop waiting. Many calls sharing one signal add
 * one listener between them (so no MaxListenersExceededWarning), and the last to settle removes it.
 */
function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let entry = waiting.get(signal);
  if (!entry) {
    const callbacks = new LinkedList<() => void>();
    const fire = () => {
      waiting.delete(signal);
      for (const waiter of callbacks.values()) waiter();
    };
    entry = { callbacks, fire };
    waiting.set(signal, entry);
    signal.addEventListener('abort', fire, { once: true });
  }
  const { callbacks, fire } = entry;
  const link = callbacks.add(callback);
  return () => {
    callbacks.delete(link);
    if (!callbacks.empty || waiting.get(signal) !== entry) return;
    waiting.delete(signal);
    signal.removeEventListener('abort', fire);
  };
}

export interface GuardContext {
  /** The engine's address, for connection errors. */
  address: string;
  /** Why an ssh connection failed, if one did. */
  sshFailure?: () => string | undefined;
  /** The client's calls not yet released, so that close() can end them. */
  live?: LinkedList<CallGuard>;
}

/** The error a call stopped by its owner raises, for the request it was at. */
type StopReason = (info: RequestInfo) => DockerError;

/**
 * What the transports listen to for a call's end: an AbortSignal has this shape, and so has a CallGuard,
 * which a plain call hands them instead of an AbortSignal (one costs more to make and to listen to
 * than the rest of the call's own work).
 */
export interface StopSignal {
  readonly aborted: boolean;
  /** The error the call raises (any, as AbortSignal's). */
  readonly reason: any;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export class CallGuard implements StopSignal {
  readonly timeout?: number;
  readonly #caller?: AbortSignal;
  /** The caller's own signal: what later calls on the call's behalf (exit code, resize) listen to. */
  get callerSignal(): AbortSignal | undefined {
    return this.#caller;
  }
  readonly #context: GuardContext;
  /** The AbortSignal handed out (to a stream, an inner call), made when first asked for. */
  #controller?: AbortController;
  /** Who waits for the call's end (the transport): one or two, so an array (a Set would hash each). */
  #listeners?: (() => void)[];
  /** The call's place among the client's live calls, until released. */
  #live?: Link<CallGuard>;
  /** The error the call ends with, once stopped. */
  #reason?: DockerError;
  /** The request the call is at (the ping while negotiating), for the errors its signal raises. */
  info: RequestInfo;
  /** The call's own request, whatever it is at: what a failing request body is reported against. */
  #callInfo: RequestInfo;
  /** Stops waiting on the caller's signal. */
  #forward?: () => void;
  #timer?: ReturnType<typeof setTimeout>;
  /** Why the call was stopped before it settled, if it was. */
  #stopped?: StopReason;
  #answered = false;
  #released = false;

  constructor(context: GuardContext, info: RequestInfo, signal?: AbortSignal, timeout?: number) {
    this.#context = context;
    this.info = info;
    this.#callInfo = info;
    this.#caller = signal;
    this.timeout = timeout;
    // One signal for every way the call can be ended: close() needs it on every call, not only on
    // those given a signal or a timeout. The abort reason is the error the call raises: the
    // transports hand it on, also to a stream being read.
    this.#live = context.live?.add(this);
    if (signal) {
      const abort = () => this.#stop((at) => new AbortedError(at, signal.reason));
      if (signal.aborted) abort();
      else this.#forward = onAbort(signal, abort);
    }
    if (timeout) this.#timer = setTimeout(() => this.#stop((at) => new TimeoutError(timeout, at)), timeout);
  }

  #stop(reason: StopReason): void {
    if (this.#stopped || this.#released) return;
    this.#stopped = reason;
    this.#reason = reason(this.info);
    const listeners = this.#listeners;
    this.#listeners = undefined;
    for (const listener of listeners ?? []) listener();
    this.#controller?.abort(this.#reason);
  }

  /** Aborts when the caller's signal does, the timeout passes, the request body fails or the client closes. */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#reason) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /** Whether the call was stopped (StopSignal): its `reason` is then the error it raises. */
  get aborted(): boolean {
    return this.#reason !== undefined;
  }

  get reason(): unknown {
    return this.#reason;
  }

  addEventListener(_type: 'abort', listener: () => void): void {
    if (this.#reason) return;
    (this.#listeners ??= []).push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const at = this.#listeners?.indexOf(listener) ?? -1;
    if (at >= 0) this.#listeners!.splice(at, 1);
  }

  /**
   * Watches the request body from the moment the call is made, not only once it is sent (after
   * negotiation, a credentials lookup, a wait for a connection): a stream that fails meanwhile
   * would otherwise emit 'error' with nobody listening. Its failure ends the call. The listener
   * stays: a body that fails after the call settled is the call's no more.
   */
  watchBody(body: unknown): void {
    if (typeof (body as NodeJS.EventEmitter | undefined)?.on !== 'function') return;
    (body as NodeJS.EventEmitter).on('error', (error: unknown) => {
      // undici destroys the body it was sending with the connection's own error: that is no body failure.
      const code = (error as NodeJS.ErrnoException)?.code ?? '';
      if (code.startsWith('UND_ERR') || BROKEN.has(code)) return;
      this.#stop(() => new RequestBodyError(this.#callInfo, error));
    });
  }

  /** The call's request, encoded: what its errors name from now on. */
  sending(info: RequestInfo): void {
    this.info = info;
    this.#callInfo = info;
  }

  /** The client is closing: the call, or the stream it returned, ends with ClosedError. */
  close(): void {
    this.#stop((at) => new ClosedError(at));
  }

  /** The engine has started answering: failures from here on are interruptions, not connection failures. */
  answered(): void {
    this.#answered = true;
  }

  /** Stops the timer: a stream may run as long as it likes once it has started. The caller's signal still counts. */
  stopTimer(): void {
    clearTimeout(this.#timer);
  }

  /** The call has settled (or its stream has closed): drops the timer and the listener on the caller's signal. */
  release(): void {
    this.#released = true;
    clearTimeout(this.#timer);
    this.#forward?.();
    this.#forward = undefined;
    if (this.#live) this.#context.live?.delete(this.#live);
  }

  /** Releases the guard when a stream closes, however it closes. */
  releaseOn(stream: { once(event: 'close', listener: () => void): unknown }): void {
    stream.once('close', () => this.release());
  }

  /** Waits for a promise shared with other calls (or the call's own step), but gives up when this call's signal fires. */
  race<T>(promise: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const abort = () => reject(this.#reason);
      if (this.#reason) return abort();
      this.addEventListener('abort', abort);
      promise.then(resolve, reject).finally(() => this.removeEventListener('abort', abort));
    });
  }

  /** Whether this call was cut short by its own signal or timeout, its body, or close(). */
  get cancelled(): boolean {
    return Boolean(this.#stopped) || Boolean(this.#caller?.aborted);
  }

  /** The error the call raises for a failure of the request `info`. */
  fail(error: unknown, info: RequestInfo = this.info): DockerError {
    this.release();
    // Whatever a cut-short call met last (an aborted inner call, a reset), the cause is what stopped it.
    if (this.#stopped) return this.#stopped(info);
    if (this.#caller?.aborted) return new AbortedError(info, this.#caller.reason);
    if (error instanceof DockerError) return error;
    const code = (error as NodeJS.ErrnoException)?.code;
    const ssh = this.#context.sshFailure?.();
    if (!this.#answered) {
      if (ssh) return new ConnectionError(this.#context.address, info, error, ssh);
      // A TLS handshake the engine refused (over TLS 1.3 a missing client certificate comes as an alert)
      // or answered in plain HTTP is a connection that was never made, though something answered.
      const refusal = tlsRefusal(error);
      if (refusal) return new ConnectionError(this.#context.address, info, error, refusal, true);
      if (code && NOT_CONNECTED.has(code)) return new ConnectionError(this.#context.address, info, error);
    }
    if (this.#answered || (code && BROKEN.has(code))) return new StreamInterruptedError(info, error);
    return new DockerError(`${requestLine(info)}: ${(error as Error)?.message ?? error}`, info, { cause: error });
  }
}
