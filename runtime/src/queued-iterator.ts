// Item-by-item async iteration over a body read chunk by chunk. Items are taken out of the chunk
// at hand one `next()` at a time, and the body is read only when the chunk holds no more: an async
// generator would cost a promise and an await per item, more than decoding a small frame or JSON
// line, and a queue of a whole chunk's items would keep them all alive until handed out.
import { finished, Readable } from 'node:stream';

/** Turns one chunk of a body into items. */
export interface ChunkDecoder<T> {
  /** Pushes the items of `chunk`; on a failure, pushes the items before it, then throws. */
  decode(chunk: Buffer, out: T[]): void;
  /** At the end of the body: pushes what is left, or throws if the body stopped inside an item. */
  end(out: T[]): void;
}

/** Takes items out of a body's chunks one at a time. */
export interface ItemReader<T> {
  /** The next chunk, once `take()` has handed out every item of the ones before. */
  feed(chunk: Buffer): void;
  /** The next item, or undefined when the chunks fed hold no more; throws at a failure, after the items before it. */
  take(): T | undefined;
  /** At the end of the body: what is left comes out of `take()`; throws if the body stopped inside an item. */
  end(): void;
}

/** What to raise for a failure; undefined ends the iteration quietly (the caller stopped it). */
export type FailureMapper = (error: unknown) => Error | undefined;

export function toBuffer(chunk: Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk);
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** A ChunkDecoder's items, decoded a chunk at a time and handed out one by one. */
class DecodedItems<T> implements ItemReader<T> {
  readonly #decoder: ChunkDecoder<T>;
  #items: T[] = [];
  #at = 0;
  /** A decoding failure, raised once the items before it are handed out. */
  #failure: { error: unknown } | undefined;

  constructor(decoder: ChunkDecoder<T>) {
    this.#decoder = decoder;
  }

  feed(chunk: Buffer): void {
    this.#decode((out) => this.#decoder.decode(chunk, out));
  }

  end(): void {
    this.#decode((out) => this.#decoder.end(out));
  }

  #decode(decode: (out: T[]) => void): void {
    this.#items = [];
    this.#at = 0;
    try {
      decode(this.#items);
    } catch (error) {
      this.#failure = { error };
    }
  }

  take(): T | undefined {
    if (this.#at < this.#items.length) return this.#items[this.#at++];
    if (this.#failure) {
      const { error } = this.#failure;
      this.#failure = undefined;
      throw error;
    }
    return undefined;
  }
}

/** A body's chunks one at a time; undefined at its end. */
export interface ChunkSource {
  next(): Promise<Buffer | undefined>;
  /** Stops reading (a Node stream is destroyed, which closes its connection). */
  release(): Promise<void>;
}

/**
 * A Node stream's chunks as they come, by 'data' events: its async iterator's read() joins the
 * chunks waiting into one new buffer, a copy and an allocation the garbage collector pays for.
 */
class StreamChunks implements ChunkSource {
  readonly #body: Readable;
  readonly #chunks: Buffer[] = [];
  /** Set once the body is over: undefined error at its end. */
  #over: { error?: unknown } | undefined;
  #wake: (() => void) | undefined;
  readonly #onData = (chunk: Buffer | string) => {
    this.#chunks.push(toBuffer(chunk));
    this.#body.pause();
    this.#wake?.();
  };

  constructor(body: Readable) {
    this.#body = body;
    body.on('data', this.#onData);
    // Its readable side only: a hijacked socket's output is over while stdin may still be written.
    finished(body, { writable: false }, (error) => {
      this.#over = { error };
      this.#body.off('data', this.#onData);
      this.#wake?.();
    });
  }

  async next(): Promise<Buffer | undefined> {
    for (;;) {
      const chunk = this.#chunks.shift();
      if (chunk) return chunk;
      if (this.#over) {
        if (this.#over.error) throw this.#over.error;
        return undefined;
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        this.#body.resume();
      });
      this.#wake = undefined;
    }
  }

  async release(): Promise<void> {
    this.#chunks.length = 0;
    this.#over ??= {};
    this.#body.off('data', this.#onData);
    // Its error (undici's for a body cut short) is the release asked for, not the caller's.
    this.#body.on('error', () => undefined);
    this.#body.destroy();
    this.#wake?.();
  }
}

/** Any other async iterable's chunks. */
class IteratedChunks implements ChunkSource {
  readonly #source: AsyncIterator<Uint8Array | string>;

  constructor(body: AsyncIterable<Uint8Array | string>) {
    this.#source = body[Symbol.asyncIterator]();
  }

  async next(): Promise<Buffer | undefined> {
    const step = await this.#source.next();
    return step.done ? undefined : toBuffer(step.value);
  }

  async release(): Promise<void> {
    try {
      await this.#source.return?.();
    } catch {
      // The body is let go either way; its failure is not the caller's.
    }
  }
}

/** The chunks of `body`: a Node stream's as they come, any other async iterable's as it yields them. */
export function chunksOf(body: AsyncIterable<Uint8Array | string>): ChunkSource {
  return body instanceof Readable ? new StreamChunks(body) : new IteratedChunks(body);
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

export class QueuedIterator<T> implements AsyncGenerator<T, undefined> {
  readonly #source: ChunkSource;
  readonly #reader: ItemReader<T>;
  readonly #fail: FailureMapper;
  /** The body is over: what the reader still holds is the rest. */
  #ended = false;
  /** No more items: the body was released, or a failure raised. */
  #stopped = false;
  #reading: Promise<IteratorResult<T, undefined>> | undefined;

  constructor(body: AsyncIterable<Uint8Array | string>, reader: ItemReader<T> | ChunkDecoder<T>, fail: FailureMapper) {
    this.#source = chunksOf(body);
    this.#reader = 'take' in reader ? reader : new DecodedItems(reader);
    this.#fail = fail;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T, undefined>> {
    // A caller that does not wait for one answer before asking again gets the items in order.
    if (this.#reading) return this.#reading.then(() => this.next());
    if (this.#stopped) return Promise.resolve(DONE);
    let item: T | undefined;
    try {
      item = this.#reader.take();
    } catch (error) {
      return this.#watch(this.#failed(error));
    }
    if (item !== undefined) return Promise.resolve({ value: item, done: false });
    if (this.#ended) {
      this.#stopped = true;
      return Promise.resolve(DONE);
    }
    return this.#watch(this.#read());
  }

  #watch(reading: Promise<IteratorResult<T, undefined>>): Promise<IteratorResult<T, undefined>> {
    this.#reading = reading;
    const clear = () => {
      this.#reading = undefined;
    };
    reading.then(clear, clear);
    return reading;
  }

  /** Reads chunks until one holds an item, or the body ends. */
  async #read(): Promise<IteratorResult<T, undefined>> {
    for (;;) {
      let chunk: Buffer | undefined;
      try {
        chunk = await this.#source.next();
      } catch (error) {
        return this.#raise(error);
      }
      if (this.#stopped) return DONE;
      let item: T | undefined;
      try {
        if (chunk) this.#reader.feed(chunk);
        else {
          this.#ended = true;
          this.#reader.end();
        }
        item = this.#reader.take();
      } catch (error) {
        return this.#failed(error);
      }
      if (item !== undefined) return { value: item, done: false };
      if (this.#ended) {
        this.#stopped = true;
        return DONE;
      }
    }
  }

  /** A decoding failure: the body is let go, then the failure raised. */
  async #failed(error: unknown): Promise<IteratorResult<T, undefined>> {
    await this.#release();
    return this.#raise(error);
  }

  #raise(error: unknown): IteratorResult<T, undefined> {
    this.#stopped = true;
    const failure = this.#fail(error);
    if (failure) throw failure;
    return DONE;
  }

  async #release(): Promise<void> {
    const reading = !this.#stopped && !this.#ended;
    this.#stopped = true;
    if (reading) await this.#source.release();
  }

  /** The caller stopped early (`break` in `for await`). */
  async return(): Promise<IteratorResult<T, undefined>> {
    await this.#release();
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
