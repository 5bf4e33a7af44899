// Item-by-item async iteration over a body read chunk by chunk. Each chunk is decoded at once into
// a queue and items are handed out of it: an async generator would cost a promise and an await
// per item, more than decoding a small frame or JSON line.

/** Turns one chunk of a body into items. */
export interface ChunkDecoder<T> {
  /** Pushes the items of `chunk`; on a failure, pushes the items before it, then throws. */
  decode(chunk: Buffer, out: T[]): void;
  /** At the end of the body: pushes what is left, or throws if the body stopped inside an item. */
  end(out: T[]): void;
}

/** What to raise for a failure; undefined ends the iteration quietly (the caller stopped it). */
export type FailureMapper = (error: unknown) => Error | undefined;

export function toBuffer(chunk: Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk);
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

export class QueuedIterator<T> implements AsyncGenerator<T, undefined> {
  readonly #source: AsyncIterator<Uint8Array | string>;
  readonly #decoder: ChunkDecoder<T>;
  readonly #fail: FailureMapper;
  #queue: T[] = [];
  #at = 0;
  /** A decoding failure, raised once the items before it are handed out. */
  #failure: { error: unknown } | undefined;
  #finished = false;
  #refilling: Promise<IteratorResult<T, undefined>> | undefined;

  constructor(body: AsyncIterable<Uint8Array | string>, decoder: ChunkDecoder<T>, fail: FailureMapper) {
    this.#source = body[Symbol.asyncIterator]();
    this.#decoder = decoder;
    this.#fail = fail;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T, undefined>> {
    if (this.#at < this.#queue.length) return Promise.resolve({ value: this.#queue[this.#at++], done: false });
    // A caller that does not wait for one answer before asking again gets the items in order.
    if (this.#refilling) return this.#refilling.then(() => this.next());
    this.#refilling = this.#refill();
    const clear = () => {
      this.#refilling = undefined;
    };
    this.#refilling.then(clear, clear);
    return this.#refilling;
  }

  async #refill(): Promise<IteratorResult<T, undefined>> {
    this.#queue = [];
    this.#at = 0;
    for (;;) {
      if (this.#failure) {
        const { error } = this.#failure;
        this.#failure = undefined;
        return this.#raise(error);
      }
      if (this.#finished) return DONE;
      let step: IteratorResult<Uint8Array | string>;
      try {
        step = await this.#source.next();
      } catch (error) {
        return this.#raise(error);
      }
      try {
        if (step.done) {
          this.#finished = true;
          this.#decoder.end(this.#queue);
        } else this.#decoder.decode(toBuffer(step.value), this.#queue);
      } catch (error) {
        this.#failure = { error };
        await this.#release();
      }
      if (this.#queue.length) return { value: this.#queue[this.#at++], done: false };
    }
  }

  #raise(error: unknown): IteratorResult<T, undefined> {
    this.#finished = true;
    const failure = this.#fail(error);
    if (failure) throw failure;
    return DONE;
  }

  /** Stops reading the body (for a Node stream: destroys it, which closes its connection). */
  async #release(): Promise<void> {
    this.#finished = true;
    try {
      await this.#source.return?.();
    } catch {
      // The body is let go either way; its failure is not the caller's.
    }
  }

  /** The caller stopped early (`break` in `for await`). */
  async return(): Promise<IteratorResult<T, undefined>> {
    this.#queue = [];
    this.#at = 0;
    this.#failure = undefined;
    if (!this.#finished) await this.#release();
    return DONE;
  }

  /** As a generator would: stops reading, then raises `error`. */
  async throw(error: unknown): Promise<IteratorResult<T, undefined>> {
    await this.return();
    throw error;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }
}
