// The core every generated DockerClient extends: the call path. It resolves the connection, has
// the version negotiated, sends an operation from its descriptor and hands the answer to the
// reader for its kind; everything an operation does differently comes from its descriptor.
import type { Endpoint } from './host.js';
import { resolveClientConnection } from './config.js';
import { checkMilliseconds, checkSignal } from './options.js';
import { encodeRequest } from './encode.js';
import { Transport, type TransportKind } from './transport.js';
import { bodyText, discardBody, releaseBody } from './http-body.js';
import {
  apiError,
  ClosedError,
  ConnectionError,
  ConnectionSettingsError,
  DockerError,
  InvalidOptionError,
  NotSupportedError,
  UnsupportedOperationError,
  UnsupportedParameterError,
  unsupportedFieldMessage,
  type RequestInfo,
} from './errors.js';
import { tooNewFields } from './field-versions.js';
import { CallGuard, isBrokenConnection } from './call-guard.js';
import { LinkedList } from './linked-list.js';
import { bytesAnswered } from './wire.js';
import { compareVersions, isApiVersion, parseApiVersionHeader, VersionNegotiation } from './negotiate.js';
import { isStreamAnswer, readAnswer, type AnswerContext, type CallByName, type StreamResponse } from './read-answer.js';
import { hijack, type HijackedStream } from './hijack.js';
import { takesCredentials, withRegistryCredentials } from './registry-credentials.js';
import type { RegistryCredentials } from './auth.js';
import type { OperationDescriptor } from './operation.js';

export type { StreamResponse } from './read-answer.js';

export interface ClientOptions {
  /** `unix:///var/run/docker.sock`, `tcp://host:2376`, `https://...`, `ssh://user@host`. Default: as the Docker CLI resolves it (DOCKER_HOST, DOCKER_CONTEXT, the current context). */
  host?: string;
  /** A Docker CLI context by name, like `docker --context`; not together with `host`. */
  context?: string;
  /** TLS material for tcp:// hosts; certificate verification is on unless `verify: false`. */
  tls?: { ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer; verify?: boolean };
  /** A fixed API version (`1.N`): no negotiation. Default: DOCKER_API_VERSION, else negotiated. */
  apiVersion?: string;
  /** Milliseconds to connect (default 10 s; 0: no limit). */
  connectTimeout?: number;
  /** Milliseconds until an answer (the headers, for streams), negotiation included; default (and 0) none. */
  timeout?: number;
  /** Connections open at most (default 64); further calls wait for one. Hijacked connections do not count. */
  maxConnections?: number;
  /** Registry credentials by registry (`localhost:5000`, `https://index.docker.io/v1/`); default: ~/.docker/config.json. */
  credentials?: Record<string, RegistryCredentials>;
  /**
   * A call that sets a parameter or body field newer than the negotiated API version: `'error'` (default)
   * fails with UnsupportedParameterError before sending; `'warn'` sends it (the engine ignores it) and
   * emits a process warning, once per field and operation.
   */
  unsupportedFields?: 'error' | 'warn';
  /**
   * Which HTTP client sends requests: `'auto'` (default) starts on node:http, which loads nothing, and
   * moves to undici, which takes less CPU per request when many run at once, once 8 calls are in flight
   * together; `'http'` or `'undici'` keep to one. Default: the DOCKERAPI_TRANSPORT environment variable, else `'auto'`.
   */
  transport?: TransportKind;
}

export interface CallOptions {
  /** Aborts the call, and a stream it returned, when it fires. */
  signal?: AbortSignal;
  /** Overrides the client's `timeout` for this call (0: none). */
  timeout?: number;
}

export type BinaryResponse = StreamResponse;
export type HijackedResponse = HijackedStream;

type Params = Record<string, any>;

const PING: RequestInfo = { method: 'HEAD', path: '/_ping' };

const ignore = () => undefined;

export class ClientCore {
  readonly endpoint: Endpoint;
  /** The API version this package was generated for (a range package's highest). */
  readonly packageVersion: string;
  /** A range package's lowest API version: an engine below it is refused with EngineOutOfRangeError. */
  readonly minimumApiVersion?: string;
  readonly #operations: Record<string, OperationDescriptor>;
  readonly #transport: Transport;
  readonly #timeout?: number;
  readonly #credentials: Record<string, RegistryCredentials>;
  readonly #negotiation: VersionNegotiation;
  readonly #guardContext: { address: string; sshFailure: () => string | undefined; live: LinkedList<CallGuard> };
  #closed = false;
  #closing?: Promise<void>;
  readonly #warnOnly: boolean;
  /** The fields already warned about (`POST /containers/create platform`), so each warns once. */
  readonly #warned = new Set<string>();
  readonly #callByName: CallByName = (name, params, options) => this.call(this.operation(name), params, options);

  constructor(
    options: ClientOptions = {},
    packageVersion = '',
    operations: Record<string, OperationDescriptor> = {},
    minimumApiVersion?: string,
  ) {
    const { unsupportedFields = 'error' } = options;
    if (unsupportedFields !== 'error' && unsupportedFields !== 'warn') {
      throw new InvalidOptionError('unsupportedFields', `must be 'error' or 'warn', got ${JSON.stringify(unsupportedFields)}`);
    }
    this.#warnOnly = unsupportedFields === 'warn';
    const connection = resolveClientConnection(options);
    this.endpoint = connection.endpoint;
    this.packageVersion = packageVersion;
    this.#operations = operations;
    const fixed = connection.apiVersion;
    this.minimumApiVersion = minimumApiVersion;
    if (fixed && minimumApiVersion && compareVersions(fixed, minimumApiVersion) < 0) {
      throw new ConnectionSettingsError(
        `API version ${fixed} (fixed) is below this package's range: ${minimumApiVersion} - ${packageVersion}`,
      );
    }
    this.#timeout = checkMilliseconds('timeout', options.timeout);
    this.#credentials = options.credentials ?? {};
    this.#transport = new Transport(this.endpoint, {
      tls: connection.tls,
      connectTimeout: options.connectTimeout,
      maxConnections: options.maxConnections,
      transport: options.transport,
    });
    this.#guardContext = { address: this.endpoint.address, sshFailure: () => this.#transport.sshFailure, live: new LinkedList() };
    this.#negotiation = new VersionNegotiation(
      packageVersion,
      (guard) => this.#ping(guard),
      fixed,
      minimumApiVersion ? { minimum: minimumApiVersion, engineMinimum: (guard) => this.#engineMinimum(guard) } : undefined,
    );
  }

  /** A client configured like the Docker CLI: DOCKER_HOST, DOCKER_CONTEXT, contexts, TLS variables. */
  static fromEnv<T extends ClientCore>(this: new (options?: ClientOptions) => T, options: Omit<ClientOptions, 'host' | 'tls'> = {}): T {
    return new this(options);
  }

  /** The engine's highest API version, once negotiated. */
  get engineApiVersion(): string | undefined {
    return this.#negotiation.engine;
  }

  /**
   * The API version requests use: the fixed one, or min(package version, engine version) after
   * one ping (HEAD, falling back to GET for engines that refuse HEAD).
   */
  async apiVersion(options: CallOptions = {}): Promise<string> {
    if (this.#negotiation.known) return this.#negotiation.known;
    if (this.#closed) throw new ClosedError(PING);
    const guard = this.#guard(options, PING);
    try {
      return await this.#negotiation.version(guard);
    } catch (error) {
      throw guard.fail(error, PING);
    } finally {
      guard.release();
    }
  }

  async #ping(guard: CallGuard): Promise<string> {
    const ping = async (method: string) => {
      const response = await this.#transport.request({ method, path: '/_ping', headers: {} }, guard);
      await discardBody(response.body);
      return response;
    };
    let response: Awaited<ReturnType<typeof ping>>;
    try {
      response = await ping('HEAD');
      // Some engines refuse HEAD. Like the Go client, take the header from an error answer too (503 in maintenance).
      if (response.statusCode >= 400) response = await ping('GET');
    } catch (error) {
      // The ping is the first exchange: a connection closed before a byte of its answer is one the engine
      // would not talk on. One cut after some of the answer came is an interrupted answer (the guard's).
      const silent = isBrokenConnection(error) && !bytesAnswered(error);
      throw silent ? new ConnectionError(this.endpoint.address, PING, error, this.#transport.sshFailure) : error;
    }
    return parseApiVersionHeader(response.headers['api-version'], PING);
  }

  /** The engine's lowest API version from GET /version (unversioned, as every engine answers it); undefined if it does not say. */
  async #engineMinimum(guard: CallGuard): Promise<string | undefined> {
    const response = await this.#transport.request({ method: 'GET', path: '/version', headers: {} }, guard);
    const text = await bodyText(response.body);
    if (response.statusCode !== 200) return undefined;
    try {
      const minimum = JSON.parse(text)?.MinAPIVersion;
      return isApiVersion(minimum) ? minimum : undefined;
    } catch {
      return undefined;
    }
  }

  #guard(options: CallOptions, info: RequestInfo): CallGuard {
    const signal = checkSignal(options.signal, info);
    const timeout = options.timeout === undefined ? this.#timeout : checkMilliseconds('timeout', options.timeout, info);
    return new CallGuard(this.#guardContext, info, signal, timeout);
  }

  /** Sends one operation; generated methods are thin wrappers around this. */
  async call(op: OperationDescriptor, params: Params = {}, options: CallOptions = {}): Promise<unknown> {
    const guard = this.#guard(options, { method: op.method, path: op.path });
    // The call owns its body from now on: a stream that fails before it is sent ends the call, and one
    // a refused call never sends is let go.
    guard.watchBody(params.body);
    // Held while the answer is a stream or a hijacked connection: released when that closes.
    let handedOver = false;
    let response: Awaited<ReturnType<Transport['request']>> | undefined;
    try {
      if (op.unsupported) throw new NotSupportedError(op.id, op.unsupported, { method: op.method, path: op.path });
      if (this.#closed) throw new ClosedError({ method: op.method, path: op.path });
      // The hot path awaits nothing it does not need: the version once known, credentials only where taken.
      let version = this.#negotiation.known;
      if (!version) {
        guard.info = PING;
        version = await this.#negotiation.version(guard);
        guard.info = { method: op.method, path: op.path };
      }
      // Only an engine older than the package can lack an operation or a field the package knows.
      if (version !== this.packageVersion) {
        if (op.since && compareVersions(op.since, version) > 0) throw new UnsupportedOperationError(op.id, op.since, version, guard.info);
        if (op.paramSince || op.bodySince) this.#checkFields(op, params, version);
      }
      const sent = takesCredentials(op) ? await guard.race(withRegistryCredentials(op, params, this.#credentials)) : params;
      const request = encodeRequest(op, version, sent);
      const info = { method: request.method, path: request.path };
      guard.sending(info);
      const context: AnswerContext = { op, params, version, info, guard, callByName: this.#callByName };
      if (op.response === 'hijack' && !(op.detach && params.body?.[op.detach])) {
        const attached =
          op.upgrade === 'websocket'
            ? await (await import('./websocket.js')).attachWebSocket(this.#transport, this.endpoint, request, context)
            : await hijack(this.#transport, request, context);
        handedOver = true;
        return attached;
      }
      response = await this.#transport.request(request, guard);
      guard.answered();
      if (response.statusCode >= 300) throw apiError(response.statusCode, await bodyText(response.body), info);
      const answer = await readAnswer(response, context);
      if (isStreamAnswer(op, params)) {
        // The stream may be destroyed (by its signal, close()) while nobody reads it.
        response.body.on('error', ignore);
        // A plain answer must arrive whole within the timeout; a stream may then run as long as it likes.
        guard.stopTimer();
        guard.releaseOn(response.body);
        handedOver = true;
      }
      return answer;
    } catch (error) {
      // A body nobody will read would hold its connection; a request body not sent would hold its file.
      if (response) releaseBody(response.body);
      if (typeof params.body?.destroy === 'function' && !params.body.destroyed) params.body.destroy();
      throw guard.fail(error);
    } finally {
      if (!handedOver) guard.release();
    }
  }

  /** Refuses (or, with `unsupportedFields: 'warn'`, warns once about) the fields the version lacks. */
  #checkFields(op: OperationDescriptor, params: Params, version: string): void {
    const info = { method: op.method, path: op.path };
    for (const { field, since } of tooNewFields(op, params, version)) {
      if (!this.#warnOnly) throw new UnsupportedParameterError(field, since, version, info);
      const key = `${op.method} ${op.path} ${field}`;
      if (this.#warned.has(key)) continue;
      this.#warned.add(key);
      const warning = { type: 'UnsupportedFieldWarning', code: 'DOCKERAPI_UNSUPPORTED_FIELD' };
      process.emitWarning(unsupportedFieldMessage(field, since, version, info), warning);
    }
  }

  /** The operation table entry by method name, for the helpers built on top of the generated methods. */
  protected operation(name: string): OperationDescriptor {
    const op = this.#operations[name];
    if (!op) throw new DockerError(`${name} does not exist in API v${this.packageVersion}`, { method: '', path: '' });
    return op;
  }

  /** Calls an operation by its method name. */
  protected invoke<T = any>(name: string, params?: Params, options?: CallOptions): Promise<T> {
    return this.call(this.operation(name), params, options) as Promise<T>;
  }

  /**
   * Ends everything the client holds, at once: calls in flight or waiting for a connection reject
   * with ClosedError, open streams and hijacked sessions end with it; then the connections close.
   * Later calls reject with ClosedError too.
   */
  close(): Promise<void> {
    if (!this.#closing) {
      this.#closed = true;
      for (const guard of this.#guardContext.live.values()) guard.close();
      this.#closing = this.#transport.close();
    }
    return this.#closing;
  }
}
