// stdout/stderr of logs and attach. Without a TTY the engine multiplexes both into frames:
// [stream, 0, 0, 0, size (4 bytes, big-endian)] then `size` bytes. With a TTY it sends raw bytes.
import { finished, PassThrough, type Readable } from 'node:stream';
import { DockerError, InvalidAnswerError, StreamError, StreamInterruptedError, type RequestInfo } from './errors.js';
import { chunksOf, type ItemReader, QueuedIterator, toBuffer } from './queued-iterator.js';
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

/**
 * Reads frames out of successive chunks, one `next()` at a time, with nothing made per frame: the
 * frame found is described by the reader's own fields.
 */
interface FrameReader {
  /** The next chunk, once `next()` has found every frame of the ones before. */
  feed(chunk: Buffer): void;
  /** Finds the next frame of the chunk fed: false when it holds no more. Throws at a bad frame. */
  next(): boolean;
  /** The frame found: its stream number and where its payload lies (`source[start..end)`). */
  readonly stream: number;
  readonly source: Buffer;
  readonly start: number;
  readonly end: number;
  /** Throws if the body stopped inside a frame. */
  finish(): void;
}

const EMPTY: Buffer = Buffer.alloc(0);

/**
 * Frames out of successive chunks, whatever their boundaries. A payload that lies inside one
 * chunk is handed over in place; only a header or payload cut by a chunk boundary is carried
 * over to the next chunk, and a cut payload is copied once, when its last piece comes.
 */
export class FrameParser implements FrameReader {
  stream = 0;
  source = EMPTY;
  start = 0;
  end = 0;
  readonly #info: RequestInfo;
  #chunk = EMPTY;
  #at = 0;
  /** A frame cut by the previous chunk is to be completed first. */
  #resuming = false;
  /** A header cut by a chunk boundary, and how many of its bytes came. */
  readonly #header = Buffer.alloc(HEADER);
  #headerBytes = 0;
  /** A payload cut by a chunk boundary: its stream, pieces so far, and bytes still due. */
  #cutStream = 0;
  #pieces: Buffer[] = [];
  #due = 0;

  constructor(request: RequestInfo = UNKNOWN_STREAM) {
    this.#info = { method: request.method, path: request.path };
  }

  feed(chunk: Buffer): void {
    this.#chunk = chunk;
    this.#at = 0;
    this.#resuming = this.#headerBytes > 0 || this.#due > 0;
  }

  next(): boolean {
    if (this.#resuming) {
      this.#resuming = false;
      if (this.#resume()) return true;
    }
    const chunk = this.#chunk;
    const length = chunk.length;
    const at = this.#at;
    if (length - at < HEADER) {
      if (at < length) this.#headerBytes = chunk.copy(this.#header, 0, at);
      this.#at = length;
      return false;
    }
    const stream = chunk[at];
    const size = chunk[at + 4] * 0x1000000 + ((chunk[at + 5] << 16) | (chunk[at + 6] << 8) | chunk[at + 7]);
    const start = at + HEADER;
    const end = start + size;
    if (stream > STDERR) this.#check(stream);
    if (end > length) {
      this.#cutStream = stream;
      this.#pieces = [chunk.subarray(start)];
      this.#due = end - length;
      this.#at = length;
      return false;
    }
    this.#at = end;
    return this.#found(stream, chunk, start, end);
  }

  #found(stream: number, source: Buffer, start: number, end: number): true {
    if (stream === SYSTEM_ERROR) this.#systemError(source.subarray(start, end));
    this.stream = stream;
    this.source = source;
    this.start = start;
    this.end = end;
    return true;
  }

  /** Completes the header or payload that the previous chunk cut: true when that frame is found. */
  #resume(): boolean {
    const chunk = this.#chunk;
    let at = 0;
    if (this.#headerBytes) {
      at = chunk.copy(this.#header, this.#headerBytes, 0, HEADER - this.#headerBytes);
      this.#headerBytes += at;
      this.#at = at;
      if (this.#headerBytes < HEADER) return false;
      this.#headerBytes = 0;
      const stream = this.#header[0];
      const size = this.#header.readUInt32BE(4);
      if (stream > STDERR) this.#check(stream);
      if (chunk.length - at >= size) {
        this.#at = at + size;
        return this.#found(stream, chunk, at, at + size);
      }
      this.#cutStream = stream;
      this.#pieces = [];
      this.#due = size;
    }
    const piece = chunk.subarray(at, at + this.#due);
    this.#pieces.push(piece);
    this.#due -= piece.length;
    this.#at = at + piece.length;
    if (this.#due) return false;
    const payload = this.#pieces.length === 1 ? this.#pieces[0] : Buffer.concat(this.#pieces);
    this.#pieces = [];
    return this.#found(this.#cutStream, payload, 0, payload.length);
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

  finish(): void {
    const left = this.#headerBytes || (this.#pieces.length ? HEADER + this.#pieces.reduce((n, piece) => n + piece.length, 0) : 0);
    if (!left && !this.#due) return;
    this.#headerBytes = 0;
    this.#pieces = [];
    this.#due = 0;
    throw new StreamInterruptedError(this.#info, new Error(`multiplexed stream ended inside a frame (${left} bytes left)`));
  }
}

/** A TTY's output: every chunk is stdout as it came. */
class RawReader implements FrameReader {
  readonly stream = STDOUT;
  source = EMPTY;
  readonly start = 0;
  end = 0;
  #fed = false;

  feed(chunk: Buffer): void {
    this.source = chunk;
    this.end = chunk.length;
    this.#fed = true;
  }

  next(): boolean {
    const fed = this.#fed;
    this.#fed = false;
    return fed;
  }

  finish(): void {}
}

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

/** The frame a reader found, as an `OutputChunk` whose payload is a view of the bytes received. */
function outputChunk(frames: FrameReader): OutputChunk {
  const { source, start } = frames;
  return { stream: STREAMS[frames.stream], data: new View(source.buffer, source.byteOffset + start, frames.end - start) };
}

/** Frames as `OutputChunk`s, one at a time. */
class OutputChunks implements ItemReader<OutputChunk> {
  readonly #frames: FrameReader;

  constructor(frames: FrameReader) {
    this.#frames = frames;
  }

  feed(chunk: Buffer): void {
    this.#frames.feed(chunk);
  }

  take(): OutputChunk | undefined {
    return this.#frames.next() ? outputChunk(this.#frames) : undefined;
  }

  end(): void {
    this.#frames.finish();
  }
}

/**
 * The frames of a body one chunk's worth at a time. Frames before a failure in the same chunk are
 * handed over before the failure is raised.
 */
async function* readBatches(body: AsyncIterable<Uint8Array | string>, frames: FrameReader): AsyncGenerator<OutputChunk[]> {
  const chunks = chunksOf(body);
  let ended = false;
  try {
    for (let chunk = await chunks.next(); chunk; chunk = await chunks.next()) {
      const batch: OutputChunk[] = [];
      frames.feed(chunk);
      try {
        while (frames.next()) batch.push(outputChunk(frames));
      } catch (error) {
        if (batch.length) yield batch;
        throw error;
      }
      if (batch.length) yield batch;
    }
    ended = true;
    frames.finish();
  } finally {
    // A caller that stopped early (or a failure): the body is let go.
    if (!ended) await chunks.release();
  }
}

/** Frame by frame. */
export function demultiplex(
  body: AsyncIterable<Uint8Array | string>,
  request: RequestInfo = UNKNOWN_STREAM,
): AsyncGenerator<OutputChunk, undefined> {
  return new QueuedIterator(body, new OutputChunks(new FrameParser(request)), (error) => error as Error);
}

/** From this size on, a payload is copied by one native call. */
const LARGE = 256;

/**
 * The stdout and stderr payloads of one received chunk, gathered for one write per stream (one
 * write per frame would cost far more): a stream's lone payload as the view it is, several copied
 * together. Both streams' copies share one buffer, allocated once per chunk at the size they need:
 * buffers outside V8's heap are what its garbage collector counts most dearly.
 */
class ChunkPayloads {
  /** stream, start and end of each payload, in the chunk (or, for the first, in `#first`). */
  #spans = new Int32Array(3 * 1024);
  #count = 0;
  /** A cut payload completed by this chunk: a buffer of its own, always the chunk's first. */
  #first: Buffer | undefined;
  #chunk = EMPTY;
  /** Bytes and payloads per stream (stdout, stderr). */
  readonly #bytes = [0, 0];
  readonly #payloads = [0, 0];

  start(chunk: Buffer): void {
    this.#chunk = chunk;
    this.#count = 0;
    this.#first = undefined;
    this.#bytes[0] = this.#bytes[1] = this.#payloads[0] = this.#payloads[1] = 0;
  }

  /** Notes the frame `frames` found, if it is stdout's or stderr's and not empty. */
  add(frames: FrameReader): void {
    const { stream, start, end } = frames;
    if ((stream !== STDOUT && stream !== STDERR) || start === end) return;
    if (frames.source !== this.#chunk) this.#first = frames.source;
    const at = 3 * this.#count++;
    if (at === this.#spans.length) {
      const spans = new Int32Array(2 * at);
      spans.set(this.#spans);
      this.#spans = spans;
    }
    this.#spans[at] = stream;
    this.#spans[at + 1] = start;
    this.#spans[at + 2] = end;
    this.#bytes[stream - 1] += end - start;
    this.#payloads[stream - 1]++;
  }

  /** Each stream's payloads as one buffer (undefined for none), in stream order. */
  take(): [Buffer | undefined, Buffer | undefined] {
    const payloads = this.#payloads;
    const spans = this.#spans;
    const out: [Buffer | undefined, Buffer | undefined] = [undefined, undefined];
    // A lone payload goes out as the view it is.
    for (let i = 0; i < this.#count; i++) {
      const stream = spans[3 * i];
      if (payloads[stream - 1] === 1) out[stream - 1] = this.#source(i).subarray(spans[3 * i + 1], spans[3 * i + 2]);
    }
    const copied = [payloads[0] > 1 ? this.#bytes[0] : 0, payloads[1] > 1 ? this.#bytes[1] : 0];
    if (!copied[0] && !copied[1]) return out;
    const staging = Buffer.allocUnsafe(copied[0] + copied[1]);
    const into = new DataView(staging.buffer, staging.byteOffset, staging.length);
    const from = new DataView(this.#chunk.buffer, this.#chunk.byteOffset, this.#chunk.length);
    const chunk = this.#chunk;
    const next = [0, copied[0]];
    for (let i = 0; i < this.#count; i++) {
      const s = spans[3 * i] - 1;
      if (!copied[s]) continue;
      let byte = spans[3 * i + 1];
      const end = spans[3 * i + 2];
      let at = next[s];
      next[s] = at + end - byte;
      if (end - byte >= LARGE || (i === 0 && this.#first)) {
        this.#source(i).copy(staging, at, byte, end);
        continue;
      }
      // Small payloads (log lines) copy faster four bytes at a time through DataViews than
      // through one native call each.
      for (; byte + 16 <= end; byte += 16, at += 16) {
        into.setInt32(at, from.getInt32(byte));
        into.setInt32(at + 4, from.getInt32(byte + 4));
        into.setInt32(at + 8, from.getInt32(byte + 8));
        into.setInt32(at + 12, from.getInt32(byte + 12));
      }
      for (; byte + 4 <= end; byte += 4, at += 4) into.setInt32(at, from.getInt32(byte));
      while (byte < end) staging[at++] = chunk[byte++];
    }
    if (copied[0]) out[0] = staging.subarray(0, copied[0]);
    if (copied[1]) out[1] = staging.subarray(copied[0]);
    this.#chunk = EMPTY;
    this.#first = undefined;
    return out;
  }

  #source(index: number): Buffer {
    return index === 0 && this.#first ? this.#first : this.#chunk;
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
    return this.multiplexed ? new FrameParser(this.#request) : new RawReader();
  }

  /** Every failure as a DockerError; after `destroy()` (or the body's), undefined: the end the caller asked for. */
  readonly #failure = (error: unknown): DockerError | undefined =>
    this.#destroyed || stoppedByCaller(error) ? undefined : streamError(error, this.#request);

  /** The output in batches (all frames of one received chunk). */
  batches(): AsyncGenerator<OutputChunk[]> {
    return this.#guarded(readBatches(this.#body, this.#take()));
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
    return new QueuedIterator(this.#body, new OutputChunks(this.#take()), this.#failure);
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
    const payloads = new ChunkPayloads();
    const targets = [stdout, stderr];
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
        const buffer = toBuffer(chunk);
        reader.feed(buffer);
        payloads.start(buffer);
        try {
          while (reader.next()) payloads.add(reader);
        } catch (error) {
          failure = { error };
        }
        // One write per stream per received chunk: the two streams are apart anyway, and each keeps its order.
        const full: PassThrough[] = [];
        const gathered = payloads.take();
        for (let i = 0; i < 2; i++) {
          const data = gathered[i];
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
          reader.finish();
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
