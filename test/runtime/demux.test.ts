import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { demultiplex, OutputStreams } from '@dockerapi/runtime';
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
const want = {
  stdout: frames.filter((f) => f.stream === 1).map((f) => f.text).join(''),
  stderr: frames.filter((f) => f.stream === 2).map((f) => f.text).join(''),
};

describe('demultiplex', () => {
  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('keeps stdout and stderr apart across random chunk boundaries (seed %i)', async (seed) => {
    expect(await new OutputStreams(Readable.from(randomChunks(body, seed, 23)), true).text()).toEqual(want);
  });

  it('passes each frame whole, in order', async () => {
    const got = [];
    for await (const { stream, data } of demultiplex(Readable.from(randomChunks(body, 7, 23)))) got.push({ stream, text: data.toString() });
    expect(got.slice(0, 3)).toEqual([{ stream: 'stderr', text: frames[0].text }, { stream: 'stdout', text: frames[1].text }, { stream: 'stdout', text: frames[2].text }]);
    expect(got).toHaveLength(201);
  });

  it.each([
    { given: Buffer.concat([frame(1, 'ok\n'), frame(1, 'cut off').subarray(0, 10)]), want: 'multiplexed stream ended inside a frame (10 bytes left)' },
    { given: frame(7, 'bad'), want: 'malformed multiplexed stream: unknown stream 7' },
  ])('fails loudly: $want', async ({ given, want }) => {
    await expect(new OutputStreams(Readable.from([given]), true).text()).rejects.toThrow(want);
  });

  it('splits into Node streams for piping', async () => {
    const { stdout, stderr } = new OutputStreams(Readable.from(randomChunks(body, 3, 23)), true).split();
    const read = async (stream: Readable) => { let text = ''; for await (const chunk of stream) text += chunk; return text; };
    expect(await Promise.all([read(stdout), read(stderr)])).toEqual([want.stdout, want.stderr]);
  });
});
