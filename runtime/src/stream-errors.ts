// One place that turns whatever breaks a stream being read (undici's SocketError, an abort, a bad
// JSON line, a cut frame) into the DockerError the caller can act on.
import { AbortedError, DockerError, InvalidAnswerError, StreamInterruptedError, requestLine, type RequestInfo } from './errors.js';

/** The request a stream answers, and the signal that may abort it (to tell an abort from a cut). */
export interface StreamRequest extends RequestInfo {
  signal?: AbortSignal;
}

/** For streams made without their request (a hijacked socket): the errors still say what broke. */
export const UNKNOWN_STREAM: RequestInfo = { method: '', path: 'output stream' };

const ABORT_CODES = new Set(['UND_ERR_ABORTED', 'ABORT_ERR']);

export function streamError(error: unknown, request: StreamRequest): DockerError {
  if (error instanceof DockerError) return error;
  const info: RequestInfo = { method: request.method, path: request.path };
  if (request.signal?.aborted) return new AbortedError(info, request.signal.reason);
  const { name, code } = (error ?? {}) as { name?: string; code?: string };
  // A signal's reason reaches the body as is: anything that is not an Error came from an abort.
  if (!(error instanceof Error) || name === 'AbortError' || (code && ABORT_CODES.has(code))) return new AbortedError(info, error);
  if (error instanceof SyntaxError) return new InvalidAnswerError(`${requestLine(info)}: ${error.message}`, info, { cause: error });
  return new StreamInterruptedError(info, error);
}

/**
 * Whether a body ended because the program destroyed it without a reason (`body.destroy()`,
 * `session.socket.destroy()`): node reports that as a premature close, undici as RequestAbortedError.
 * A stop the caller asked for ends reading quietly; a signal, a timeout or close() come with their
 * own DockerError as the reason, and a broken connection with its socket error.
 */
export function stoppedByCaller(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'UND_ERR_ABORTED';
}
