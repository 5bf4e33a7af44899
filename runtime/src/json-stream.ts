// JSON-lines bodies (progress, events, stats) as an async iterable of parsed items.
import type { Readable } from 'node:stream';
import { StreamError, type RequestInfo } from './errors.js';

/** An item reporting a failure inside a stream (`{"errorDetail": {...}, "error": "..."}`). */
function streamFailure(item: unknown): string | undefined {
  if (!item || typeof item !== 'object') return undefined;
  const { error, errorDetail } = item as { error?: unknown; errorDetail?: { message?: unknown } };
  if (typeof errorDetail?.message === 'string') return errorDetail.message;
  return typeof error === 'string' ? error : undefined;
}

export class JsonStream<T> implements AsyncIterable<T> {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Readable;
  readonly #request: RequestInfo;

  constructor(statusCode: number, headers: JsonStream<T>['headers'], body: Readable, request: RequestInfo) {
    this.statusCode = statusCode;
    this.headers = headers;
    this.body = body;
    this.#request = request;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    const decoder = new TextDecoder();
    let buffered = '';
    const parse = (line: string): T | undefined => {
      if (!line.trim()) return undefined;
      const item = JSON.parse(line) as T;
      const failure = streamFailure(item);
      if (failure !== undefined) throw new StreamError(failure, item, this.#request);
      return item;
    };
    for await (const chunk of this.body) {
      buffered += typeof chunk === 'string' ? chunk : decoder.decode(chunk as Uint8Array, { stream: true });
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const item = parse(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        if (item !== undefined) yield item;
      }
    }
    const last = parse(buffered + decoder.decode());
    if (last !== undefined) yield last;
  }

  /** Reads the stream to its end; rejects on an in-stream error. */
  async done(): Promise<T[]> {
    const items: T[] = [];
    for await (const item of this) items.push(item);
    return items;
  }
}
