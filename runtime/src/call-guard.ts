// One call's signal and timeout, as the single signal handed to the transport, and the error the
// call raises when anything fails: always a DockerError subclass naming the request.
import {
  AbortedError,
  ConnectionError,
  DockerError,
  StreamInterruptedError,
  TimeoutError,
  requestLine,
  type RequestInfo,
} from './errors.js';

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
const waiting = new WeakMap<AbortSignal, { callbacks: Set<() => void>; fire: () => void }>();

/**
 * Runs `callback` when `signal` aborts; returns how to stop waiting. Many calls sharing one signal add
 * one listener between them (so no MaxListenersExceededWarning), and the last to settle removes it.
 */
function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let entry = waiting.get(signal);
  if (!entry) {
    const callbacks = new Set<() => void>();
    const fire = () => {
      waiting.delete(signal);
      for (const waiter of callbacks) waiter();
    };
    entry = { callbacks, fire };
    waiting.set(signal, entry);
    signal.addEventListener('abort', fire, { once: true });
  }
  const { callbacks, fire } = entry;
  callbacks.add(callback);
  return () => {
    if (!callbacks.delete(callback) || callbacks.size) return;
    waiting.delete(signal);
    signal.removeEventListener('abort', fire);
  };
}

export interface GuardContext {
  /** The engine's address, for connection errors. */
  address: string;
  /** Why an ssh connection failed, if one did. */
  sshFailure?: () => string | undefined;
}

export class CallGuard {
  /** Aborts when the caller's signal does or the timeout passes; undefined when there is neither. */
  readonly signal?: AbortSignal;
  readonly timeout?: number;
  readonly #caller?: AbortSignal;
  /** The caller's own signal: what later calls on the call's behalf (exit code, resize) listen to. */
  get callerSignal(): AbortSignal | undefined {
    return this.#caller;
  }
  readonly #context: GuardContext;
  /** The request the call is at (the ping while negotiating), for the errors its signal raises. */
  info: RequestInfo;
  /** Stops waiting on the caller's signal. */
  #forward?: () => void;
  #timer?: ReturnType<typeof setTimeout>;
  #timedOut = false;
  #answered = false;

  constructor(context: GuardContext, info: RequestInfo, signal?: AbortSignal, timeout?: number) {
    this.#context = context;
    this.info = info;
    this.#caller = signal;
    this.timeout = timeout;
    // Most calls have neither: no controller, no timer, no listener.
    if (!signal && !timeout) return;
    // The abort reason is the error the call raises: undici hands it on, also to a stream being read.
    const controller = new AbortController();
    this.signal = controller.signal;
    const abort = () => controller.abort(new AbortedError(this.info, signal!.reason));
    if (signal?.aborted) abort();
    else if (signal) this.#forward = onAbort(signal, abort);
    if (timeout) {
      this.#timer = setTimeout(() => {
        this.#timedOut = true;
        controller.abort(new TimeoutError(timeout, this.info));
      }, timeout);
    }
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
    clearTimeout(this.#timer);
    this.#forward?.();
    this.#forward = undefined;
  }

  /** Releases the guard when a stream closes, however it closes. */
  releaseOn(stream: { once(event: 'close', listener: () => void): unknown }): void {
    if (this.#forward || this.#timer) stream.once('close', () => this.release());
  }

  /** Waits for a promise shared with other calls, but gives up when this call's signal fires. */
  race<T>(promise: Promise<T>): Promise<T> {
    const signal = this.signal;
    if (!signal) return promise;
    return new Promise<T>((resolve, reject) => {
      const abort = () => reject(signal.reason);
      if (signal.aborted) return abort();
      signal.addEventListener('abort', abort, { once: true });
      promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
    });
  }

  /** Whether this call was cut short by its own signal or timeout. */
  get cancelled(): boolean {
    return this.#timedOut || Boolean(this.#caller?.aborted);
  }

  /** The error the call raises for a failure of the request `info`. */
  fail(error: unknown, info: RequestInfo = this.info): DockerError {
    this.release();
    // Whatever a cut-short call met last (an aborted inner call, a reset), the cause is its signal or timeout.
    if (this.#timedOut) return new TimeoutError(this.timeout!, info);
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
