// The call path against fake engines, for faults a real engine cannot be made to produce: an
// engine that never answers, bad version headers, empty or cut answers, stale kept-alive
// connections, upgrades a proxy turned into 200s; and the client's own resource use.
import type http from 'node:http';
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { DockerClient } from '@dockerapi/v1.51';
import {
  AbortedError,
  ConnectionSettingsError,
  InvalidAnswerError,
  NotSupportedError,
  StreamInterruptedError,
  TimeoutError,
} from '@dockerapi/runtime';
import { fakeEngine, ping, rawEngine, type FakeEngine } from '../support/fake-engine.js';

let engine: FakeEngine | undefined;
const clients: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await engine?.stop();
  engine = undefined;
  await Promise.all(clients.splice(0).map((c) => c.close()));
});
const client = (host: string, options: ConstructorParameters<typeof DockerClient>[0] = {}) => {
  const docker = new DockerClient({ host, ...options });
  clients.push(docker);
  return docker;
};
const json = (res: http.ServerResponse, value: unknown) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(value));
};

describe("version negotiation under the call's signal and timeout", () => {
  it('times out a first call whose ping gets no answer, then negotiates afresh on the next call', async () => {
    let pings = 0;
    engine = await fakeEngine((req, res) => {
      if (req.url === '/_ping' && ++pings === 1) return; // accepted, never answered
      if (req.url === '/_ping') return ping(req, res, '1.47');
      json(res, { Id: 'abc', path: req.url });
    });
    const docker = client(engine.host);
    const late = docker.containerInspect({ id: 'abc' }, { timeout: 500 });
    await expect(late).rejects.toThrow(TimeoutError);
    await expect(late).rejects.toThrow('HEAD /_ping: no answer within 500 ms');
    // The failed negotiation is not remembered: this one pings again, and succeeds.
    expect(await docker.containerInspect({ id: 'abc' })).toEqual({ Id: 'abc', path: '/v1.47/containers/abc/json' });
    expect(pings).toBe(2);
  });

  it("aborts a negotiation on the caller's signal, and closes without waiting for it", async () => {
    engine = await fakeEngine(() => undefined); // never answers anything
    const docker = new DockerClient({ host: engine.host });
    const controller = new AbortController();
    const call = docker.systemInfo({}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(call).rejects.toThrow(AbortedError);
    await expect(call).rejects.toThrow('HEAD /_ping: aborted');
    await docker.close();
  });

  it("lets a call waiting on another call's negotiation negotiate itself when that one times out", async () => {
    let pings = 0;
    engine = await fakeEngine((req, res) => {
      if (req.url === '/_ping' && ++pings === 1) return;
      if (req.url === '/_ping') return ping(req, res);
      json(res, { ok: true });
    });
    const docker = client(engine.host);
    const first = docker.systemInfo({}, { timeout: 300 });
    const second = docker.systemInfo();
    await expect(first).rejects.toThrow(TimeoutError);
    expect(await second).toEqual({ ok: true });
    expect(pings).toBe(2);
  });
});

describe('the Api-Version header', () => {
  it.each(['2.0', '1.0x10', '1.-3', '1.', ''])('refuses %j with a clear error', async (version) => {
    engine = await fakeEngine((req, res) => {
      res.writeHead(200, { 'Api-Version': version });
      res.end();
    });
    const failure = client(engine.host).apiVersion();
    await expect(failure).rejects.toThrow(InvalidAnswerError);
    const quoted = JSON.stringify(version);
    await expect(failure).rejects.toThrow(`HEAD /_ping: the engine's Api-Version header ${quoted} is not an API version (1.N)`);
  });

  it('reads a missing header as 1.24, as the Go client does', async () => {
    engine = await fakeEngine((req, res) => (req.url === '/_ping' ? res.writeHead(200).end() : json(res, { path: req.url })));
    const docker = client(engine.host);
    expect(await docker.apiVersion()).toBe('1.24');
    expect(await docker.systemInfo()).toEqual({ path: '/v1.24/info' });
  });

  it('refuses a fixed version that is not 1.N, naming where it came from', () => {
    expect(() => new DockerClient({ host: 'unix:///nowhere.sock', apiVersion: '2.0' })).toThrow(ConnectionSettingsError);
    expect(() => new DockerClient({ host: 'unix:///nowhere.sock', apiVersion: '2.0' })).toThrow(
      'the apiVersion option "2.0" is not an API version: expected 1.NN or v1.NN, e.g. 1.44',
    );
  });
});

describe('answers that are not what the API describes', () => {
  it('refuses an empty 200 where JSON is due, naming method and path', async () => {
    engine = await fakeEngine((req, res) => {
      if (req.url === '/_ping') return ping(req, res);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end();
    });
    const top = client(engine.host).containerTop({ id: 'abc' });
    await expect(top).rejects.toThrow(InvalidAnswerError);
    await expect(top).rejects.toThrow('GET /v1.51/containers/abc/top: the engine answered 200 with an empty body where JSON is due');
  });

  it('refuses a body that is not JSON, quoting its start', async () => {
    engine = await fakeEngine((req, res) => {
      if (req.url === '/_ping') return ping(req, res);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('<html>proxy error</html>');
    });
    const info = client(engine.host).systemInfo();
    await expect(info).rejects.toThrow(InvalidAnswerError);
    await expect(info).rejects.toThrow(/^GET \/v1\.51\/info: the answer is not JSON \(.*\): <html>proxy error<\/html>$/);
  });

  it('raises StreamInterruptedError, not a connection error, for a plain answer cut after its headers', async () => {
    engine = await fakeEngine((req, res) => {
      if (req.url === '/_ping') return ping(req, res);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
      res.write('{"Containers": 1, ');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const info = client(engine.host).systemInfo();
    await expect(info).rejects.toThrow(StreamInterruptedError);
    await expect(info).rejects.toThrow('GET /v1.51/info: the answer was cut off');
  });
});

describe('hijacked connections', () => {
  it('refuses an upgrade answered with 200 (a proxy that dropped Upgrade) at once, whatever the body', async () => {
    engine = await fakeEngine((req, res) => {
      if (req.url === '/_ping') return ping(req, res);
      res.writeHead(200, { 'Content-Type': 'application/vnd.docker.raw-stream' });
      // A body that never ends: the call must not wait for it, nor keep it.
      const timer = setInterval(() => res.write(Buffer.alloc(64 * 1024)), 5);
      res.on('close', () => clearInterval(timer));
    });
    const attach = client(engine.host).containerAttach({ id: 'abc', stream: true, stdout: true });
    await expect(attach).rejects.toThrow(InvalidAnswerError);
    await expect(attach).rejects.toThrow('POST /v1.51/containers/abc/attach?stream=1&stdout=1: expected 101 Switching Protocols, got 200');
  });

  it("closes a hijacked stream when the call's signal fires after the 101", async () => {
    engine = await fakeEngine(
      (req, res) => (req.url === '/_ping' ? ping(req, res) : res.writeHead(404).end()),
      (req, socket) => {
        socket.write('HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n');
        socket.write('Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n');
        socket.write(Buffer.from([1, 0, 0, 0, 0, 0, 0, 3, 0x68, 0x69, 0x0a]));
      },
    );
    const controller = new AbortController();
    const options = { signal: controller.signal, timeout: 2000 };
    const attached = await client(engine.host).containerAttach({ id: 'abc', stream: true, stdout: true }, options);
    const seen: string[] = [];
    const reading = (async () => {
      for await (const { data } of attached.output) {
        seen.push(data.toString());
        controller.abort();
      }
    })();
    await expect(reading).rejects.toThrow(AbortedError);
    await expect(reading).rejects.toThrow('POST /v1.51/containers/abc/attach?stream=1&stdout=1: aborted');
    expect(seen).toEqual(['hi\n']);
    expect(attached.socket.destroyed).toBe(true);
  });
});

describe("streams and the call's signal", () => {
  it('ends a stream being read with AbortedError when the signal fires', async () => {
    engine = await fakeEngine((req, res) => {
      if (req.url === '/_ping') return ping(req, res);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"Action":"create"}\n'); // and then nothing, as events do
    });
    const controller = new AbortController();
    const events = await client(engine.host).systemEvents({}, { signal: controller.signal });
    const seen: unknown[] = [];
    const reading = (async () => {
      for await (const event of events) {
        seen.push(event);
        controller.abort();
      }
    })();
    await expect(reading).rejects.toThrow(AbortedError);
    await expect(reading).rejects.toThrow('GET /v1.51/events: aborted');
    expect(seen).toEqual([{ Action: 'create' }]);
  });
});

describe('resources', () => {
  it('removes its listener from a shared signal when each call settles', async () => {
    engine = await fakeEngine((req, res) => (req.url === '/_ping' ? ping(req, res) : json(res, {})));
    const docker = client(engine.host);
    const controller = new AbortController();
    for (let i = 0; i < 200; i++) await docker.systemInfo({}, { signal: controller.signal });
    await Promise.all(Array.from({ length: 10 }, () => docker.systemInfo({}, { signal: controller.signal, timeout: 5000 })));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('adds one listener to a signal shared by 64 calls in flight (no MaxListenersExceededWarning), and aborts them all', async () => {
    let held = 0;
    engine = await fakeEngine((req, res) => (req.url === '/_ping' ? ping(req, res) : held++));
    const docker = client(engine.host);
    await docker.apiVersion();
    const controller = new AbortController();
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const calls = Array.from({ length: 64 }, () => docker.systemInfo({}, { signal: controller.signal }));
      await expect.poll(() => held).toBe(64);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
      controller.abort();
      const results = await Promise.allSettled(calls);
      expect(results.every((r) => r.status === 'rejected' && r.reason instanceof AbortedError)).toBe(true);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('removes its listener from a shared signal when a stream it returned ends', async () => {
    engine = await fakeEngine((req, res) => {
      if (req.url === '/_ping') return ping(req, res);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"Action":"create"}\n{"Action":"destroy"}\n');
    });
    const docker = client(engine.host);
    const controller = new AbortController();
    for (let i = 0; i < 20; i++) expect(await (await docker.systemEvents({}, { signal: controller.signal })).done()).toHaveLength(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it.each([
    { option: 'maxConnections: 4', options: { maxConnections: 4 }, cap: 4 },
    { option: 'the default', options: {}, cap: 64 },
  ])("opens at most the pool's cap of connections with $option, queueing the rest", async ({ options, cap }) => {
    engine = await fakeEngine((req, res) => (req.url === '/_ping' ? ping(req, res) : setTimeout(() => json(res, {}), 30)));
    const docker = client(engine.host, options);
    await docker.apiVersion();
    const answers = await Promise.all(Array.from({ length: 100 }, () => docker.systemInfo()));
    expect(answers).toHaveLength(100);
    expect(engine.mostOpen).toBeGreaterThan(0);
    expect(engine.mostOpen).toBeLessThanOrEqual(cap);
  });

  it('refuses a pool cap that is not a positive integer', () => {
    expect(() => new DockerClient({ host: 'unix:///nowhere.sock', maxConnections: 0 })).toThrow(
      'the maxConnections option must be a positive integer, got 0',
    );
  });
});

describe('kept-alive connections closed by the engine', () => {
  /** An engine that answers one request per connection and drops the connection at the next. */
  async function oneRequestPerConnection(seen: string[]) {
    return rawEngine((socket) => {
      let answered = false;
      socket.on('data', (data) => {
        const [method, url] = data.toString().split(' ');
        seen.push(`${method} ${url}`);
        if (answered) return socket.destroy();
        answered = true;
        // The ping's connection is closed after it, so every transport starts the requests on a fresh one.
        const body = method === 'HEAD' ? '' : '{"ok":true}';
        const connection = method === 'HEAD' ? 'close' : 'keep-alive';
        const headers = `Api-Version: 1.51\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: ${connection}`;
        socket.write(`HTTP/1.1 200 OK\r\n${headers}\r\n\r\n${body}`);
        if (method === 'HEAD') socket.end();
      });
    });
  }

  // One connection, so each request after the first on it meets the dropped connection.
  it('retries an idempotent request once on a fresh connection', async () => {
    const seen: string[] = [];
    engine = await oneRequestPerConnection(seen);
    const docker = client(engine.host, { maxConnections: 1 });
    await docker.apiVersion();
    expect(await docker.systemInfo()).toEqual({ ok: true });
    expect(await docker.systemInfo()).toEqual({ ok: true });
    expect(seen).toEqual(['HEAD /_ping', 'GET /v1.51/info', 'GET /v1.51/info', 'GET /v1.51/info']);
    expect(engine.connections).toBe(3);
  });

  it('does not resend a request that is not idempotent', async () => {
    const seen: string[] = [];
    engine = await oneRequestPerConnection(seen);
    const docker = client(engine.host, { maxConnections: 1 });
    await docker.apiVersion();
    expect(await docker.systemInfo()).toEqual({ ok: true });
    const start = docker.containerStart({ id: 'abc' });
    await expect(start).rejects.toThrow(StreamInterruptedError);
    await expect(start).rejects.toThrow('POST /v1.51/containers/abc/start: the answer was cut off');
    expect(seen).toEqual(['HEAD /_ping', 'GET /v1.51/info', 'POST /v1.51/containers/abc/start']);
  });
});

describe('operations this client cannot perform', () => {
  it("refuses session (BuildKit's gRPC tunnel) before sending anything", async () => {
    let requests = 0;
    engine = await fakeEngine((req, res) => (requests++, ping(req, res)));
    const session = client(engine.host).session();
    await expect(session).rejects.toThrow(NotSupportedError);
    await expect(session).rejects.toThrow("Session is not supported by this client: it opens BuildKit's gRPC session tunnel");
    expect(requests).toBe(0);
  });
});
