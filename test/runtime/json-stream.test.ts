import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { InvalidAnswerError, JsonStream, StreamError } from '@dockerapi/runtime';
import { randomChunks } from '../support/chunks.ts';

const request = { method: 'POST', path: '/v1.44/images/create' };

const items = Array.from({ length: 50 }, (_, i) => ({
  status: `layer ${i} ✓`,
  progressDetail: { current: i * 1000, total: 50_000 },
  id: `sha256:${i}`,
}));
const body = `${items.map((item) => JSON.stringify(item)).join('\r\n')}\n\n`;

describe('JsonStream', () => {
  it.each(Array.from({ length: 25 }, (_, seed) => seed + 1))('frames items across random chunk boundaries (seed %i)', async (seed) => {
    const stream = new JsonStream(200, {}, Readable.from(randomChunks(body, seed, 17)), request);
    expect(await stream.done()).toEqual(items);
  });

  it.each([1, 2, 5])('frames items from chunks of up to %i bytes, multi-byte characters cut anywhere', async (maxSize) => {
    const stream = new JsonStream(200, {}, Readable.from(randomChunks(body, maxSize, maxSize)), request);
    expect(await stream.done()).toEqual(items);
  });

  it('stops reading the body when the caller breaks out of for await', async () => {
    const endless = Readable.from(
      (function* () {
        for (;;) yield '{"status":"Waiting"}\n';
      })(),
    );
    let count = 0;
    for await (const _ of new JsonStream(200, {}, endless, request)) if (++count === 10) break;
    expect(endless.destroyed).toBe(true);
  });

  it('yields a last item without a trailing newline', async () => {
    const stream = new JsonStream(200, {}, Readable.from(['{"a":1}\n{"a":2}']), request);
    expect(await stream.done()).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('raises an in-stream error as a StreamError after the items before it', async () => {
    const seen: unknown[] = [];
    const stream = new JsonStream(
      200,
      {},
      Readable.from(['{"status":"Pulling"}\n{"errorDetail":{"message":"manifest unknown"},"error":"manifest unknown"}\n']),
      request,
    );
    const failure = (async () => {
      for await (const item of stream) seen.push(item);
    })();
    await expect(failure).rejects.toThrow(StreamError);
    await expect(failure).rejects.toThrow('POST /v1.44/images/create: manifest unknown');
    expect(seen).toEqual([{ status: 'Pulling' }]);
  });

  it('raises a line that is not JSON as InvalidAnswerError naming the line', async () => {
    const stream = new JsonStream(200, {}, Readable.from(['{"a":1}\n{"a":', '2}\n{"a"\n']), request);
    const failure = stream.done();
    await expect(failure).rejects.toThrow(InvalidAnswerError);
    await expect(failure).rejects.toThrow('POST /v1.44/images/create: line 3 of the answer is not JSON');
    await expect(failure).rejects.toMatchObject(request);
  });

  it('decodes a long line once, however many chunks it comes in (assembly linear in its length)', async () => {
    const line = JSON.stringify({ status: 'é'.repeat(100_000) });
    const chunks = randomChunks(`${line}\n${line}`, 5, 64);
    const decode = vi.spyOn(TextDecoder.prototype, 'decode');
    const bufferToString = vi.spyOn(Buffer.prototype, 'toString');
    try {
      const items = await new JsonStream(200, {}, Readable.from(chunks), request).done();
      expect(items).toEqual([JSON.parse(line), JSON.parse(line)]);
      expect(chunks.length).toBeGreaterThan(3000);
      expect(decode.mock.calls.length + bufferToString.mock.calls.length).toBeLessThanOrEqual(2);
    } finally {
      decode.mockRestore();
      bufferToString.mockRestore();
    }
  });

  it('assembles a 10 MB line from its chunks with one copy of it, not one per chunk', async () => {
    const line = JSON.stringify({ status: 'Extracting', progress: 'é✓'.repeat(2 * 1024 * 1024) });
    expect(Buffer.byteLength(line)).toBeGreaterThan(10 * 1024 * 1024);
    const chunks = randomChunks(`{"a":1}\n${line}\n{"a":2}\n`, 9, 64 * 1024);
    const concat = vi.spyOn(Buffer, 'concat');
    try {
      const items = await new JsonStream(200, {}, Readable.from(chunks), request).done();
      expect(items).toEqual([{ a: 1 }, JSON.parse(line), { a: 2 }]);
      const copied = concat.mock.results.reduce((sum, { value }) => sum + (value as Buffer).length, 0);
      expect(copied).toBeLessThanOrEqual(Buffer.byteLength(line) + 2 * 64 * 1024);
    } finally {
      concat.mockRestore();
    }
  });
});
