// Each call's lifetime has one owner: its request body from the moment it is given, its wait for a
// connection, its answer body, close() of the client, and the calls a helper makes. Against fake
// engines on both transports; what would kill a program fails the test (process traps).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { DockerClient } from '@dockerapi/v1.51';
import { DockerClient as Client141 } from '@dockerapi/v1.41';
import { AbortedError, ClosedError, RequestBodyError, ServerError, TimeoutError } from '@dockerapi/runtime';
import { fakeEngine, ping, type FakeEngine } from '../support/fake-engine.js';
import { trapProcessFailures } from '../support/process-traps.js';

trapProcessFailures();

let engine: FakeEngine | undefined;
const clients: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await engine?.stop();
  engine = undefined;
});

const json = (res: http.ServerResponse, value: unknown, status = 200) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(value));
};
const MISSING = path.join(os.tmpdir(), 'dockerapi-no-such-file.tar');
const upgraded = (socket: net.Socket) =>
  socket.write(
    'HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n',
  );

describe.each(['http', 'undici'] as const)('over %s', (transport) => {
  const client = (host: string, options: ConstructorParameters<typeof DockerClient>[0] = {}) => {
    const docker = new DockerClient({ host, transport, ...options });
    clients.push(docker);
    return docker;
  };
  /** An engine that answers pings, and hands every other request to `handler`. */
  const engineWith = async (handler: http.RequestListener, upgrade?: (req: http.IncomingMessage, socket: net.Socket) => void) => {
    engine = await fakeEngine((req, res) => (req.url === '/_ping' ? ping(req, res) : handler(req, res)), upgrade);
    return engine;
  };

  describe('a request body that fails before it is sent', () => {
    it.each([
      // The file fails while the ping is on its way, or, on a slow machine, once it has answered.
      {
        when: 'as the first call (during negotiation)',
        negotiate: false,
        at: ['PUT /containers/{id}/archive', 'PUT /v1.51/containers/abc/archive?path=%2Ftmp'],
      },
      { when: 'on a negotiated client', negotiate: true, at: ['PUT /v1.51/containers/abc/archive?path=%2Ftmp'] },
    ])('a missing file given as a stream: RequestBodyError naming it, $when', async ({ negotiate, at }) => {
      const seen: string[] = [];
      await engineWith((req, res) => {
        seen.push(req.url!);
        req.resume().on('end', () => res.writeHead(200).end());
      });
      const docker = client(engine!.host);
      if (negotiate) await docker.apiVersion();
      const call = docker.putContainerArchive({ id: 'abc', path: '/tmp', body: fs.createReadStream(MISSING) });
      await expect(call).rejects.toThrow(RequestBodyError);
      const failure = `: the request body failed (ENOENT: no such file or directory, open '${MISSING}')`;
      expect(at.map((request) => `${request}${failure}`)).toContain(((await call.catch((e: unknown) => e)) as Error).message);
      // The client goes on working.
      expect(await docker.containerArchiveInfo({ id: 'abc', path: '/tmp' })).toBeUndefined();
    });

    it('a missing file given to a call made after close(): ClosedError, the file let go, nothing unhandled', async () => {
      await engineWith((_req, res) => res.writeHead(200).end());
      const docker = client(engine!.host);
      await docker.close();
      const body = fs.createReadStream(MISSING);
      await expect(docker.putContainerArchive({ id: 'abc', path: '/tmp', body })).rejects.toThrow(ClosedError);
      expect(body.destroyed).toBe(true);
    });

    it.each([{ gzip: false }, { gzip: true }])('build() of a missing folder: RequestBodyError (gzip: $gzip)', async ({ gzip }) => {
      await engineWith((req, res) => req.resume().on('end', () => res.writeHead(200).end()));
      const build = client(engine!.host).build(path.join(os.tmpdir(), 'dockerapi-no-such-folder'), { gzip });
      await expect(build).rejects.toThrow(RequestBodyError);
      await expect(build).rejects.toThrow('ENOENT');
    });
  });

  describe('the wait for a free connection', () => {
    /** One connection, held by a stream that never ends. */
    const held = async () => {
      await engineWith((req, res) => {
        if (req.url!.includes('/events')) return res.writeHead(200, { 'Content-Type': 'application/json' }).write('\n');
        json(res, { Id: 'abc' });
      });
      const docker = client(engine!.host, { maxConnections: 1 });
      const events = await docker.systemEvents();
      return { docker, events };
    };

    it('ends with the call timeout', async () => {
      const { docker, events } = await held();
      const inspect = docker.containerInspect({ id: 'abc' }, { timeout: 300 });
      await expect(inspect).rejects.toThrow(TimeoutError);
      await expect(inspect).rejects.toThrow('GET /v1.51/containers/abc/json: no answer within 300 ms');
      // The pool is free again once the stream is let go.
      events.body.destroy();
      expect(await docker.containerInspect({ id: 'abc' })).toEqual({ Id: 'abc' });
    });

    it("ends with the call's signal", async () => {
      const { docker, events } = await held();
      const controller = new AbortController();
      const inspect = docker.containerInspect({ id: 'abc' }, { signal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      await expect(inspect).rejects.toThrow(AbortedError);
      events.body.destroy();
      expect(await docker.containerInspect({ id: 'abc' })).toEqual({ Id: 'abc' });
    });
  });

  it('execStart detached answers nothing and holds no connection: more than the pool holds, then other calls', async () => {
    await engineWith((req, res) => {
      if (req.url!.endsWith('/start'))
        return req.resume().on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).end());
      json(res, { Id: 'abc' });
    });
    const docker = client(engine!.host, { maxConnections: 4 });
    for (let i = 0; i < 10; i++) expect(await docker.execStart({ id: 'e1', body: { Detach: true } })).toBeUndefined();
    expect(await docker.containerInspect({ id: 'abc' }, { timeout: 2000 })).toEqual({ Id: 'abc' });
  });

  it('a TTY lookup that fails after the logs body arrived rejects the call, and the body is let go', async () => {
    let logsSent: () => void;
    const sent = new Promise<void>((resolve) => {
      logsSent = resolve;
    });
    await engineWith((req, res) => {
      if (req.url!.includes('/logs')) {
        res.on('finish', () => logsSent());
        return res.writeHead(200, { 'Content-Type': 'application/vnd.docker.raw-stream' }).end('x');
      }
      // The lookup fails once the whole logs body has arrived.
      sent.then(() => setImmediate(() => json(res, { message: 'inspect broke' }, 500)));
    });
    const old = new Client141({ host: engine!.host, transport });
    clients.push(old);
    const logs = old.containerLogs({ id: 'abc', stdout: true });
    await expect(logs).rejects.toThrow(ServerError);
    await expect(logs).rejects.toThrow('GET /v1.41/containers/abc/json failed with 500: inspect broke');
  });

  describe('stops the program asked for', () => {
    it('destroying a JSON-lines body ends its reading quietly, not as a broken connection', async () => {
      await engineWith((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).write('{"Action":"start"}\n'));
      const events = await client(engine!.host).systemEvents();
      const seen: unknown[] = [];
      for await (const event of events) {
        seen.push(event);
        events.body.destroy();
      }
      expect(seen).toEqual([{ Action: 'start' }]);
    });

    it('session.close() ends the output quietly; write() after it rejects with ClosedError', async () => {
      await engineWith(
        (_req, res) => json(res, {}),
        (_req, socket) => {
          upgraded(socket);
          socket.write(Buffer.from([1, 0, 0, 0, 0, 0, 0, 3, 0x68, 0x69, 0x0a]));
        },
      );
      const session = await client(engine!.host).containerAttach({ id: 'abc', stream: true, stdout: true, stdin: true });
      const seen: string[] = [];
      for await (const { data } of session.output) {
        seen.push(data.toString());
        session.close();
      }
      expect(seen).toEqual(['hi\n']);
      const write = session.write('more');
      await expect(write).rejects.toThrow(ClosedError);
      await expect(write).rejects.toThrow('POST /v1.51/containers/abc/attach?stream=1&stdin=1&stdout=1: the session was closed');
    });

    it("write() after the call's signal fired rejects with AbortedError", async () => {
      await engineWith(
        (_req, res) => json(res, {}),
        (_req, socket) => upgraded(socket),
      );
      const controller = new AbortController();
      const session = await client(engine!.host).containerAttach({ id: 'abc', stream: true, stdin: true }, { signal: controller.signal });
      controller.abort();
      await expect(session.write('x')).rejects.toThrow(AbortedError);
    });

    it('a binary body destroyed unread frees its connection; reading it then raises ClosedError', async () => {
      await engineWith((req, res) => {
        if (req.url!.includes('/export')) return res.writeHead(200, { 'Content-Type': 'application/x-tar' }).write(Buffer.alloc(1024));
        json(res, { Id: 'abc' });
      });
      const docker = client(engine!.host, { maxConnections: 1 });
      const exported = await docker.containerExport({ id: 'abc' });
      exported.body.destroy();
      const reading = (async () => {
        for await (const _ of exported.body) return;
      })();
      await expect(reading).rejects.toThrow(ClosedError);
      await expect(reading).rejects.toThrow('GET /v1.51/containers/abc/export: the answer body was destroyed before it was read');
      expect(await docker.containerInspect({ id: 'abc' }, { timeout: 2000 })).toEqual({ Id: 'abc' });
    });
  });

  it('a binary answer the program drops unread frees its connection once it is collected', async () => {
    // In a fresh process with gc() at hand: the only way to drop a body for good.
    const script = `
      const http = await import('node:http');
      const server = http.createServer((req, res) => {
        if (req.url.includes('/export')) return res.writeHead(200, { 'Content-Type': 'application/x-tar' }).write(Buffer.alloc(1 << 20));
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"Id":"abc"}');
      });
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { ClientCore } = await import('./runtime/src/index.ts');
      const ops = {
        containerExport: { id: 'ContainerExport', method: 'GET', path: '/containers/{id}/export', response: 'binary' },
        containerInspect: { id: 'ContainerInspect', method: 'GET', path: '/containers/{id}/json', response: 'json' },
      };
      const host = 'tcp://127.0.0.1:' + server.address().port;
      const docker = new ClientCore({ host, transport: '${transport}', maxConnections: 1, apiVersion: '1.51' }, '1.51', ops);
      await docker.call(ops.containerExport, { id: 'abc' });
      let freed = false;
      docker.call(ops.containerInspect, { id: 'abc' }).then(() => { freed = true; });
      for (let i = 0; i < 100 && !freed; i++) { globalThis.gc(); await new Promise((resolve) => setTimeout(resolve, 20)); }
      console.log(JSON.stringify({ freed }));
      process.exit(0);`;
    const args = ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script];
    const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: path.resolve(import.meta.dirname, '../..') });
    expect(JSON.parse(stdout)).toEqual({ freed: true });
  });

  describe('close() with calls and streams open', () => {
    it('ends open streams, hijacked sessions and calls in flight with ClosedError, at once; later calls too', async () => {
      await engineWith(
        (req, res) => {
          if (req.url!.includes('/events')) return res.writeHead(200, { 'Content-Type': 'application/json' }).write('\n');
          if (req.url!.includes('/export')) return res.writeHead(200, { 'Content-Type': 'application/x-tar' }).write('x');
          // Anything else is never answered.
        },
        (_req, socket) => upgraded(socket),
      );
      const docker = client(engine!.host);
      const events = await docker.systemEvents();
      const exported = await docker.containerExport({ id: 'abc' });
      const session = await docker.containerAttach({ id: 'abc', stream: true, stdout: true });
      const inFlight = docker.containerInspect({ id: 'abc' });
      const readEvents = events.done();
      const readOutput = session.output.text();
      const readExport = (async () => {
        for await (const _ of exported.body);
      })();
      const settled = Promise.allSettled([readEvents, readOutput, readExport, inFlight]);
      await docker.close();
      const outcomes = await settled;
      expect(outcomes.map((outcome) => outcome.status === 'rejected' && outcome.reason instanceof ClosedError)).toEqual([
        true,
        true,
        true,
        true,
      ]);
      await expect(inFlight).rejects.toThrow('GET /v1.51/containers/abc/json: the client was closed');
      await expect(docker.systemInfo()).rejects.toThrow(ClosedError);
    });
  });

  it('close() ends the calls still in flight when those made between them have been answered', async () => {
    // Even-numbered containers answer; the rest never do.
    await engineWith((req, res) => {
      const n = Number(/\/containers\/c(\d+)\//.exec(req.url!)?.[1]);
      if (n % 2 === 0) res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
    const docker = client(engine!.host);
    const calls = Array.from({ length: 6 }, (_, n) =>
      docker.containerInspect({ id: `c${n}` }).then(
        () => 'answered',
        (error) => error,
      ),
    );
    await Promise.all([calls[0], calls[2], calls[4]]);
    await docker.close();
    const outcomes = await Promise.all(calls);
    expect(outcomes.map((outcome) => (outcome instanceof ClosedError ? 'closed' : outcome))).toEqual([
      'answered',
      'closed',
      'answered',
      'closed',
      'answered',
      'closed',
    ]);
  });

  it.each([
    { end: 'signal', want: AbortedError },
    { end: 'close()', want: ClosedError },
  ])('streams nobody reads, ended by $end: nothing unhandled', async ({ end }) => {
    await engineWith(
      (req, res) => {
        if (req.url!.includes('/events')) return res.writeHead(200, { 'Content-Type': 'application/json' }).write('\n');
        if (req.url!.includes('/logs'))
          return res.writeHead(200, { 'Content-Type': 'application/vnd.docker.multiplexed-stream' }).write('');
        res.writeHead(200, { 'Content-Type': 'application/x-tar' }).write('x');
      },
      (_req, socket) => upgraded(socket),
    );
    const docker = client(engine!.host);
    const controller = new AbortController();
    const options = { signal: controller.signal };
    const streams = await Promise.all([
      docker.systemEvents({}, options),
      docker.containerLogs({ id: 'abc', stdout: true, follow: true }, options),
      docker.containerExport({ id: 'abc' }, options),
      docker.containerAttach({ id: 'abc', stream: true, stdout: true }, options),
    ]);
    if (end === 'signal') controller.abort();
    else await docker.close();
    // Read only afterwards: each says what ended it.
    await expect(streams[0].done()).rejects.toThrow(end === 'signal' ? AbortedError : ClosedError);
    await expect(streams[3].output.text()).rejects.toThrow(end === 'signal' ? AbortedError : ClosedError);
    const readExport = (async () => {
      for await (const _ of streams[2].body);
    })();
    await expect(readExport).rejects.toThrow(end === 'signal' ? AbortedError : ClosedError);
  });

  describe('pull, push and build: one timeout and signal over the whole helper, its stream included', () => {
    /** Progress streams that start and never end. */
    const progressing = () =>
      engineWith((req, res) => {
        req.resume();
        res.writeHead(200, { 'Content-Type': 'application/json' }).write('{"status":"Waiting"}\n');
      });

    it.each([
      { helper: 'pull', start: (docker: DockerClient, options: object) => docker.pull('busybox:1', options) },
      { helper: 'push', start: (docker: DockerClient, options: object) => docker.push('localhost:5000/app:1', options) },
      {
        helper: 'build',
        start: (docker: DockerClient, options: object) => docker.build(Readable.from([Buffer.alloc(1024)]), {}, options),
      },
    ])('$helper: TimeoutError once its timeout passes mid-stream; AbortedError on its signal', async ({ start }) => {
      await progressing();
      const docker = client(engine!.host);
      await expect(start(docker, { timeout: 300 })).rejects.toThrow(TimeoutError);
      const controller = new AbortController();
      const aborted = start(docker, { signal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      await expect(aborted).rejects.toThrow(AbortedError);
    });
  });

  describe('run()', () => {
    /** An engine that creates, attaches and starts, and whose container never exits; records the calls. */
    const runEngine = async (calls: string[]) =>
      engineWith(
        (req, res) => {
          const url = req.url!.replace(/^\/v1\.51/, '');
          calls.push(`${req.method} ${url.split('?')[0]}`);
          if (url.startsWith('/containers/create')) return req.resume().on('end', () => json(res, { Id: 'c1' }, 201));
          if (url.endsWith('/start')) return res.writeHead(204).end();
          if (req.method === 'DELETE') return res.writeHead(204).end();
          // wait: never answered, as for a container that runs on
        },
        (req, socket) => {
          calls.push(`POST ${req.url!.replace(/^\/v1\.51/, '').split('?')[0]}`);
          upgraded(socket);
          socket.write(Buffer.from([1, 0, 0, 0, 0, 0, 0, 3, 0x68, 0x69, 0x0a]));
        },
      );

    it('aborted while the container runs: AbortedError, the container removed, nothing unobserved', async () => {
      const calls: string[] = [];
      await runEngine(calls);
      const controller = new AbortController();
      const started: string[] = [];
      const output: string[] = [];
      const stdout = new (await import('node:stream')).Writable({
        write(chunk, _encoding, done) {
          output.push(String(chunk));
          controller.abort();
          done();
        },
      });
      const run = client(engine!.host).run({
        image: 'busybox',
        signal: controller.signal,
        stdout,
        onContainer: (id) => started.push(`${id} before ${output.length} output`),
      });
      await expect(run).rejects.toThrow(AbortedError);
      expect(started).toEqual(['c1 before 0 output']);
      expect(calls).toContain('DELETE /containers/c1');
    });

    it('with remove: false, an aborted run keeps its container', async () => {
      const calls: string[] = [];
      await runEngine(calls);
      const run = client(engine!.host).run({ image: 'busybox', remove: false, timeout: 300 });
      await expect(run).rejects.toThrow(TimeoutError);
      expect(calls.filter((call) => call.startsWith('DELETE'))).toEqual([]);
    });

    it('the timeout covers the whole run, also against an engine that never answers the create', async () => {
      await engineWith(() => undefined);
      const run = client(engine!.host).run({ image: 'busybox', timeout: 300 });
      await expect(run).rejects.toThrow(TimeoutError);
      await expect(run).rejects.toThrow('POST /v1.51/containers/create: no answer within 300 ms');
    });

    it('the signal reaches the create against an engine that never answers it', async () => {
      await engineWith(() => undefined);
      const controller = new AbortController();
      const run = client(engine!.host).run({ image: 'busybox', signal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      await expect(run).rejects.toThrow(AbortedError);
    });
  });
});
