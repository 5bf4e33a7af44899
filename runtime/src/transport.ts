// HTTP to the engine through one keep-alive undici pool per client: unix sockets, TCP, TLS, ssh.
import type { Duplex } from 'node:stream';
import { Pool, type Dispatcher } from 'undici';
import type { Endpoint } from './host.js';
import type { TlsMaterial } from './config.js';
import type { EncodedRequest } from './encode.js';
import { SshBridge } from './ssh.js';

export type RawResponse = Dispatcher.ResponseData;

export type UpgradeResult =
  | { statusCode: number; headers: Record<string, string>; socket: Duplex }
  | { statusCode: number; headers: Record<string, string>; body: string };

function parseRawHeaders(raw: Buffer[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i < raw.length; i += 2) headers[raw[i].toString().toLowerCase()] = raw[i + 1].toString();
  return headers;
}

export interface TransportOptions {
  tls?: TlsMaterial;
  /** Milliseconds to establish a connection (default 10 s). */
  connectTimeout?: number;
}

export class Transport {
  readonly #pool: Pool;
  readonly #ssh?: SshBridge;

  constructor(endpoint: Endpoint, options: TransportOptions = {}) {
    const timeout = options.connectTimeout ?? 10_000;
    const tls = options.tls && { ca: options.tls.ca, cert: options.tls.cert, key: options.tls.key, rejectUnauthorized: options.tls.verify };
    // The long-lived streams Docker serves (events, logs --follow, attach) must not time out
    // between chunks, so the body and header timeouts are off; callers use a signal or `timeout`.
    const common = { headersTimeout: 0, bodyTimeout: 0, keepAliveTimeout: 4_000 };
    switch (endpoint.kind) {
      case 'unix':
      case 'npipe':
        this.#pool = new Pool('http://localhost', { ...common, socketPath: endpoint.socketPath, connect: { timeout } });
        break;
      case 'tcp':
        this.#pool = new Pool(endpoint.origin, { ...common, connect: { timeout, ...tls } });
        break;
      case 'ssh':
        this.#ssh = new SshBridge(endpoint);
        this.#pool = new Pool('http://localhost', { ...common, socketPath: this.#ssh.socketPath, connect: { timeout } });
        break;
    }
  }

  /** Why an ssh connection failed, if one did: ssh's own words. */
  get sshFailure(): string | undefined {
    return this.#ssh?.lastFailure;
  }

  async request(request: EncodedRequest, signal?: AbortSignal): Promise<RawResponse> {
    await this.#ssh?.listen();
    return this.#pool.request({
      method: request.method as Dispatcher.HttpMethod,
      path: request.path,
      headers: request.headers,
      body: request.body as Dispatcher.DispatchOptions['body'],
      signal,
    });
  }

  /**
   * An HTTP upgrade (attach, exec start): on 101 the socket becomes a raw duplex stream; any
   * other answer comes back with its body, so the caller can raise the engine's error.
   */
  async upgrade(request: EncodedRequest, signal?: AbortSignal): Promise<UpgradeResult> {
    await this.#ssh?.listen();
    return new Promise((resolve, reject) => {
      let statusCode = 0;
      let headers: Record<string, string> = {};
      const chunks: Buffer[] = [];
      const handler = {
        onConnect(abort: (reason?: unknown) => void) {
          if (signal?.aborted) abort(signal.reason);
          else signal?.addEventListener('abort', () => abort(signal.reason), { once: true });
        },
        onHeaders(status: number, raw: Buffer[]) {
          statusCode = status;
          headers = parseRawHeaders(raw);
          return true;
        },
        onData(chunk: Buffer) {
          chunks.push(chunk);
          return true;
        },
        onComplete() {
          resolve({ statusCode, headers, body: Buffer.concat(chunks).toString() });
        },
        onUpgrade(status: number, raw: Buffer[], socket: Duplex) {
          resolve({ statusCode: status, headers: parseRawHeaders(raw), socket });
        },
        onError: reject,
      };
      this.#pool.dispatch(
        { method: request.method as Dispatcher.HttpMethod, path: request.path, headers: request.headers, body: request.body as string | undefined, upgrade: 'tcp' },
        handler as unknown as Dispatcher.DispatchHandler,
      );
    });
  }

  async close(): Promise<void> {
    await this.#pool.close();
    this.#ssh?.close();
  }
}
