// The fault matrix of a call's life: every answer kind x every point of a call's life x every way
// to end it x both transports, against a scripted fake engine (a real engine cannot be made to die
// mid-body on cue). Every cell must end in its documented DockerError subclass or a clean end, with
// nothing unhandled (process traps), and leave the pool idle: the next call on the same one-connection
// client goes through (after close(), the engine sees every connection closed).
import { createHash } from 'node:crypto';
import type http from 'node:http';
import type net from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DockerClient } from '@dockerapi/v1.51';
import {
  AbortedError,
  ClosedError,
  ConnectionError,
  RequestBodyError,
  StreamInterruptedError,
  TimeoutError,
  DockerError,
} from '@dockerapi/runtime';
import { fakeEngine, ping, type FakeEngine } from '../support/fake-engine.js';
import { trapProcessFailures } from '../support/process-traps.js';

trapProcessFailures();

const KINDS = ['json', 'empty', 'json-lines', 'multiplexed', 'raw', 'hijacked', 'websocket'] as const;
const POINTS = ['queued', 'negotiating', 'sending body', 'headers', 'mid-body', 'after body', 'after close()'] as const;
const ENDS = ['timeout', 'signal', 'destroy', 'engine dies', 'body fails', 'close()'] as const;
const TRANSPORTS = ['http', 'undici'] as const;
type Kind = (typeof KINDS)[number];
type Point = (typeof POINTS)[number];
type End = (typeof ENDS)[number];
type Transport = (typeof TRANSPORTS)[number];
interface Cell {
  kind: Kind;
  point: Point;
  end: End;
  transport: Transport;
}

const STREAMS = new Set<Kind>(['json-lines', 'multiplexed', 'raw', 'hijacked', 'websocket']);
const ATTACHED = new Set<Kind>(['hijacked', 'websocket']);
/** The kinds with an operation that takes a streamed request body. */
const STREAMED_BODY = new Set<Kind>(['empty', 'json-lines']);
const BEFORE_ANSWER = new Set<Point>(['queued', 'negotiating', 'sending body', 'headers']);

/** The combinations that mean nothing, and why: the test runs every other one. */
const SKIPPED: { why: string; when: (cell: Cell) => boolean }[] = [
  {
    why: 'only a streamed request body can fail, and only until it is sent',
    when: (c) => c.end === 'body fails' && !(STREAMED_BODY.has(c.kind) && ['queued', 'negotiating', 'sending body'].includes(c.point)),
  },
  {
    why: 'no operation of this kind takes a streamed request body',
    when: (c) => c.point === 'sending body' && !STREAMED_BODY.has(c.kind),
  },
  {
    why: 'nothing is handed to the caller before the answer, and a whole answer is read by the call: nothing to destroy',
    when: (c) => c.end === 'destroy' && (!STREAMS.has(c.kind) || BEFORE_ANSWER.has(c.point)),
  },
  {
    why: "a stream's timeout ends at its headers, and a settled call has no timer",
    when: (c) => c.end === 'timeout' && (c.point === 'after body' || (c.point === 'mid-body' && STREAMS.has(c.kind))),
  },
  {
    why: 'a call made after close() is refused before anything happens: one cell per kind',
    when: (c) => c.point === 'after close()' && c.end !== 'close()',
  },
  {
    why: 'websocket attach dials through its own undici pool: nothing queues it behind node:http',
    when: (c) => c.kind === 'websocket' && c.point === 'queued' && c.transport === 'http',
  },
];
const skipped = (cell: Cell) => SKIPPED.find((rule) => rule.when(cell))?.why;

type Outcome = 'clean' | (abstract new (...args: any[]) => DockerError);

/** What each cell may end in. */
function expected({ kind, point, end }: Cell): Outcome[] {
  if (point === 'after close()') return [ClosedError];
  const settled = point === 'after body';
  const stream = STREAMS.has(kind);
  switch (end) {
    case 'timeout':
      return [TimeoutError];
    case 'signal':
      return settled ? (stream ? ['clean', AbortedError] : ['clean']) : [AbortedError];
    case 'close()':
      return settled ? (stream ? ['clean', ClosedError] : ['clean']) : [ClosedError];
    case 'destroy':
      // A raw body being read when destroyed says so; the decoded streams end quietly.
      return kind === 'raw' ? ['clean', ClosedError] : ['clean'];
    case 'body fails':
      return [RequestBodyError];
    case 'engine dies':
      // A queued call was on no connection: it goes out once the engine is back.
      if (settled || point === 'queued') return ['clean'];
      // A websocket handshake cut short is the websocket's own error (the other half of the issue's work).
      if (kind === 'websocket' && BEFORE_ANSWER.has(point)) return [DockerError];
      // Which of the two a cut before the answer is, is the other half of the issue's work (is it running?).
      if (BEFORE_ANSWER.has(point)) return [ConnectionError, StreamInterruptedError];
      // An attached process's connection closing between frames is its output's end.
      return ATTACHED.has(kind) ? ['clean', StreamInterruptedError] : [StreamInterruptedError];
  }
}

const FRAME = Buffer.from([1, 0, 0, 0, 0, 0, 0, 3, 0x68, 0x69, 0x0a]);

/** A fake engine scripted for one cell; `reached` resolves when the call is at the cell's point. */
async function scriptedEngine(cell: Cell) {
  let reach!: () => void;
  const reached = new Promise<void>((resolve) => {
    reach = resolve;
  });
  let pings = 0;
  const sockets = new Set<net.Socket>();
  const answer = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = req.url!;
    if (url === '/_ping') {
      if (cell.point === 'negotiating' && ++pings === 1) return reach();
      return ping(req, res);
    }
    if (url.includes('/idle/')) return res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"Id":"idle"}');
    // The blocker of the queued point: a stream that holds the only connection.
    if (url.includes('/blocker/')) return res.writeHead(200, { 'Content-Type': 'application/json' }).write('\n');
    if (cell.point === 'sending body') {
      req.once('data', () => reach());
      return;
    }
    req.resume();
    req.once('end', () => {
      if (cell.point === 'headers') return reach();
      if (cell.point === 'queued' || cell.point === 'negotiating') return reply(res, true);
      reply(res, cell.point === 'after body');
      if (!STREAMS.has(cell.kind) && cell.point === 'mid-body') reach();
    });
  };
  const reply = (res: http.ServerResponse, whole: boolean) => {
    switch (cell.kind) {
      case 'json':
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 12 });
        return whole ? res.end('{"Id":"abc"}') : res.write('{"Id":');
      case 'empty':
        if (whole) return res.writeHead(200).end();
        return res.writeHead(200, { 'Content-Length': 10 }).write('abc');
      case 'json-lines':
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return whole ? res.end('{"stream":"a"}\n') : res.write('{"stream":"a"}\n');
      case 'multiplexed':
        res.writeHead(200, { 'Content-Type': 'application/vnd.docker.multiplexed-stream' });
        return whole ? res.end(FRAME) : res.write(FRAME);
      case 'raw':
        res.writeHead(200, { 'Content-Type': 'application/x-tar' });
        return whole ? res.end(Buffer.alloc(512)) : res.write(Buffer.alloc(512));
    }
  };
  const upgrade = (req: http.IncomingMessage, socket: net.Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    // An engine closes its side when the client closes its own (the server allows half-open sockets).
    socket.on('end', () => socket.end());
    if (cell.point === 'headers') return reach();
    const whole = cell.point === 'after body' || cell.point === 'queued' || cell.point === 'negotiating';
    if (cell.kind === 'websocket') {
      const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
      );
      socket.write(Buffer.from([0x82, 3, 0x68, 0x69, 0x0a]));
      // A close frame from the client is answered with one, as an engine does.
      socket.on('data', (chunk: Buffer) => {
        if ((chunk[0] & 0x0f) === 8) socket.end(Buffer.from([0x88, 0]));
      });
      if (whole) socket.end(Buffer.from([0x88, 0]));
      return;
    }
    socket.write(
      'HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n',
    );
    socket.write(FRAME);
    if (whole) socket.end();
  };
  const engine = await fakeEngine(answer, upgrade);
  const open = new Set<net.Socket>();
  engine.server.on('connection', (socket: net.Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  return {
    engine,
    reached,
    reach,
    /** The engine dies: every connection it has is cut. It comes back at once, as a restarted engine would. */
    die: () => {
      for (const socket of [...open, ...sockets]) socket.destroy();
    },
    open,
  };
}

/** Reads what the call answered to its end; resolves 'clean' or rejects with what ended it. */
async function readToEnd(kind: Kind, answer: any): Promise<'clean'> {
  switch (kind) {
    case 'json-lines':
      await answer.done();
      break;
    case 'multiplexed':
      await answer.text();
      break;
    case 'raw':
      for await (const _ of answer.body);
      break;
    case 'hijacked':
    case 'websocket':
      await answer.output.text();
      break;
  }
  return 'clean';
}

function destroy(kind: Kind, answer: any): void {
  if (kind === 'json-lines' || kind === 'raw') answer.body.destroy();
  else if (kind === 'multiplexed') answer.destroy();
  else answer.close();
}

const engines: FakeEngine[] = [];
const clients: DockerClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(engines.splice(0).map((engine) => engine.stop()));
});

async function runCell(cell: Cell): Promise<void> {
  const { kind, point, end, transport } = cell;
  const script = await scriptedEngine(cell);
  engines.push(script.engine);
  const docker = new DockerClient({ host: script.engine.host, transport, maxConnections: 1 });
  clients.push(docker);
  if (point !== 'negotiating') await docker.apiVersion();
  let blocker: { body: Readable } | undefined;
  if (point === 'queued') {
    blocker = await docker.containerStats({ id: 'blocker' });
    script.reach();
  }
  if (point === 'after close()') {
    await docker.close();
    script.reach();
  }
  const controller = new AbortController();
  const options = end === 'timeout' ? { timeout: 200 } : { signal: controller.signal };
  const body = new Readable({ read() {} });
  // At 'sending body' the body stays open after its first chunk: the engine has it, and waits for more.
  body.push('x');
  if (point !== 'sending body') body.push(null);
  const call = (): Promise<unknown> => {
    const id = 'abc';
    switch (kind) {
      case 'json':
        return docker.containerInspect({ id }, options);
      case 'empty':
        return docker.putContainerArchive({ id, path: '/', body }, options);
      case 'json-lines':
        return docker.imageBuild({ body }, options);
      case 'multiplexed':
        return docker.containerLogs({ id, stdout: true }, options);
      case 'raw':
        return docker.containerExport({ id }, options);
      case 'hijacked':
        return docker.containerAttach({ id, stream: true, stdout: true }, options);
      case 'websocket':
        return docker.containerAttachWebsocket({ id, stream: true, stdout: true }, options);
    }
  };
  const made = call();
  // The outcome: the call's and, for a stream, its reading's.
  const outcome = made.then((answer) => (STREAMS.has(kind) ? readToEnd(kind, answer) : 'clean'));
  const settled = outcome.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  // At the point: streams from their answer on, whole answers from what the engine was sent.
  if (STREAMS.has(kind) && !BEFORE_ANSWER.has(point) && point !== 'after close()') await made;
  else await Promise.race([script.reached, made.catch(() => undefined)]);
  if (point === 'after body' && STREAMS.has(kind) && !ATTACHED.has(kind)) await new Promise((resolve) => setImmediate(resolve));
  switch (end) {
    case 'signal':
      controller.abort();
      break;
    case 'destroy':
      destroy(kind, await made);
      break;
    case 'engine dies':
      script.die();
      break;
    case 'body fails':
      body.destroy(new Error('disk gone'));
      break;
    case 'close()':
      if (point !== 'after close()') await docker.close();
      break;
    case 'timeout':
      break;
  }
  const result = await settled;
  const got = 'error' in result ? result.error : result.value;
  const allowed = expected(cell);
  const matches = allowed.some((want) => (want === 'clean' ? got === 'clean' : got instanceof want));
  if (!matches)
    throw new Error(
      `ended in ${got instanceof Error ? `${got.name}: ${got.message}` : String(got)}, expected ${allowed.map((want) => (want === 'clean' ? 'a clean end' : want.name)).join(' or ')}`,
    );
  // The pool is idle again: the one connection carries the next call (the blocker let go first).
  blocker?.body.destroy();
  if (end === 'close()' || point === 'after close()') {
    await vi.waitFor(() => expect(script.open.size).toBe(0), { timeout: 5000 });
    return;
  }
  expect(await docker.containerInspect({ id: 'idle' }, { timeout: 5000 })).toEqual({ Id: 'idle' });
}

const cells: Cell[] = [];
for (const transport of TRANSPORTS)
  for (const kind of KINDS) for (const point of POINTS) for (const end of ENDS) cells.push({ kind, point, end, transport });
const run = cells.filter((cell) => !skipped(cell));

describe('the fault matrix of a call', () => {
  it('runs the cells the README counts', () => {
    expect({ cells: cells.length, run: run.length }).toEqual({ cells: 588, run: 314 });
  });

  it.each(run.map((cell) => ({ ...cell, name: `${cell.transport} ${cell.kind} ${cell.point} ${cell.end}` })))('$name', (cell) =>
    runCell(cell),
  );
});
