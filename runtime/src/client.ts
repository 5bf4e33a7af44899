// The core every generated DockerClient extends: it sends an operation from its descriptor and
// reads the answer according to the operation's response kind.
import type { Readable } from 'node:stream';
import { parseHost, DEFAULT_HOST, type Endpoint } from './host.js';
import { encodeRequest } from './encode.js';
import { Transport, type RawResponse } from './transport.js';
import { apiError, ConnectionError, DockerError, type RequestInfo } from './errors.js';
import { JsonStream } from './json-stream.js';
import type { OperationDescriptor } from './operation.js';

export interface ClientOptions {
  /** Engine address: `unix:///var/run/docker.sock`, `tcp://host:2375`, `http(s)://host:port`. Default: `DOCKER_HOST`, then the local socket. */
  host?: string;
  /** API version for the path prefix; default: the package's version. */
  apiVersion?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
}

/** A response whose body the caller reads: tar archives, exported images, log and attach streams. */
export interface StreamResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable;
}
export type BinaryResponse = StreamResponse;
export type HijackedResponse = StreamResponse;
export { JsonStream };

type Params = Record<string, unknown> | undefined;

export class ClientCore {
  readonly endpoint: Endpoint;
  readonly apiVersion: string;
  readonly #transport: Transport;

  constructor(options: ClientOptions = {}, packageVersion?: string) {
    this.endpoint = parseHost(options.host ?? process.env.DOCKER_HOST ?? DEFAULT_HOST);
    const apiVersion = options.apiVersion ?? packageVersion;
    if (!apiVersion) throw new TypeError('an API version is required');
    this.apiVersion = apiVersion;
    this.#transport = new Transport(this.endpoint);
  }

  /** Sends one operation; generated methods are thin wrappers around this. */
  async call(op: OperationDescriptor, params?: Params, options: CallOptions = {}): Promise<unknown> {
    const request = encodeRequest(op, this.apiVersion, params ?? {});
    const info: RequestInfo = { method: request.method, path: request.path };
    let response: RawResponse;
    try {
      response = await this.#transport.request(request, options.signal);
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ECONNREFUSED' || code === 'ENOENT' || code === 'EACCES' || code === 'UND_ERR_SOCKET') {
        throw new ConnectionError(this.endpoint.address, info, error);
      }
      throw new DockerError(`${info.method} ${info.path}: ${(error as Error).message}`, info, { cause: error });
    }
    if (response.statusCode >= 300) throw apiError(response.statusCode, await response.body.text(), info);
    return readResponse(op, response, info);
  }

  /** Closes the connection pool; pending requests finish first. */
  close(): Promise<void> {
    return this.#transport.close();
  }
}

async function readResponse(op: OperationDescriptor, response: RawResponse, info: RequestInfo): Promise<unknown> {
  const { statusCode, headers, body } = response;
  switch (op.response) {
    case 'json': {
      const text = await body.text();
      return text ? JSON.parse(text) : undefined;
    }
    case 'text':
      return body.text();
    case 'empty':
      await body.dump();
      return undefined;
    case 'json-stream':
      return new JsonStream(statusCode, headers, body, info);
    default:
      return { statusCode, headers, body } satisfies StreamResponse;
  }
}

/** Builds a version's DockerClient class: one method per entry of its operation table. */
export function defineClient(apiVersion: string, operations: Record<string, OperationDescriptor>) {
  class DockerClient extends ClientCore {
    static readonly apiVersion = apiVersion;
    constructor(options?: ClientOptions) {
      super(options, apiVersion);
    }
  }
  for (const [name, op] of Object.entries(operations)) {
    Object.defineProperty(DockerClient.prototype, name, {
      value: function (this: ClientCore, params?: Params, options?: CallOptions) {
        return this.call(op, params, options);
      },
      writable: true,
      configurable: true,
    });
  }
  return DockerClient;
}
