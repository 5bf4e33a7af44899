import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { demultiplex, InvalidAnswerError, type OutputChunk, OutputStreams, StreamError, StreamInterruptedError } from '@dockerapi/runtime';
import { randomChunks } from '../support/chunks.ts';

const frame = (stream: number, text: string) => {
  const data = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(data.length, 4);
  return Buffer.concat([header, data]);
};

const frames = Array.from({ length: 200 }, (_, i) => ({ stream: i % 3 === 0 ? 2 : 1, text: `line ${i} ${'x'.repeat(i % 40)} ✓\n` }));
const body = Buffer.concat([...frames.map((f) => frame(f.stream, f.text)), frame(1, '')]);
const request = { method: 'GET', path: '/v1.51/containers/c/logs' };
const want = {
  stdout: frames
    .filter((f) => f.stream === 1)
    .map((f) => f.text)
    .join(''),
  stderr: frames
    .filter((f) => f.stream === 2)
    .map((f) => f.text)
    .join(''),
};

describe('demultiplex', () => {
  it.each(Array.from({ length: 40 }, (_, i) => i + 1))(
    'keeps stdout and stderr apart across random chunk boundaries (seed %i)',
    async (seed) => {
      expect(await new OutputStreams(Readable.from(randomChunks(body, seed, 23)), true).text()).toEqual(want);
    },
  );

  it('passes each frame whole, in order', async () => {
    const got = [];
    for await (const { stream, data } of demultiplex(Readable.from(randomChunks(body, 7, 23)))) got.push({ stream, text: data.toString() });
    expect(got.slice(0, 3)).toEqual([
      { stream: 'stderr', text: frames[0].text },
      { stream: 'stdout', text: frames[1].text },
      { stream: 'stdout', text: frames[2].text },
    ]);
    expect(got).toHaveLength(201);
  });

  it.each([
    {
      given: Buffer.concat([frame(1, 'ok\n'), frame(1, 'cut off').subarray(0, 10)]),
      want: {
        type: StreamInterruptedError,
        message: 'GET /v1.51/containers/c/logs: the answer was cut off (multiplexed stream ended inside a frame (10 bytes left))',
      },
    },
    {
      given: frame(7, 'bad'),
      want: { type: InvalidAnswerError, message: 'GET /v1.51/containers/c/logs: malformed multiplexed stream: unknown stream 7' },
    },
  ])('fails loudly: $want.message', async ({ given, want }) => {
    const failure = new OutputStreams(Readable.from([given]), true, request).text();
    await expect(failure).rejects.toThrow(want.type);
    await expect(failure).rejects.toThrow(want.message);
    await expect(failure).rejects.toMatchObject(request);
  });

  it('hands over the frames before a daemon error frame (stream 3), then raises its text as StreamError', async () => {
    const seen: string[] = [];
    const failed = frame(3, 'Error grabbing logs: log file is corrupt\n');
    const chunk = Buffer.concat([frame(1, 'one\n'), frame(2, 'two\n'), failed, frame(1, 'never\n')]);
    const output = new OutputStreams(Readable.from([chunk]), true, request);
    const reading = (async () => {
      for await (const { data } of output) seen.push(data.toString());
    })();
    await expect(reading).rejects.toThrow(StreamError);
    await expect(reading).rejects.toThrow('GET /v1.51/containers/c/logs: Error grabbing logs: log file is corrupt');
    expect(seen).toEqual(['one\n', 'two\n']);
  });

  it('splits into Node streams for piping', async () => {
    const { stdout, stderr } = new OutputStreams(Readable.from(randomChunks(body, 3, 23)), true).split();
    const read = async (stream: Readable) => {
      let text = '';
      for await (const chunk of stream) text += chunk;
      return text;
    };
    expect(await Promise.all([read(stdout), read(stderr)])).toEqual([want.stdout, want.stderr]);
  });

  it('ends both split streams on a failure and reports it once, through done', async () => {
    const cut = Buffer.concat([frame(1, 'ok\n'), frame(2, 'err\n'), frame(1, 'cut off').subarray(0, 10)]);
    const { stdout, stderr, done } = new OutputStreams(Readable.from([cut]), true, request).split();
    const errors: unknown[] = [];
    stdout.on('error', (error) => errors.push(error));
    stderr.on('error', (error) => errors.push(error));
    const read = async (stream: Readable) => {
      let text = '';
      for await (const chunk of stream) text += chunk;
      return text;
    };
    expect(await Promise.all([read(stdout), read(stderr)])).toEqual(['ok\n', 'err\n']);
    await expect(done).rejects.toThrow(StreamInterruptedError);
    await expect(done).rejects.toThrow('GET /v1.51/containers/c/logs: the answer was cut off');
    expect(errors).toEqual([]);
  });

  it("stops and releases the body when a split stream's consumer destroys it", async () => {
    // Endless output nobody reads: split() fills the stream's buffer and waits for 'drain'.
    const endless = Readable.from(
      (function* () {
        for (;;) yield frame(1, 'x'.repeat(1000));
      })(),
    );
    const { stdout, done } = new OutputStreams(endless, true, request).split();
    await new Promise((resolve) => setImmediate(resolve));
    stdout.destroy();
    await done;
    expect(endless.destroyed).toBe(true);
  }, 10_000);
});

/** A pseudo-random multiplexed body: frames of every stream, empty to 70 KB, so some outgrow any chunk. */
function randomBody(seed: number) {
  let state = seed;
  const next = (bound: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % bound;
  };
  const sizes = [0, 1, 3, 7, 8, 9, 65, 255, 256, 4096, 70_000];
  const frames = Array.from({ length: 120 }, (_, i) => {
    const size = sizes[next(sizes.length)];
    return { stream: next(3), data: Buffer.alloc(size, `${i}:${'é✓'.repeat(1 + (i % 5))}|`) };
  });
  const bytes = Buffer.concat(
    frames.map(({ stream, data }) => {
      const header = Buffer.alloc(8);
      header[0] = stream;
      header.writeUInt32BE(data.length, 4);
      return Buffer.concat([header, data]);
    }),
  );
  return { frames, bytes };
}

/** Every frame's bytes, named by stream, in order: what iteration must yield whatever the chunks. */
const named = (frames: { stream: number; data: Buffer }[]) =>
  frames.map(({ stream, data }) => ({ stream: ['stdin', 'stdout', 'stderr'][stream], data }));
const joined = (frames: { stream: number; data: Buffer }[], stream: number) =>
  Buffer.concat(frames.filter((f) => f.stream === stream).map((f) => f.data));

/** Whether `data` lies in `chunk`'s bytes (a view of it, not a copy). */
const inside = (data: Buffer, chunk: Buffer) =>
  data.buffer === chunk.buffer && data.byteOffset >= chunk.byteOffset && data.byteOffset + data.length <= chunk.byteOffset + chunk.length;

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

describe('demultiplex: any chunk boundaries give the same output', () => {
  // 1-byte chunks cut every header at every offset; the larger ones cut headers and payloads anywhere.
  const cases = [1, 2, 5, 9, 23, 300, 70_000].flatMap((maxSize) => [1, 2, 3].map((seed) => ({ maxSize, seed })));

  it.each(cases)('for await: every frame whole and in order (chunks up to $maxSize bytes, seed $seed)', async ({ maxSize, seed }) => {
    const { frames, bytes } = randomBody(seed);
    const got: OutputChunk[] = [];
    for await (const chunk of new OutputStreams(Readable.from(randomChunks(bytes, seed * 7 + maxSize, maxSize)), true)) got.push(chunk);
    expect(got).toEqual(named(frames));
  });

  it.each(cases)('split: stdout and stderr byte for byte (chunks up to $maxSize bytes, seed $seed)', async ({ maxSize, seed }) => {
    const { frames, bytes } = randomBody(seed);
    const { stdout, stderr, done } = new OutputStreams(Readable.from(randomChunks(bytes, seed * 7 + maxSize, maxSize)), true).split();
    const [out, err] = await Promise.all([readAll(stdout), readAll(stderr), done]);
    expect(out.equals(joined(frames, 1))).toBe(true);
    expect(err.equals(joined(frames, 2))).toBe(true);
  });

  it.each([1, 7, 300])('batches and demultiplex(): the same frames (chunks up to %i bytes)', async (maxSize) => {
    const { frames, bytes } = randomBody(maxSize);
    const batched: OutputChunk[] = [];
    for await (const batch of new OutputStreams(Readable.from(randomChunks(bytes, 5, maxSize)), true).batches()) batched.push(...batch);
    const single: OutputChunk[] = [];
    for await (const chunk of demultiplex(Readable.from(randomChunks(bytes, 5, maxSize)))) single.push(chunk);
    expect(batched).toEqual(named(frames));
    expect(single).toEqual(named(frames));
  });

  it('hands a payload that lies inside one chunk over as a view of that chunk, even after a cut frame', async () => {
    const first = Buffer.concat([frame(1, 'one\n'), frame(2, 'two\n')]);
    const chunks = [first.subarray(0, 14), Buffer.concat([first.subarray(14), frame(1, 'three\n'), frame(2, 'four\n')])];
    const got: OutputChunk[] = [];
    for await (const chunk of new OutputStreams(Readable.from(chunks), true)) got.push(chunk);
    expect(got.map(({ data }) => data.toString())).toEqual(['one\n', 'two\n', 'three\n', 'four\n']);
    // 'two' was cut; 'three' and 'four' are read in place, not copied with the carried-over bytes.
    expect(inside(got[2].data, chunks[1])).toBe(true);
    expect(inside(got[3].data, chunks[1])).toBe(true);
  });

  it('reads a byte stream chunk by chunk: frames stay views of the chunk received, however many wait', async () => {
    // A socket's chunks pile up while the reader is busy; a byte stream's read() would join them into a copy.
    const chunks = [Buffer.concat([frame(1, 'one\n'), frame(2, 'two\n')]), Buffer.concat([frame(1, 'three\n'), frame(2, 'four\n')])];
    const waiting = () => {
      const body = new Readable({ read() {} });
      for (const chunk of chunks) body.push(chunk);
      body.push(null);
      return new OutputStreams(body, true);
    };
    const single: OutputChunk[] = [];
    for await (const chunk of waiting()) single.push(chunk);
    const batched: OutputChunk[] = [];
    for await (const batch of waiting().batches()) batched.push(...batch);
    for (const got of [single, batched]) {
      expect(got.map(({ data }) => data.toString())).toEqual(['one\n', 'two\n', 'three\n', 'four\n']);
      expect(got.map(({ data }) => chunks.findIndex((chunk) => inside(data, chunk)))).toEqual([0, 0, 1, 1]);
    }
  });

  it('split(): payloads of one chunk go out as views when alone in their stream, or copied into one buffer both streams share', async () => {
    const alone = Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n')]);
    const several = Buffer.concat([frame(1, 'a\n'), frame(2, 'b\n'), frame(1, 'c\n'), frame(2, 'd\n')]);
    const { stdout, stderr, done } = new OutputStreams(Readable.from([alone, several]), true).split();
    // By 'data' events, each write as it was made (a byte stream's read() would join them).
    const parts = (stream: Readable) =>
      new Promise<Buffer[]>((resolve) => {
        const got: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => got.push(chunk));
        stream.on('end', () => resolve(got));
      });
    const [out, err] = await Promise.all([parts(stdout), parts(stderr), done]);
    expect([out.map(String), err.map(String)]).toEqual([
      ['out\n', 'a\nc\n'],
      ['err\n', 'b\nd\n'],
    ]);
    expect([inside(out[0], alone), inside(err[0], alone)]).toEqual([true, true]);
    expect(inside(out[1], several)).toBe(false);
    // One buffer, stdout's bytes then stderr's.
    expect(err[1].buffer).toBe(out[1].buffer);
    expect(err[1].byteOffset).toBe(out[1].byteOffset + out[1].length);
  });

  it('copies a payload cut into many chunks once, not once per chunk', async () => {
    const payload = Buffer.alloc(4 * 1024 * 1024, 'x');
    const chunks = randomChunks(Buffer.concat([frame(1, 'first\n'), frame(2, payload.toString()), frame(1, 'last\n')]), 3, 4096);
    const concat = vi.spyOn(Buffer, 'concat');
    try {
      const got: OutputChunk[] = [];
      for await (const chunk of new OutputStreams(Readable.from(chunks), true)) got.push(chunk);
      expect(got.map(({ data }) => data.length)).toEqual([6, payload.length, 5]);
      expect(got[1].data.equals(payload)).toBe(true);
      const copied = concat.mock.results.reduce((sum, { value }) => sum + (value as Buffer).length, 0);
      expect(copied).toBeLessThanOrEqual(payload.length + 4096);
    } finally {
      concat.mockRestore();
    }
  });

  it.each([
    { cut: 3, left: 3, where: 'inside a header' },
    { cut: 8, left: 8, where: 'right after a header' },
    { cut: 12, left: 12, where: 'inside a payload' },
  ])('still fails on a body cut $where, whatever the chunks', async ({ cut, left }) => {
    const body = Buffer.concat([frame(1, 'ok\n'), frame(2, 'cut off here\n').subarray(0, cut)]);
    for (const maxSize of [1, 4, 100]) {
      const seen: string[] = [];
      const reading = (async () => {
        for await (const { data } of new OutputStreams(Readable.from(randomChunks(body, 1, maxSize)), true, request))
          seen.push(data.toString());
      })();
      await expect(reading).rejects.toThrow(StreamInterruptedError);
      await expect(reading).rejects.toThrow(`multiplexed stream ended inside a frame (${left} bytes left)`);
      expect(seen).toEqual(['ok\n']);
      const { stdout, stderr, done } = new OutputStreams(Readable.from(randomChunks(body, 1, maxSize)), true, request).split();
      expect((await Promise.all([readAll(stdout), readAll(stderr)])).map(String)).toEqual(['ok\n', '']);
      await expect(done).rejects.toThrow(StreamInterruptedError);
    }
  });

  it('raises an unknown stream at its header, without waiting for the payload it announces', async () => {
    const header = Buffer.from([9, 0, 0, 0, 0x10, 0, 0, 0]);
    const reading = new OutputStreams(Readable.from([frame(1, 'ok\n'), header]), true, request).text();
    await expect(reading).rejects.toThrow('malformed multiplexed stream: unknown stream 9');
  });

  it('stops reading the body when the caller breaks out of for await', async () => {
    const endless = Readable.from(
      (function* () {
        for (;;) yield frame(1, 'x\n');
      })(),
    );
    let count = 0;
    for await (const _ of new OutputStreams(endless, true)) if (++count === 10) break;
    expect(endless.destroyed).toBe(true);
  });

  it('stops reading the body when the caller breaks out of batches()', async () => {
    const endless = Readable.from(
      (function* () {
        for (;;) yield frame(1, 'x\n');
      })(),
    );
    for await (const batch of new OutputStreams(endless, true).batches()) if (batch.length) break;
    expect(endless.destroyed).toBe(true);
  });
});
