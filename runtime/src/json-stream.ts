// JSON-lines bodies (progress, events, stats) as an async iterable of parsed items.
import type { Readable } from 'node:stream';
import { bounded, InvalidAnswerError, StreamError, type RequestInfo } from './errors.js';
import { type ChunkDecoder, QueuedIterator } from './queued-iterator.js';
import { stoppedByCaller, streamError, type StreamRequest } from './stream-errors.js';

/** An item reporting a failure inside a stream (`{"errorDetail": {...}, "error": "..."}`). */
function streamFailure(item: unknown): string | undefined {
  if (!item || typeof item !== 'object') return undefined;
  const { error, errorDetail } = item as { error?: unknown; errorDetail?: { message?: unknown } };
  if (typeof errorDetail?.message === 'string') return errorDetail.message;
  return typeof error === 'string' ? error : undefined;
}

const NEWLINE = 0x0a;

/**
 * Items out of successive chunks. The complete lines of a chunk are decoded in one piece, up to
 * its last newline byte (safe in UTF-8: no multi-byte character contains it); the bytes after
 * it wait as Buffers until a newline comes, so a long line costs its length, not its length
 * times its chunks, and every line is decoded once.
 */
class JsonLinesDecoder<T> implements ChunkDecoder<T> {
  readonly #info: RequestInfo;
  #carry: Buffer[] = [];
  #number = 0;

  constructor(request: RequestInfo) {
    this.#info = { method: request.method, path: request.path };
  }

  decode(chunk: Buffer, out: T[]): void {
    const last = chunk.lastIndexOf(NEWLINE);
    if (last < 0) {
      if (chunk.length) this.#carry.push(chunk);
      return;
    }
    const text = this.#carry.length ? Buffer.concat([...this.#carry, chunk.subarray(0, last)]).toString() : chunk.toString('utf8', 0, last);
    this.#carry = last + 1 < chunk.length ? [chunk.subarray(last + 1)] : [];
    let start = 0;
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
      this.#item(text.slice(start, newline), out);
      start = newline + 1;
    }
    this.#item(start ? text.slice(start) : text, out);
  }

  end(out: T[]): void {
    if (this.#carry.length) this.#item(Buffer.concat(this.#carry).toString(), out);
    this.#carry = [];
  }

  #item(line: string, out: T[]): void {
    const number = ++this.#number;
    let item: T;
    try {
      item = JSON.parse(line) as T;
    } catch (error) {
      // Blank lines (and the \r of CRLF ones) are no items; JSON.parse turns them down only here.
      if (!line.trim()) return;
      const { method, path } = this.#info;
      const why = `line ${number} of the answer is not JSON (${(error as Error).message}): ${bounded(line, 200)}`;
      throw new InvalidAnswerError(`${method} ${path}: ${why}`, this.#info, { cause: error });
    }
    const failure = streamFailure(item);
    if (failure !== undefined) throw new StreamError(failure, item, this.#info);
    out.push(item);
  }
}

export class JsonStream<T> implements AsyncIterable<T> {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Readable;
  readonly #request: StreamRequest;

  constructor(statusCode: number, headers: JsonStream<T>['headers'], body: Readable, request: StreamRequest) {
    this.statusCode = statusCode;
    this.headers = headers;
    this.body = body;
    this.#request = request;
  }

  [Symbol.asyncIterator](): AsyncGenerator<T, undefined> {
    return new QueuedIterator<T>(this.body, new JsonLinesDecoder<T>(this.#request), (error) =>
      stoppedByCaller(error) ? undefined : streamError(error, this.#request),
    );
  }

  /** Reads the stream to its end; rejects on an in-stream error. */
  async done(): Promise<T[]> {
    const items: T[] = [];
    for await (const item of this) items.push(item);
    return items;
  }
}
