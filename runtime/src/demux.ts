// stdout/stderr of logs and attach. Without a TTY the engine multiplexes both into frames:
// [stream, 0, 0, 0, size (4 bytes, big-endian)] then `size` bytes. With a TTY it sends raw bytes.
import { PassThrough, type Readable } from 'node:stream';

export type OutputStream = 'stdin' | 'stdout' | 'stderr';
export interface OutputChunk { stream: OutputStream; data: Buffer }

const STREAMS: OutputStream[] = ['stdin', 'stdout', 'stderr'];
const HEADER = 8;

export const MULTIPLEXED = 'application/vnd.docker.multiplexed-stream';
export const RAW = 'application/vnd.docker.raw-stream';

/** Splits a multiplexed body into frames, whatever the chunk boundaries. */
export async function* demultiplex(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<OutputChunk> {
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of body) {
    pending = pending.length ? Buffer.concat([pending, toBuffer(chunk)]) : toBuffer(chunk);
    let offset = 0;
    while (pending.length - offset >= HEADER) {
      const size = pending.readUInt32BE(offset + 4);
      if (pending.length - offset - HEADER < size) break;
      const stream = STREAMS[pending[offset]];
      if (!stream) throw new Error(`malformed multiplexed stream: unknown stream ${pending[offset]}`);
      yield { stream, data: pending.subarray(offset + HEADER, offset + HEADER + size) };
      offset += HEADER + size;
    }
    pending = pending.subarray(offset);
  }
  if (pending.length) throw new Error(`multiplexed stream ended inside a frame (${pending.length} bytes left)`);
}

async function* raw(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<OutputChunk> {
  for await (const chunk of body) yield { stream: 'stdout', data: toBuffer(chunk) };
}

const toBuffer = (chunk: Uint8Array | string) => (typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));

/** Output of logs or attach: iterate chunks tagged stdout/stderr, or pipe `stdout()`/`stderr()`. */
export class OutputStreams implements AsyncIterable<OutputChunk> {
  readonly multiplexed: boolean;
  readonly #body: Readable;
  #consumed = false;

  constructor(body: Readable, multiplexed: boolean) {
    this.#body = body;
    this.multiplexed = multiplexed;
  }

  [Symbol.asyncIterator](): AsyncIterator<OutputChunk> {
    if (this.#consumed) throw new Error('the output stream can be read only once');
    this.#consumed = true;
    return (this.multiplexed ? demultiplex(this.#body) : raw(this.#body))[Symbol.asyncIterator]();
  }

  /** Collects everything to the end, stdout and stderr apart. */
  async text(): Promise<{ stdout: string; stderr: string }> {
    const parts: Record<OutputStream, Buffer[]> = { stdin: [], stdout: [], stderr: [] };
    for await (const { stream, data } of this) parts[stream].push(data);
    return { stdout: Buffer.concat(parts.stdout).toString(), stderr: Buffer.concat(parts.stderr).toString() };
  }

  /** Node streams of stdout and stderr, for piping (`out.stdout.pipe(process.stdout)`). */
  split(): { stdout: Readable; stderr: Readable } {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    (async () => {
      for await (const { stream, data } of this) {
        const target = stream === 'stderr' ? stderr : stdout;
        if (!target.write(data)) await new Promise((resolve) => target.once('drain', resolve));
      }
      stdout.end();
      stderr.end();
    })().catch((error) => {
      stdout.destroy(error);
      stderr.destroy(error);
    });
    return { stdout, stderr };
  }

  /** Stops reading and closes the connection (a followed log, an attach). */
  destroy(): void {
    this.#body.destroy();
  }
}
