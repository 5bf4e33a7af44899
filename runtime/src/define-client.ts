// The client factory: a version's DockerClient class, with one method per entry of its operation
// table. Generated packages hold only the table; every method's behaviour is the runtime's.
import { ClientBase } from './cli-helpers.js';
import type { CallOptions, ClientCore, ClientOptions } from './client.js';
import type { OperationDescriptor } from './operation.js';

/**
 * Builds a version's DockerClient class: one method per entry of its operation table. A range
 * package passes its lowest version too (`apiVersion` is its highest).
 */
export function defineClient(
  apiVersion: string,
  operations: Record<string, OperationDescriptor>,
  minimumApiVersion?: string,
): typeof ClientBase {
  class DockerClient extends ClientBase {
    static readonly apiVersion = apiVersion;
    static readonly minimumApiVersion = minimumApiVersion;
    constructor(options?: ClientOptions) {
      super(options, apiVersion, operations, minimumApiVersion);
    }
  }
  for (const [name, op] of Object.entries(operations)) {
    Object.defineProperty(DockerClient.prototype, name, {
      value: function (this: ClientCore, params?: Record<string, unknown>, options?: CallOptions) {
        return this.call(op, params, options);
      },
      writable: true,
      configurable: true,
    });
  }
  return DockerClient;
}
