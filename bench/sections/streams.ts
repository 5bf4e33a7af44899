// 4. Streams: demultiplexing a 200 MB log body of small frames read off a unix socket, against
// dockerode's demuxStream and a minimal hand-written loop; JSON-lines decoding in-process, of
// small events and of long lines (whose cost must stay linear in their length).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { JsonStream } from '@dockerapi/runtime';
import { DockerClient } from '@dockerapi/v1.51';
import { interleaved } from '../stats.ts';
import type { Section } from '../stats.ts';

const MB = 1024 * 1024;
const CONTAINER = 'bench-logs';

const sink = () =>
  new Writable({
    write(_chunk, _enc, cb) {
      cb();
    },
  });

/** The log server (bench/log-server.js) in its own process, and the size of the body it sends. */
async function logServer(totalMb: number): Promise<{ socketPath: string; bytes: number; stop: () => void }> {
  const socketPath = path.join(os.tmpdir(), `dockerapi-bench-logs-${process.pid}.sock`);
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'log-server.js');
  const child = spawn(process.execPath, [script, socketPath, String(totalMb)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await Promise.race([
    once(child.stdout, 'data'),
    once(child, 'exit').then(([code]) => Promise.reject(new Error(`log server exited with ${code}`))),
  ])) as [Buffer];
  const bytes = Number(/^ready (\d+)/.exec(line.toString())?.[1]);
  if (!bytes) throw new Error(`log server: unexpected first line ${JSON.stringify(line.toString())}`);
  return { socketPath, bytes, stop: () => child.kill('SIGTERM') };
}

type Reader = () => Promise<void>;

/** Each contender reads the whole logs answer as its users would. */
function demuxContenders(socketPath: string) {
  const dockerapi = new DockerClient({ host: `unix://${socketPath}`, apiVersion: '1.51' });
  const dockerode = new Docker({ socketPath });
  const logs = () => dockerapi.containerLogs({ id: CONTAINER, follow: true, stdout: true, stderr: true });
  const piped: Record<string, Reader> = {
    dockerapi: async () => {
      const { stdout, stderr, done } = (await logs()).split();
      const sinks = [stdout.pipe(sink()), stderr.pipe(sink())];
      await Promise.all([done, ...sinks.map((s) => finished(s))]);
    },
    // With follow: false dockerode buffers the whole body and resolves a Buffer; follow: true
    // resolves the response stream, which demuxStream takes (the server ends it either way).
    dockerode: async () => {
      const stream = (await dockerode.getContainer(CONTAINER).logs({ follow: true, stdout: true, stderr: true })) as NodeJS.ReadableStream;
      const out = sink();
      const err = sink();
      dockerode.modem.demuxStream(stream, out, err);
      await once(stream, 'end');
    },
    // The floor: frames counted in place off the same socket, nothing copied or written.
    'hand loop': () => handLoop(socketPath),
  };
  // The hand loop again, interleaved with these rounds too: a ratio to it holds only for runs side by side.
  const iterated: Record<string, Reader> = {
    dockerapi: async () => {
      for await (const { data } of await logs()) void data;
    },
    'hand loop': piped['hand loop'],
  };
  return { piped, iterated, close: () => dockerapi.close() };
}

function handLoop(socketPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    http
      .get({ socketPath, path: `/containers/${CONTAINER}/logs?follow=1&stdout=1&stderr=1` }, (response) => {
        let pending: Buffer = Buffer.alloc(0);
        let out = 0;
        response.on('data', (chunk: Buffer) => {
          pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
          let at = 0;
          while (pending.length - at >= 8) {
            const size = pending.readUInt32BE(at + 4);
            if (pending.length - at - 8 < size) break;
            out += size;
            at += 8 + size;
          }
          pending = pending.subarray(at);
        });
        response.on('end', () => (out && !pending.length ? resolve() : reject(new Error('hand loop: nothing or a cut frame'))));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

/** Runs each reader once per round and records MB/s and client CPU seconds. */
async function measure(rounds: number, bytes: number, readers: Record<string, Reader>) {
  const rate: Record<string, number[]> = {};
  const cpu: Record<string, number[]> = {};
  await interleaved(rounds, Object.keys(readers), async (name) => {
    const before = process.cpuUsage();
    const t = performance.now();
    await readers[name]();
    const seconds = (performance.now() - t) / 1000;
    const used = process.cpuUsage(before);
    (rate[name] ??= []).push(bytes / MB / seconds);
    (cpu[name] ??= []).push((used.user + used.system) / 1e6);
  });
  return { rate, cpu };
}

/** A JSON-lines body cut into chunks of `chunkSize` bytes. */
function chunked(text: string, chunkSize: number): Buffer[] {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunkSize) chunks.push(bytes.subarray(at, at + chunkSize));
  return chunks;
}

const jsonDecoders: Record<string, (chunks: Buffer[]) => Promise<number>> = {
  dockerapi: async (chunks) => {
    let count = 0;
    for await (const item of new JsonStream(200, {}, Readable.from(chunks), { method: 'GET', path: '/events' })) count += item ? 1 : 0;
    return count;
  },
  'split + JSON.parse': async (chunks) => {
    let count = 0;
    for (const line of Buffer.concat(chunks).toString().split('\n')) count += JSON.parse(line) ? 1 : 0;
    return count;
  },
};

/** Items/s and MB/s of each decoder over the same chunks. */
async function decodeJson(rounds: number, chunks: Buffer[]) {
  const bytes = chunks.reduce((n, c) => n + c.length, 0);
  const items: Record<string, number[]> = {};
  const rate: Record<string, number[]> = {};
  await interleaved(rounds, Object.keys(jsonDecoders), async (name) => {
    const t = performance.now();
    const count = await jsonDecoders[name](chunks);
    const seconds = (performance.now() - t) / 1000;
    (items[name] ??= []).push(count / seconds);
    (rate[name] ??= []).push(bytes / MB / seconds);
  });
  return { items, rate };
}

/** One JSON line of about `size` bytes (a progress message with non-ASCII text). */
const longLine = (size: number) => JSON.stringify({ status: 'Extracting', progress: 'é'.repeat(size / 2) });

export async function streams(rounds: number, totalMb = 200): Promise<Section> {
  const server = await logServer(totalMb);
  const readers = demuxContenders(server.socketPath);
  let piped: Awaited<ReturnType<typeof measure>>;
  let iterated: Awaited<ReturnType<typeof measure>>;
  try {
    piped = await measure(rounds, server.bytes, readers.piped);
    iterated = await measure(rounds, server.bytes, readers.iterated);
  } finally {
    await readers.close();
    server.stop();
  }
  const events = Array.from({ length: 200_000 }, (_, i) =>
    JSON.stringify({ Type: 'container', Action: 'start', Actor: { ID: `id${i}`, Attributes: { name: `c${i}` } }, time: 1700000000 + i }),
  ).join('\n');
  const small = await decodeJson(rounds, chunked(events, 16 * 1024));
  const totalLong = 32 * MB;
  const long1 = await decodeJson(rounds, chunked(Array.from({ length: totalLong / MB }, () => longLine(MB)).join('\n'), 64 * 1024));
  const long8 = await decodeJson(
    rounds,
    chunked(Array.from({ length: totalLong / (8 * MB) }, () => longLine(8 * MB)).join('\n'), 64 * 1024),
  );
  return {
    name: 'streams',
    title: `Streams (${totalMb} MB of 65-byte multiplexed log lines off a unix socket; JSON lines in-process)`,
    unit: 'see each row',
    rows: [
      { measure: 'demultiplex, piped to two streams, MB/s', cells: piped.rate },
      { measure: 'demultiplex, piped, client CPU s', cells: piped.cpu },
      { measure: 'demultiplex, for await frame by frame, MB/s', cells: iterated.rate },
      { measure: 'demultiplex, for await, client CPU s', cells: iterated.cpu },
      { measure: 'JSON lines, 200,000 events, items/s', cells: small.items },
      { measure: 'JSON lines, 1 MB lines in 64 KB chunks, MB/s', cells: long1.rate },
      { measure: 'JSON lines, 8 MB lines in 64 KB chunks, MB/s', cells: long8.rate },
    ],
  };
}
