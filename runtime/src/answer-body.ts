// The body of a binary answer (an export, an archive, a saved image) as the caller gets it: one
// Readable that behaves the same over node:http and undici. Its failures are DockerErrors (kept for
// the first read when nobody listens, rather than killing the program); destroying it is a stop the
// caller asked for (no 'error' event, the connection is let go); reading it after that raises
// ClosedError rather than a transport's own error.
import { Readable } from 'node:stream';
import { ClosedError, type DockerError } from './errors.js';
import { releaseBody } from './http-body.js';
import { streamError, type StreamRequest } from './stream-errors.js';

/** Bodies the program dropped without reading or destroying them: their sources are let go. */
const unread = new FinalizationRegistry<Readable>((source) => {
  if (!source.readableEnded) releaseBody(source);
});

export class AnswerBody extends Readable {
  readonly #source: Readable;
  readonly #request: StreamRequest;
  /** What ended the body while nobody read it. */
  #failure?: DockerError;

  constructor(source: Readable, request: StreamRequest) {
    super();
    this.#source = source;
    this.#request = request;
    // The source's listeners hold the body weakly: a body the program drops unread is collected, and
    // its connection let go with it (see `unread`), with no draining asked of the program.
    const self = new WeakRef(this);
    source.on('data', (chunk: Buffer) => {
      if (!self.deref()?.push(chunk)) source.pause();
    });
    source.once('end', () => self.deref()?.push(null));
    source.on('error', (error) => {
      const body = self.deref();
      if (body) body.#fail(streamError(error, request));
    });
    source.pause();
    unread.register(this, source, source);
  }

  #fail(failure: DockerError): void {
    // Nobody listens (the body is not being read): an 'error' now would kill the program. A later read raises it.
    if (this.listenerCount('error')) return void this.destroy(failure);
    this.#failure = failure;
    this.destroy();
  }

  override _read(): void {
    this.#source.resume();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    unread.unregister(this.#source);
    if (!this.#source.readableEnded) releaseBody(this.#source);
    callback(error);
  }

  /** Reading after the caller destroyed the body: ClosedError, not a premature close. */
  override async *[Symbol.asyncIterator](): AsyncGenerator<any> {
    if (this.#failure) throw this.#failure;
    const stoppedBefore = this.destroyed && !this.readableEnded && !this.errored;
    if (stoppedBefore) throw new ClosedError(this.#request, 'the answer body was destroyed before it was read');
    try {
      yield* super[Symbol.asyncIterator]();
    } catch (error) {
      if ((error as NodeJS.ErrnoException)?.code === 'ERR_STREAM_PREMATURE_CLOSE') {
        throw new ClosedError(this.#request, 'the answer body was destroyed while it was read');
      }
      throw error;
    }
  }
}
