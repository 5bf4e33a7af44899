// Attach and exec start take over the connection: after `101 UPGRADED` the socket carries the
// process's stdin one way and its (multiplexed, unless TTY) output the other. The operation's
// descriptor says how to learn the TTY setting, the exit code and how to resize.
import type { Duplex } from 'node:stream';
import { OutputStreams } from './demux.js';
import { apiError, ClosedError, DockerError, NotSupportedError, type RequestInfo } from './errors.js';
import { streamError, UNKNOWN_STREAM } from './stream-errors.js';
import type { Transport } from './transport.js';
import type { EncodedRequest } from './encode.js';
import { isMultiplexed, type AnswerContext, type CallByName } from './read-answer.js';
import { readField } from './fields.js';
import type { ExitCodeSource, OperationDescriptor } from './operation.js';

export interface TerminalSize {
  h: number;
  w: number;
}

/** What every attached process offers, over a hijacked connection or a websocket. */
export interface AttachedProcess {
  readonly output: OutputStreams;
  /** Writes to the process's stdin. */
  write(data: string | Uint8Array): Promise<void>;
  /** Closes the connection. */
  close(): void;
}

/** The process-side calls an attached stream makes: by the operation's descriptor, with the call's signal. */
export interface ProcessControl {
  wait: () => Promise<number>;
  resize: (size: TerminalSize) => Promise<void>;
}

/** A process attached over a hijacked connection. */
export class HijackedStream implements AttachedProcess {
  /** The raw duplex: write stdin to it, or use `output` to read. */
  readonly socket: Duplex;
  readonly output: OutputStreams;
  readonly #control: ProcessControl;
  readonly #info: RequestInfo;
  /** Set by close(): the end the program asked for. */
  #closed = false;

  constructor(socket: Duplex, multiplexed: boolean, control: ProcessControl, info: RequestInfo = UNKNOWN_STREAM) {
    this.socket = socket;
    this.output = new OutputStreams(socket, multiplexed, info);
    this.#control = control;
    this.#info = info;
  }

  /** Writes to the process's stdin; after close(), closeStdin() or the connection's end, rejects with a DockerError. */
  write(data: string | Uint8Array): Promise<void> {
    const { socket } = this;
    if (socket.destroyed || socket.writableEnded) return Promise.reject(this.#writeError());
    return new Promise((resolve, reject) => socket.write(data, (error) => (error ? reject(this.#writeError(error)) : resolve())));
  }

  /** Why stdin cannot be written: what ended the connection (its signal, close() of the client, a break), or the program's own close. */
  #writeError(error?: unknown): DockerError {
    const reason = this.socket.errored ?? error;
    if (reason instanceof DockerError) return reason;
    if (this.#closed || (!reason && this.socket.destroyed)) return new ClosedError(this.#info, 'the session was closed');
    if (!reason) return new ClosedError(this.#info, 'stdin was closed');
    return streamError(reason, this.#info);
  }

  /**
   * Closes stdin only (a TCP half-close): the process sees end-of-file and its remaining output
   * still arrives, which is what `docker exec -i` does and what an abrupt close would cut off.
   */
  closeStdin(): void {
    this.socket.end();
  }

  /** Resizes the process's TTY. */
  resize(size: TerminalSize): Promise<void> {
    return this.#control.resize(size);
  }

  /** The exit code, once the process has exited. */
  exitCode(): Promise<number> {
    return this.#control.wait();
  }

  /** Closes the connection; reading the output then ends quietly: the end the program asked for. */
  close(): void {
    this.#closed = true;
    this.output.destroy();
  }
}

/** How often a running process's state is asked for when the exit code comes from polling. */
const POLL_INTERVAL_MS = 50;

/** The exit and resize calls of an attached process, from the operation's descriptor. */
export function processControl(op: OperationDescriptor, id: string, callByName: CallByName, signal?: AbortSignal): ProcessControl {
  return {
    wait: () => {
      if (!op.exitCode) return Promise.reject(new NotSupportedError(op.id, 'it does not say how to learn the exit code', op));
      return waitForExit(op.exitCode, id, callByName, signal);
    },
    resize: async (size) => {
      if (!op.resize) throw new NotSupportedError(op.id, 'it does not say how to resize', op);
      await callByName(op.resize, { id, ...size }, { signal });
    },
  };
}

async function waitForExit(source: ExitCodeSource, id: string, callByName: CallByName, signal?: AbortSignal): Promise<number> {
  for (;;) {
    const answer = await callByName(source.operation, { id }, { signal });
    const code = readField(answer, source.field);
    const running = source.runningField ? readField(answer, source.runningField) : false;
    if (!running && typeof code === 'number') return code;
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

/**
 * Upgrades the request and wraps the socket. The call's timeout covers the upgrade and the TTY
 * lookup; its signal covers the stream's whole life: aborting closes the connection.
 */
export async function hijack(transport: Transport, request: EncodedRequest, context: AnswerContext): Promise<HijackedStream> {
  const { guard, info, op, params, callByName } = context;
  const result = await transport.upgrade(request, guard.signal);
  guard.answered();
  if (!('socket' in result)) throw apiError(result.statusCode, result.body, info);
  const { socket } = result;
  // Destroyed by its signal or close() while nobody reads it: the reader, if any, gets the error.
  socket.on('error', () => undefined);
  try {
    const multiplexed = await isMultiplexed(result.headers['content-type'], context);
    guard.stopTimer();
    const signal = guard.signal;
    if (signal) {
      if (signal.aborted) throw signal.reason;
      // The reason is the call's AbortedError: reading the output rejects with it.
      const abort = () => socket.destroy(signal.reason);
      signal.addEventListener('abort', abort, { once: true });
      socket.once('close', () => {
        signal.removeEventListener('abort', abort);
        guard.release();
      });
    }
    return new HijackedStream(socket, multiplexed, processControl(op, params.id, callByName, guard.callerSignal), info);
  } catch (error) {
    socket.destroy();
    throw error;
  }
}
