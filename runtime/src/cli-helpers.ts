// What the Docker CLI does in one command, built on the generated operations: pull and push that
// finish when the engine has finished, build from a folder, and run.
import type { Readable, Writable } from 'node:stream';
import { ClientCore, type CallOptions } from './client.js';
import type { JsonStream } from './json-stream.js';
import type { HijackedStream } from './hijack.js';
import { contextOf, type BuildContextOptions } from './tar.js';
import { pullProgress, type PullProgress } from './progress.js';
import { HelperScope } from './helper-scope.js';

// The helpers' option types take the version's own types as parameters: each generated DockerClient
// declaration extends ClientBase<its ContainerCreateBody, its ImageBuild params>, so a misspelled
// field in `run({ config })` or `build(dir, params)` is a compile error.

/** `Body`: the version's container create body. */
export interface RunOptions<Body = Record<string, unknown>> {
  image: string;
  cmd?: string[];
  /** More of the create body (Env, Tty, HostConfig, Labels, ...). */
  config?: Partial<Body>;
  name?: string;
  /** Where the output goes; by default it is collected and returned. */
  stdout?: Writable;
  stderr?: Writable;
  /** Sent to the process's stdin, which is then closed. */
  stdin?: string | Uint8Array | Readable;
  /** Remove the container afterwards (default true, like `docker run --rm`), also when the run fails or is aborted. */
  remove?: boolean;
  /** Called with the container's id once it is created, before it starts and before any output. */
  onContainer?: (id: string) => void;
  /** Ends the whole run: every call it makes, and the wait for the exit. */
  signal?: AbortSignal;
  /** Milliseconds the whole run may take, every call and the wait for the exit included. */
  timeout?: number;
}

/** How long the removal of a failed or aborted run's container may take: the run's own signal has fired. */
const REMOVE_TIMEOUT_MS = 10_000;

export interface RunResult {
  containerId: string;
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** `CreateBody`: the version's container create body; `BuildParams`: its ImageBuild parameters without the body. */
export class ClientBase<CreateBody = Record<string, unknown>, BuildParams = Record<string, unknown>> extends ClientCore {
  /** Pulls an image; resolves when the image is there, rejects on an error reported in the stream. */
  async pull(
    image: string,
    options: { platform?: string; onProgress?: (progress: PullProgress) => void } & CallOptions = {},
  ): Promise<void> {
    const [fromImage, tag] = splitTag(image);
    await HelperScope.over(options, async (call) => {
      const stream = await this.invoke<JsonStream<any>>('imageCreate', { fromImage, tag, platform: options.platform }, call);
      for await (const progress of pullProgress(stream)) options.onProgress?.(progress);
    });
  }

  /** Pushes an image; resolves when the registry has it, rejects on an error reported in the stream. */
  async push(image: string, options: CallOptions = {}): Promise<void> {
    const [name, tag] = splitTag(image);
    await HelperScope.over(options, async (call) => (await this.invoke<JsonStream<any>>('imagePush', { name, tag }, call)).done());
  }

  /**
   * Builds from a folder (honouring .dockerignore; `files` picks some of it), a tar file's path or a
   * tar stream; resolves with the image id.
   */
  async build(
    context: string | Readable,
    params: Partial<BuildParams> & BuildContextOptions = {},
    options: CallOptions = {},
  ): Promise<string | undefined> {
    const { gzip, files, ...query } = params as Record<string, unknown> & BuildContextOptions;
    const body =
      typeof context === 'string' ? contextOf(context, { gzip, files, dockerfile: query.dockerfile as string | undefined }) : context;
    return HelperScope.over(options, async (call) => {
      let id: string | undefined;
      for await (const item of await this.invoke<JsonStream<any>>('imageBuild', { ...query, body }, call)) {
        if (item.aux?.ID) id = item.aux.ID;
      }
      return id;
    });
  }

  /**
   * `docker run`: create, attach, start, wait and (by default) remove; resolves with the exit code.
   * One signal and timeout cover every call it makes; a run that fails or is aborted still removes
   * its container (unless `remove: false`).
   */
  async run(options: RunOptions<CreateBody>): Promise<RunResult> {
    return HelperScope.over(options, async (call) => {
      const created = await this.invoke<{ Id: string }>('containerCreate', { name: options.name, body: createBody(options) }, call);
      const id = created.Id;
      let failed = true;
      try {
        options.onContainer?.(id);
        const result = await this.#runCreated(id, options, call);
        failed = false;
        return result;
      } finally {
        // After a failure the removal goes on without the run's signal, bounded; its own failure does not hide the run's.
        if (options.remove ?? true) {
          const removal = this.invoke('containerDelete', { id, force: true }, failed ? { timeout: REMOVE_TIMEOUT_MS } : {});
          if (failed) await removal.catch(() => undefined);
          else await removal;
        }
      }
    });
  }

  async #runCreated(id: string, options: RunOptions<CreateBody>, call: CallOptions): Promise<RunResult> {
    const stdin = options.stdin !== undefined;
    const attached = await this.invoke<HijackedStream>('containerAttach', { id, stream: true, stdout: true, stderr: true, stdin }, call);
    try {
      const collected = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
      const reading = (async () => {
        for await (const { stream, data } of attached.output) {
          if (stream === 'stdin') continue;
          const target = options[stream];
          if (target) target.write(data);
          else collected[stream].push(data);
        }
      })();
      // Observed at once: a start that fails leaves it to end with the connection, awaited by nobody.
      reading.catch(() => undefined);
      await this.invoke('containerStart', { id }, call);
      if (stdin) await sendStdin(attached, options.stdin!);
      const [exitCode] = await Promise.all([attached.exitCode(), reading]);
      return {
        containerId: id,
        exitCode,
        stdout: Buffer.concat(collected.stdout).toString(),
        stderr: Buffer.concat(collected.stderr).toString(),
      };
    } finally {
      attached.close();
    }
  }
}

function createBody<Body>(options: RunOptions<Body>): Record<string, unknown> {
  const stdin = options.stdin !== undefined;
  return {
    Image: options.image,
    Cmd: options.cmd,
    AttachStdout: true,
    AttachStderr: true,
    AttachStdin: stdin,
    OpenStdin: stdin,
    StdinOnce: stdin,
    ...options.config,
  };
}

async function sendStdin(attached: HijackedStream, input: string | Uint8Array | Readable): Promise<void> {
  if (typeof input === 'string' || input instanceof Uint8Array) await attached.write(input);
  else for await (const chunk of input) await attached.write(chunk);
  attached.closeStdin();
}

/** `name:tag` apart, minding registry ports (`localhost:5000/app` has no tag). */
function splitTag(image: string): [string, string | undefined] {
  const at = image.lastIndexOf(':');
  if (at < 0 || image.slice(at).includes('/') || image.includes('@')) return [image, undefined];
  return [image.slice(0, at), image.slice(at + 1)];
}
