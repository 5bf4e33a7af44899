// The contract between the generator and the runtime: the data a generated package hands the
// runtime for each operation. The generator imports these types and every emitted table is
// type-checked against them, so a key renamed on one side fails the build on the other.

export type ResponseKind = 'json' | 'empty' | 'text' | 'binary' | 'json-stream' | 'multiplexed-stream' | 'hijack' | 'path-stat';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

/**
 * Where to learn whether a process has a TTY (its output is then raw, not multiplexed), for
 * engines before 1.42, which do not say so in the Content-Type.
 */
export interface TtySource {
  /** A request body field that says it, when the caller set it (`Tty` of exec start). */
  readonly body?: string;
  /** The method to call with the same `id` otherwise (`containerInspect`). */
  readonly inspect: string;
  /** Dotted path of the TTY flag in that answer (`Config.Tty`). */
  readonly field: string;
}

/** How a hijacked process's exit code is learnt once its output ends. */
export interface ExitCodeSource {
  /** The method to call with the same `id`. */
  readonly operation: string;
  /** Dotted path of the exit code in its answer (`StatusCode`, `ExitCode`). */
  readonly field: string;
  /** Dotted path of a flag that is true while the process still runs: poll until it is false. */
  readonly runningField?: string;
}

/** Which registry's credentials an operation sends in `X-Registry-Auth`. */
export interface RegistryAuthSource {
  /** Dotted path, in the call's params, of the image reference that names the registry. */
  readonly image: string;
  /** A parameter that, when set, means no registry is involved (`fromSrc` of an import). */
  readonly unless?: string;
}

export interface OperationDescriptor {
  /** The spec's operationId, e.g. "ContainerList". */
  readonly id: string;
  readonly method: HttpMethod;
  /** Path template, e.g. "/containers/{id}/json". */
  readonly path: string;
  /** The first API version that has this endpoint (method and path), whatever its operationId then. */
  readonly since?: string;
  /** Query and header parameters newer than the operation: name -> the first API version that has it. */
  readonly paramSince?: Readonly<Record<string, string>>;
  /**
   * Body fields newer than the operation: dotted path (`HostConfig.Annotations`; arrays passed
   * through, a map's values as `*`: `NetworkingConfig.EndpointsConfig.*.MacAddress`) -> first version.
   */
  readonly bodySince?: Readonly<Record<string, string>>;
  readonly query?: readonly string[];
  /** Query parameters sent as one JSON document (`filters`, `buildargs`, `cachefrom`, ...). */
  readonly json?: readonly string[];
  /** Repeated query parameters whose every item is a JSON document (`platforms`). */
  readonly jsonEach?: readonly string[];
  /** Query parameters that are points in time (`since`, `until` of logs and events): a Date is sent as unix seconds. */
  readonly dates?: readonly string[];
  readonly headers?: readonly string[];
  /** "json", or the content type of a binary body (tar archive, image data). */
  readonly body?: string;
  readonly response: ResponseKind;

  // Behaviour the spec cannot express, from specs/operations.json.
  /** Output is multiplexed unless the process has a TTY; where to look on engines before 1.42. */
  readonly tty?: TtySource;
  /** Registry credentials go in `X-Registry-Auth`, for the registry of this image reference. */
  readonly registryAuth?: RegistryAuthSource;
  /** Every configured registry's credentials go in `X-Registry-Config` (builds may pull from any). */
  readonly registryConfig?: true;
  /** How a hijacked connection is upgraded. */
  readonly upgrade?: 'tcp' | 'websocket';
  /** A body field that, when true, makes the call return at once instead of hijacking. */
  readonly detach?: string;
  /** How a hijacked process's exit code is learnt. */
  readonly exitCode?: ExitCodeSource;
  /** The method that resizes a hijacked process's TTY. */
  readonly resize?: string;
  /** A boolean query parameter that, when false, makes a JSON-lines answer one JSON document (`stream` of stats). */
  readonly streamParam?: string;
  /** Why this client cannot perform the operation; calling it fails before sending anything. */
  readonly unsupported?: string;
}
