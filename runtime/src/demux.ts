// stdout/stderr of logs and attach. Without a TTY the engine multiplexes both into frames:
// [stream, 0, 0, 0, size (4 bytes, big-endian)] then `size` bytes. With a TTY it sends raw bytes.
import { finished, PassThrough, type Readable } from 'node:stream';
import { DockerError, InvalidAnswerError, StreamError, StreamInterruptedError, type RequestInfo } from './errors.js';
import { type ChunkDecoder, QueuedIterator, toBuffer } from './queued-iterator.js';
import { releaseBody } from './http-body.js';
import { stoppedByCaller, streamError, UNKNOWN_STREAM, type StreamRequest } from './stream-errors.js';

export type OutputStream = 'stdin' | 'stdout' | 'stderr';
export interface OutputChunk {
  stream: OutputStream;
  data: Buffer;
}

const STREAMS: OutputStream[] = ['stdin', 'stdout', 'stderr'];
const STDOUT = 1;
const STDERR = 2;
/** The daemon's own failure inside the stream ("Error grabbing logs: ..."), moby's `stdcopy.Systemerr`. */
const SYSTEM_ERROR = 3;
const HEADER = 8;

export const MULTIPLEXED = 'application/vnd.docker.multiplexed-stream';
export const RAW = 'application/vnd.docker.raw-stream';

/** Receives one frame: its stream number and where its payload lies (`source[start..end)`). */
type FrameSink = (stream: number, source: Buffer, start: number, end: number) => void;

interface FrameReader {
  /** Hands over every frame completed by `chunk`; a failure after the frames before it. */
  read(chunk: Buffer, frame: FrameSink): void;
  /** Throws if the body stopped inside a frame. */
  end(): void;
}

/**
 * Frames out of successive chunks, whatever their boundaries. A payload that lies inside one
 * chunk is handed over in place; only a header or payload cut by a chunk boundary is carried
 * over to the next chunk, and a cut payload is copied once, when its last piece comes.
 */
export class FrameParser implements FrameReader {
  readonly #info: RequestInfo;
  /** A header cut by a chunk boundary, and how many of its bytes came. */
  readonly #header = Buffer.alloc(HEADER);
  #headerBytes = 0;
  /** A payload cut by a chunk boundary: its stream, pieces so far, and bytes still due. */
  #stream = 0;
  #pieces: Buffer[] = [];
  #due = 0;

  constructor(request: RequestInfo = UNKNOWN_STREAM) {
    this.#info = { method: request.method, path: request.path };
  }

  read(chunk: Buffer, frame: FrameSink): void {
    const length = chunk.length;
    let at = this.#headerBytes || this.#due ? this.#resume(chunk, frame) : 0;
    while (length - at >= HEADER) {
      const stream = chunk[at];
      const size = chunk[at + 4] * 0x1000000 + ((chunk[at + 5] << 16) | (chunk[at + 6] << 8) | chunk[at + 7]);
      const start = at + HEADER;
      at = start + size;
      if (stream > STDERR) this.#check(stream);
      if (at > length) {
        this.#stream = stream;
        this.#pieces = [chunk.subarray(start)];
        this.#due = at - length;
        return;
      }
      if (stream === SYSTEM_ERROR) this.#systemError(chunk.subarray(start, at));
      frame(stream, chunk, start, at);
    }
    if (at < length) this.#headerBytes = chunk.copy(this.#header, 0, at);
  }

  /** Completes the header or payload that the previous chunk cut; returns where the rest starts. */
  #resume(chunk: Buffer, frame: FrameSink): number {
    let at = 0;
    if (this.#headerBytes) {
      at = chunk.copy(this.#header, this.#headerBytes, 0, HEADER - this.#headerBytes);
      this.#headerBytes += at;
      if (this.#headerBytes < HEADER) return at;
      this.#headerBytes = 0;
      const stream = this.#header[0];
      const size = this.#header.readUInt32BE(4);
      if (stream > STDERR) this.#check(stream);
      if (chunk.length - at >= size) {
        if (stream === SYSTEM_ERROR) this.#systemError(chunk.subarray(at, at + size));
        frame(stream, chunk, at, at + size);
        return at + size;
      }
      this.#stream = stream;
      this.#pieces = [];
      this.#due = size;
    }
    const piece = chunk.subarray(at, at + this.#due);
    this.#pieces.push(piece);
    this.#due -= piece.length;
    if (this.#due) return chunk.length;
    const payload = this.#pieces.length === 1 ? this.#pieces[0] : Buffer.concat(this.#pieces);
    this.#pieces = [];
    if (this.#stream === SYSTEM_ERROR) this.#systemError(payload);
    frame(this.#stream, payload, 0, payload.length);
    return at + piece.length;
  }

  /** Only the daemon's error frame may follow stdin, stdout and stderr. */
  #check(stream: number): void {
    if (stream === SYSTEM_ERROR) return;
    const { method, path } = this.#info;
    throw new InvalidAnswerError(`${method} ${path}: malformed multiplexed stream: unknown stream ${stream}`, this.#info);
  }

  #systemError(payload: Buffer): never {
    const text = payload.toString();
    throw new StreamError(text.trim(), text, this.#info);
  }

  end(): void {
    const left = this.#headerBytes || (this.#pieces.length ? HEADER + this.#pieces.reduce((n, piece) => n + piece.length, 0) : 0);
    if (!left && !this.#due) return;
    this.#headerBytes = 0;
    this.#pieces = [];
    this.#due = 0;
    throw new StreamInterruptedError(this.#info, new Error(`multiplexed stream ended inside a frame (${left} bytes left)`));
  }
}

/** A TTY's output: every chunk is stdout as it came. */
const rawReader: FrameReader = {
  read: (chunk, frame) => frame(STDOUT, chunk, 0, chunk.length),
  end: () => undefined,
};

type ViewClass = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => Buffer;
/**
 * The class of Node's Buffer views (what `subarray` makes), as `Buffer[Symbol.species]` gives it:
 * constructed directly, a view costs a third of `Buffer.from(arrayBuffer, ...)` with its checks,
 * which shows at one view per frame. Should a Node version not give it, `Buffer.from` it is.
 */
const View: ViewClass = (() => {
  const species = (Buffer as unknown as { [Symbol.species]?: ViewClass })[Symbol.species];
  try {
    if (species && Buffer.isBuffer(new species(new ArrayBuffer(1), 0, 1))) return species;
  } catch {
    // Not a view class: fall through.
  }
  return function view(buffer: ArrayBufferLike, byteOffset: number, length: number) {
    return Buffer.from(buffer, byteOffset, length);
  } as unknown as ViewClass;
})();

/** Frames as `OutputChunk`s, each payload a view of the bytes received. */
class OutputChunkDecoder implements ChunkDecoder<OutputChunk> {
  readonly #reader: FrameReader;
  #out: OutputChunk[] = [];
  readonly #push: FrameSink = (stream, source, start, end) => {
    this.#out.push({ stream: STREAMS[stream], data: new View(source.buffer, source.byteOffset + start, end - start) });
  };

  constructor(reader: FrameReader) {
    this.#reader = reader;
  }

  decode(chunk: Buffer, out: OutputChunk[]): void {
    this.#out = out;
    this.#reader.read(chunk, this.#push);
  }

  end(): void {
    this.#reader.end();
  }
}

/**
 * The frames of a multiplexed body, whatever the chunk boundaries, handed over one chunk's worth
 * at a time. Frames before a failure in the same chunk are handed over before the failure is raised.
 */
export async function* frameBatches(
  body: AsyncIterable<Uint8Array | string>,
  request: RequestInfo = UNKNOWN_STREAM,
): AsyncGenerator<OutputChunk[]> {
  yield* readBatches(body, new OutputChunkDecoder(new FrameParser(request)));
}

async function* readBatches(body: AsyncIterable<Uint8Array | string>, decoder: ChunkDecoder<OutputChunk>): AsyncGenerator<OutputChunk[]> {
  for await (const chunk of body) {
    const batch: OutputChunk[] = [];
    try {
      decoder.decode(toBuffer(chunk), batch);
    } catch (error) {
      if (batch.length) yield batch;
      throw error;
    }
    if (batch.length) yield batch;
  }
  decoder.end([]);
}

/** Frame by frame. */
export function demultiplex(
  body: AsyncIterable<Uint8Array | string>,
  request: RequestInfo = UNKNOWN_STREAM,
): AsyncGenerator<OutputChunk, undefined> {
  return new QueuedIterator(body, new OutputChunkDecoder(new FrameParser(request)), (error) => error as Error);
}

/**
 * The payloads of one stream within one chunk, gathered for a single write: a lone payload as
 * the view it is, several copied together (one write per frame would cost far more). They are
 * copied as they come into a staging buffer, which then goes out as it is.
 */
/** From this size on, a payload is copied by one native call. */
const LARGE = 256;

class Gathered {
  // Sized by the first chunk that needs it: a quiet stream (a followed log) keeps none.
  #staging = Buffer.alloc(0);
  #into: DataView = new DataView(this.#staging.buffer, this.#staging.byteOffset, this.#staging.length);
  #bytes = 0;
  /** The first payload, not copied until a second one comes. */
  #lone: Buffer | undefined;
  #loneStart = 0;
  #loneEnd = 0;
  /** The last source copied from, and a view of it. */
  #source: Buffer | undefined;
  #from: DataView = this.#into;

  add(source: Buffer, start: number, end: number): void {
    if (start === end) return;
    if (!this.#bytes && !this.#lone) {
      this.#lone = source;
      this.#loneStart = start;
      this.#loneEnd = end;
      return;
    }
    if (this.#lone) {
      const lone = this.#lone;
      this.#lone = undefined;
      this.#copy(lone, this.#loneStart, this.#loneEnd);
    }
    this.#copy(source, start, end);
  }

  #copy(source: Buffer, start: number, end: number): void {
    let at = this.#bytes;
    if (at + end - start > this.#staging.length) this.#grow(at + end - start);
    this.#bytes = at + end - start;
    const staging = this.#staging;
    if (end - start >= LARGE) {
      source.copy(staging, at, start, end);
      return;
    }
    // Small payloads (log lines) copy faster four bytes at a time through DataViews than
    // through one native call each.
    if (source !== this.#source) {
      this.#source = source;
      this.#from = new DataView(source.buffer, source.byteOffset, source.length);
    }
    const from = this.#from;
    const into = this.#into;
    let byte = start;
    for (; byte + 16 <= end; byte += 16, at += 16) {
      into.setInt32(at, from.getInt32(byte));
      into.setInt32(at + 4, from.getInt32(byte + 4));
      into.setInt32(at + 8, from.getInt32(byte + 8));
      into.setInt32(at + 12, from.getInt32(byte + 12));
    }
    for (; byte + 4 <= end; byte += 4, at += 4) into.setInt32(at, from.getInt32(byte));
    while (byte < end) staging[at++] = source[byte++];
  }

  #grow(size: number): void {
    const staging = Buffer.allocUnsafe(Math.max(size, 2 * this.#staging.length, 4096));
    this.#staging.copy(staging, 0, 0, this.#bytes);
    this.#staging = staging;
    this.#into = new DataView(staging.buffer, staging.byteOffset, staging.length);
  }

  /** The gathered bytes, or undefined if there are none; starts over. */
  take(): Buffer | undefined {
    this.#source = undefined;
    if (this.#lone) {
      const lone = this.#lone.subarray(this.#loneStart, this.#loneEnd);
      this.#lone = undefined;
      return lone;
    }
    if (!this.#bytes) return undefined;
    // The staging buffer itself goes out, no copy of it: the next chunk gathers into a new one.
    const data = this.#staging.subarray(0, this.#bytes);
    this.#staging = Buffer.allocUnsafeSlow(this.#staging.length);
    this.#into = new DataView(this.#staging.buffer, this.#staging.byteOffset, this.#staging.length);
    this.#bytes = 0;
    return data;
  }
}

/** Resolves true when `target` drains, false when it is destroyed first (its consumer went away). */
function drained(target: PassThrough): Promise<boolean> {
  if (target.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const settle = (value: boolean) => () => {
      target.off('drain', onDrain);
      target.off('close', onClose);
      resolve(value);
    };
    const onDrain = settle(true);
    const onClose = settle(false);
    target.once('drain', onDrain);
    target.once('close', onClose);
  });
}

/** What `split()` returns: the two streams, and the one place where a failure is reported. */
export interface SplitOutput {
  stdout: Readable;
  stderr: Readable;
  /**
   * Settles when the output is over: resolves at its end (or once either stream is destroyed,
   * which stops reading and closes the connection), rejects with the DockerError that cut it
   * short. The streams themselves only end, never error, so piping them cannot crash a process.
   */
  done: Promise<void>;
}

/** Output of logs or attach: iterate chunks tagged stdout/stderr, or pipe `split()`'s streams. */
export class OutputStreams implements AsyncIterable<OutputChunk> {
  readonly multiplexed: boolean;
  readonly #body: Readable;
  readonly #request: StreamRequest;
  #consumed = false;
  #destroyed = false;

  constructor(body: Readable, multiplexed: boolean, request: StreamRequest = UNKNOWN_STREAM) {
    this.#body = body;
    this.multiplexed = multiplexed;
    this.#request = request;
  }

  /** The body, once; and what reads its frames. */
  #take(): FrameReader {
    if (this.#consumed) throw new DockerError('the output stream can be read only once', this.#request);
    this.#consumed = true;
    return this.multiplexed ? new FrameParser(this.#request) : rawReader;
  }

  /** Every failure as a DockerError; after `destroy()` (or the body's), undefined: the end the caller asked for. */
  readonly #failure = (error: unknown): DockerError | undefined =>
    this.#destroyed || stoppedByCaller(error) ? undefined : streamError(error, this.#request);

  /** The output in batches (all frames of one received chunk). */
  batches(): AsyncGenerator<OutputChunk[]> {
    return this.#guarded(readBatches(this.#body, new OutputChunkDecoder(this.#take())));
  }

  async *#guarded(source: AsyncGenerator<OutputChunk[]>): AsyncGenerator<OutputChunk[]> {
    try {
      yield* source;
    } catch (error) {
      const failure = this.#failure(error);
      if (failure) throw failure;
    }
  }

  /** Frame by frame, each payload a view of the bytes received (no copy). */
  [Symbol.asyncIterator](): AsyncGenerator<OutputChunk, undefined> {
    return new QueuedIterator(this.#body, new OutputChunkDecoder(this.#take()), this.#failure);
  }

  /** Collects everything to the end, stdout and stderr apart. */
  async text(): Promise<{ stdout: string; stderr: string }> {
    const parts: Record<OutputStream, Buffer[]> = { stdin: [], stdout: [], stderr: [] };
    for await (const { stream, data } of this) parts[stream].push(data);
    return { stdout: Buffer.concat(parts.stdout).toString(), stderr: Buffer.concat(parts.stderr).toString() };
  }

  /**
   * Node streams of stdout and stderr, for piping (`out.split().stdout.pipe(process.stdout)`).
   * A failure ends both streams and rejects `done`; destroying either stream stops reading and
   * closes the connection.
   */
  split(): SplitOutput {
    const reader = this.#take();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const gathered = [new Gathered(), new Gathered()];
    const targets = [stdout, stderr];
    const gather: FrameSink = (stream, source, start, end) => {
      if (stream === STDOUT || stream === STDERR) gathered[stream - 1].add(source, start, end);
    };
    const body = this.#body;
    // Read by 'data' events, not `for await`: its read() joins the chunks waiting into one copy.
    const done = new Promise<void>((resolve, reject) => {
      let settled = false;
      const settle = (error?: unknown) => {
        if (settled) return;
        settled = true;
        body.off('data', onData);
        const failure = error === undefined ? undefined : this.#failure(error);
        if (failure) reject(failure);
        else resolve();
        // The streams end a microtask later, so `done` has settled before they can finish: a caller
        // that awaits `done` and then a stream's 'finish' is not left waiting for an event gone by.
        queueMicrotask(() => {
          for (const target of targets) if (!target.destroyed && !target.writableEnded) target.end();
        });
      };
      const onData = (chunk: Buffer | string) => {
        let failure: { error: unknown } | undefined;
        try {
          reader.read(toBuffer(chunk), gather);
        } catch (error) {
          failure = { error };
        }
        // One write per stream per received chunk: the two streams are apart anyway, and each keeps its order.
        const full: PassThrough[] = [];
        for (let i = 0; i < 2; i++) {
          const data = gathered[i].take();
          const target = targets[i];
          if (data && (target.destroyed || !target.write(data))) full.push(target);
        }
        if (failure) {
          releaseBody(body);
          return settle(failure.error);
        }
        if (!full.length) return;
        body.pause();
        void Promise.all(full.map(drained)).then((open) => {
          if (open.every(Boolean)) return void body.resume();
          // The consumer went away: 'drain' would never come. Release the connection.
          this.destroy();
          settle();
        });
      };
      body.on('data', onData);
      finished(body, (error) => {
        if (error) return settle(error);
        try {
          reader.end();
          settle();
        } catch (failure) {
          settle(failure);
        }
      });
    });
    // Reported through `done` only: a caller that never looks at it must not get an unhandled rejection.
    done.catch(() => undefined);
    return { stdout, stderr, done };
  }

  /** Stops reading and closes the connection (a followed log, an attach); reading then ends quietly. */
  destroy(): void {
    this.#destroyed = true;
    // undici reports a body destroyed before its end as RequestAbortedError: here the caller asked for it.
    releaseBody(this.#body);
  }
}
