// The data a generated package hands the runtime for each operation.

export type ResponseKind =
  | 'json' | 'empty' | 'text' | 'binary' | 'json-stream' | 'multiplexed-stream' | 'hijack' | 'path-stat';

export interface OperationDescriptor {
  /** The spec's operationId, e.g. "ContainerList". */
  readonly id: string;
  readonly method: string;
  /** Path template, e.g. "/containers/{id}/json". */
  readonly path: string;
  readonly pathParams?: readonly string[];
  readonly query?: readonly string[];
  /** Query parameters sent as one JSON document (`filters`, `buildargs`, `cachefrom`, ...). */
  readonly json?: readonly string[];
  /** Repeated query parameters whose every item is a JSON document (`platforms`). */
  readonly jsonEach?: readonly string[];
  readonly headers?: readonly string[];
  /** "json", or the content type of a binary body (tar archive, image data). */
  readonly body?: string;
  readonly response: ResponseKind;
  /** The first API version that has this operation. */
  readonly since?: string;
}
