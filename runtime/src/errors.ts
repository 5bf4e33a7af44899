// Errors carry what a user needs to act: the status, the engine's own message, and the request.

export interface RequestInfo {
  method: string;
  path: string;
}

export class DockerError extends Error {
  readonly method: string;
  readonly path: string;
  constructor(message: string, request: RequestInfo, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.method = request.method;
    this.path = request.path;
  }
}

/** How much of an engine's message goes into an error's `message`: a proxy or a broken engine can answer megabytes. */
export const MESSAGE_LIMIT = 4096;
/** How much of a request's path (its query string included) goes into a message: a filter can be megabytes. */
export const PATH_LIMIT = 1024;

/** `text` cut to `limit` characters, saying how long it was, so that an error message stays readable. */
export function bounded(text: string, limit = MESSAGE_LIMIT): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}... (${text.length} characters in all)`;
}

/** "GET /containers/json?...": the request as messages name it, its path bounded (the error's `path` keeps it whole). */
export const requestLine = (request: RequestInfo) => `${request.method} ${bounded(request.path, PATH_LIMIT)}`;

/** What settings errors name as their request: they are raised before any request exists. */
export const NO_REQUEST: RequestInfo = Object.freeze({ method: '', path: '' });

/** The engine answered with an error status. */
export class DockerApiError extends DockerError {
  readonly statusCode: number;
  /** The engine's `message`, or the raw body when it sent something else; whole, however long. */
  readonly engineMessage: string;
  /** The body exactly as the engine sent it. */
  readonly body: string;
  constructor(statusCode: number, engineMessage: string, request: RequestInfo, body = engineMessage) {
    super(`${requestLine(request)} failed with ${statusCode}: ${bounded(engineMessage)}`, request);
    this.statusCode = statusCode;
    this.engineMessage = engineMessage;
    this.body = body;
  }
}

/** 304: the container was already in the requested state (started, stopped). */
export class NotModifiedError extends DockerApiError {}
export class BadRequestError extends DockerApiError {}
export class UnauthorizedError extends DockerApiError {}
export class ForbiddenError extends DockerApiError {}
export class NotFoundError extends DockerApiError {}
export class ConflictError extends DockerApiError {}
export class ServerError extends DockerApiError {}

const BY_STATUS: Record<number, typeof DockerApiError> = {
  304: NotModifiedError,
  400: BadRequestError,
  401: UnauthorizedError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
};

/** The engine's words for a request whose API version is below its minimum (moby's versionUnsupportedError). */
const TOO_OLD = /client version (1\.\d+) is too old\. Minimum supported API version is (1\.\d+)/;

/**
 * 400: the engine refuses this API version as too old (Engine 25+ refuses below 1.24, 29.0-29.2 below 1.44).
 * Negotiation only ever lowers the version, so the way out is a newer package.
 */
export class ApiVersionRefusedError extends BadRequestError {
  /** The version the request used. */
  readonly requestedVersion: string;
  /** The lowest version the engine accepts. */
  readonly minimumVersion: string;
  constructor(requested: string, minimum: string, engineMessage: string, request: RequestInfo, body?: string) {
    super(400, engineMessage, request, body);
    this.message =
      `${requestLine(request)}: the engine accepts API ${minimum} and newer, not ${requested}:` +
      ` use @dockerapi/v${minimum} or a newer package (engine: ${bounded(engineMessage)})`;
    this.requestedVersion = requested;
    this.minimumVersion = minimum;
  }
}

export function apiError(statusCode: number, body: string, request: RequestInfo): DockerApiError {
  let message = body.trim();
  try {
    const parsed = JSON.parse(body);
    if (typeof parsed?.message === 'string') message = parsed.message;
  } catch {
    // not JSON: keep the text as the engine sent it
  }
  const refused = statusCode === 400 ? TOO_OLD.exec(message) : null;
  if (refused) return new ApiVersionRefusedError(refused[1], refused[2], message, request, body);
  const ErrorClass = BY_STATUS[statusCode] ?? (statusCode >= 500 ? ServerError : DockerApiError);
  return new ErrorClass(statusCode, message || `HTTP ${statusCode}`, request, body);
}

/**
 * A range package (`@dockerapi/v1.44-v1.51`) met an engine it shares no version with: one whose
 * highest API version is below the range (its types promise what the engine lacks), or whose lowest
 * is above it. It refuses before sending any operation.
 */
export class EngineOutOfRangeError extends DockerError {
  /** The engine's highest API version. */
  readonly engineVersion: string;
  /** The engine's lowest API version, when that is what is out of the range. */
  readonly engineMinimumVersion?: string;
  /** The range's lowest and highest versions. */
  readonly minimumVersion: string;
  readonly maximumVersion: string;
  constructor(engine: { version: string; minimum?: string }, minimum: string, maximum: string, request: RequestInfo) {
    const range = `this package's range (${minimum} - ${maximum})`;
    super(
      engine.minimum
        ? `${requestLine(request)}: the engine accepts API ${engine.minimum} and newer, above ${range}:` +
            ` use @dockerapi/v${engine.minimum} or newer, or a range package that reaches ${engine.minimum}`
        : `${requestLine(request)}: the engine speaks API ${engine.version} at most, below ${range}:` +
            ` use @dockerapi/v${engine.version}, or a range package that starts at ${engine.version} or lower`,
      request,
    );
    this.engineVersion = engine.version;
    this.engineMinimumVersion = engine.minimum;
    this.minimumVersion = minimum;
    this.maximumVersion = maximum;
  }
}

/**
 * No working connection to the engine could be made: nothing answered (then the message asks "is it
 * running?"), or something did but would not talk (a TLS engine that wants a client certificate, a
 * plain HTTP one where TLS is configured: `answered`).
 */
export class ConnectionError extends DockerError {
  readonly address: string;
  constructor(
    address: string,
    request: RequestInfo,
    cause: unknown,
    reason = (cause as NodeJS.ErrnoException)?.code ?? (cause as Error)?.message,
    answered = false,
  ) {
    super(`cannot connect to the Docker engine at ${address} (${reason})${answered ? '' : ': is it running?'}`, request, { cause });
    this.address = address;
  }
}

/**
 * The connection broke after the engine had started answering (a cut body, a reset mid-stream).
 * Not a ConnectionError: the engine was reached.
 */
export class StreamInterruptedError extends DockerError {
  constructor(request: RequestInfo, cause: unknown) {
    super(`${requestLine(request)}: the answer was cut off (${(cause as Error)?.message ?? cause})`, request, { cause });
  }
}

/**
 * A connection setting that cannot work (a malformed host or config file, a certificate that is not
 * PEM, TLS for a unix socket, `host` with `context`); raised when the client is made, before any request.
 */
export class ConnectionSettingsError extends DockerError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, NO_REQUEST, options);
  }
}

/**
 * An option of a client or a call is not what it takes (a `timeout` that is not a number of
 * milliseconds, a `signal` that is not an AbortSignal); nothing was sent.
 */
export class InvalidOptionError extends DockerError {
  readonly option: string;
  constructor(option: string, problem: string, request: RequestInfo = NO_REQUEST) {
    super(`${request.method ? `${requestLine(request)}: ` : ''}the ${option} option ${problem}`, request);
    this.option = option;
  }
}

/** The engine's answer is not what the API describes: an empty body where JSON is due, a line that is not JSON, a bad frame. */
export class InvalidAnswerError extends DockerError {}

/** A call's parameters cannot be sent as given (an unknown name, a value the API cannot carry); nothing was sent. */
export class InvalidParameterError extends DockerError {}

/** This client cannot perform the operation at all (see the reason); nothing was sent. */
export class NotSupportedError extends DockerError {
  readonly operation: string;
  constructor(operation: string, reason: string, request: RequestInfo) {
    super(`${operation} is not supported by this client: ${reason}`, request);
    this.operation = operation;
  }
}

/**
 * Registry credentials could not be read (a credential helper failed or answered something other
 * than its JSON). Never carries the helper's output: it may hold the secret.
 */
export class CredentialsError extends DockerError {
  readonly helper: string;
  readonly registry: string;
  constructor(helper: string, registry: string, problem: string, request: RequestInfo) {
    super(`${requestLine(request)}: docker-credential-${helper} ${problem} for ${registry}`, request);
    this.helper = helper;
    this.registry = registry;
  }
}

/** An error the engine reported inside a stream that had already answered 200 (pull, build, push). */
export class StreamError extends DockerError {
  readonly detail: unknown;
  constructor(message: string, detail: unknown, request: RequestInfo) {
    super(`${requestLine(request)}: ${bounded(message)}`, request);
    this.detail = detail;
  }
}

/** The request took longer than the client's or the call's `timeout`. */
export class TimeoutError extends DockerError {
  readonly timeout: number;
  constructor(timeout: number, request: RequestInfo) {
    super(`${requestLine(request)}: no answer within ${timeout} ms`, request);
    this.timeout = timeout;
  }
}

/** The caller's AbortSignal fired. */
export class AbortedError extends DockerError {
  constructor(request: RequestInfo, cause?: unknown) {
    super(`${requestLine(request)}: aborted`, request, { cause });
  }
}

/** The operation is newer than the API version the engine speaks; nothing was sent. */
export class UnsupportedOperationError extends DockerError {
  readonly operation: string;
  readonly requiredVersion: string;
  readonly engineVersion: string;
  constructor(operation: string, requiredVersion: string, engineVersion: string, request: RequestInfo) {
    super(`${operation} needs API v${requiredVersion}, but the engine speaks v${engineVersion}`, request);
    this.operation = operation;
    this.requiredVersion = requiredVersion;
    this.engineVersion = engineVersion;
  }
}

/**
 * The call sets a parameter or body field newer than the API version the engine speaks, which the
 * engine would silently ignore; nothing was sent. `field` is the parameter's name or the body field's
 * dotted path.
 */
export class UnsupportedParameterError extends DockerError {
  readonly field: string;
  readonly requiredVersion: string;
  readonly engineVersion: string;
  constructor(field: string, requiredVersion: string, engineVersion: string, request: RequestInfo) {
    super(unsupportedFieldMessage(field, requiredVersion, engineVersion, request), request);
    this.field = field;
    this.requiredVersion = requiredVersion;
    this.engineVersion = engineVersion;
  }
}

/** "platform (POST /containers/create) needs API v1.41, but the engine speaks v1.40": the error's words, and the warning's. */
export const unsupportedFieldMessage = (field: string, required: string, engine: string, request: RequestInfo) =>
  `${field} (${requestLine(request)}) needs API v${required}, but the engine speaks v${engine}`;

/**
 * The request body the call was given failed (a file stream that cannot be opened, a build folder
 * that does not exist): the engine is not at fault, and nothing, or only part of the body, was sent.
 */
export class RequestBodyError extends DockerError {
  constructor(request: RequestInfo, cause: unknown) {
    super(`${requestLine(request)}: the request body failed (${(cause as Error)?.message ?? cause})`, request, { cause });
  }
}

/**
 * The program ended what this call holds: `close()` of the client (calls in flight, open streams and
 * sessions end with it), or `close()`/`destroy()` of the stream or session before this read or write.
 */
export class ClosedError extends DockerError {
  constructor(request: RequestInfo, what = 'the client was closed') {
    super(`${requestLine(request)}: ${what}`, request);
  }
}
