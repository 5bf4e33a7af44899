// HTTP to the engine over a unix socket or TCP, through one keep-alive undici pool per client.
import { Pool, type Dispatcher } from 'undici';
import type { Endpoint } from './host.js';
import type { EncodedRequest } from './encode.js';

export type RawResponse = Dispatcher.ResponseData;

export class Transport {
  readonly #pool: Pool;

  constructor(endpoint: Endpoint) {
    this.#pool = endpoint.kind === 'unix'
      ? new Pool('http://localhost', { socketPath: endpoint.socketPath })
      : new Pool(endpoint.origin);
  }

  request(request: EncodedRequest, signal?: AbortSignal): Promise<RawResponse> {
    return this.#pool.request({
      method: request.method as Dispatcher.HttpMethod,
      path: request.path,
      headers: request.headers,
      body: request.body as Dispatcher.DispatchOptions['body'],
      signal,
    });
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}
