import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { JsonStream, StreamError } from '@dockerapi/runtime';
import { randomChunks } from '../support/chunks.ts';

const request = { method: 'POST', path: '/v1.44/images/create' };

const items = Array.from({ length: 50 }, (_, i) => ({ status: `layer ${i} ✓`, progressDetail: { current: i * 1000, total: 50_000 }, id: `sha256:${i}` }));
const body = items.map((item) => JSON.stringify(item)).join('\r\n') + '\n\n';

describe('JsonStream', () => {
  it.each(Array.from({ length: 25 }, (_, seed) => seed + 1))('frames items across random chunk boundaries (seed %i)', async (seed) => {
    const stream = new JsonStream(200, {}, Readable.from(randomChunks(body, seed, 17)), request);
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
