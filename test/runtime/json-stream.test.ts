import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { JsonStream, StreamError } from '@dockerapi/runtime';

const request = { method: 'POST', path: '/v1.44/images/create' };

/** Splits `text` at random byte offsets, including inside multi-byte characters. */
function randomChunks(text: string, seed: number): Buffer[] {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  let state = seed;
  for (let at = 0; at < bytes.length;) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const size = 1 + (state % 17);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

const items = Array.from({ length: 50 }, (_, i) => ({ status: `layer ${i} ✓`, progressDetail: { current: i * 1000, total: 50_000 }, id: `sha256:${i}` }));
const body = items.map((item) => JSON.stringify(item)).join('\r\n') + '\n\n';

describe('JsonStream', () => {
  it.each(Array.from({ length: 25 }, (_, seed) => seed + 1))('frames items across random chunk boundaries (seed %i)', async (seed) => {
    const stream = new JsonStream(200, {}, Readable.from(randomChunks(body, seed)), request);
    expect(await stream.done()).toEqual(items);
  });

  it('yields a last item without a trailing newline', async () => {
    const stream = new JsonStream(200, {}, Readable.from(['{"a":1}\n{"a":2}']), request);
    expect(await stream.done()).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('raises an in-stream error as a StreamError after the items before it', async () => {
    const seen: unknown[] = [];
    const stream = new JsonStream(200, {}, Readable.from(['{"status":"Pulling"}\n{"errorDetail":{"message":"manifest unknown"},"error":"manifest unknown"}\n']), request);
    const failure = (async () => { for await (const item of stream) seen.push(item); })();
    await expect(failure).rejects.toThrow(StreamError);
    await expect(failure).rejects.toThrow('POST /v1.44/images/create: manifest unknown');
    expect(seen).toEqual([{ status: 'Pulling' }]);
  });
});
