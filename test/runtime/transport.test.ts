// Which HTTP client carries the requests: node:http (loads nothing) for a script or a program that
// calls one at a time, undici (less CPU per request) once calls run several at once; and the modules only
// some operations need are not loaded by a script that does not call them.
import diagnostics from 'node:diagnostics_channel';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { DockerClient } from '@dockerapi/v1.51';
import { fakeEngine, ping, type FakeEngine } from '../support/fake-engine.js';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../..', import.meta.url));

let engine: FakeEngine | undefined;
const clients: DockerClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await engine?.stop();
  engine = undefined;
});

async function pingEngine(): Promise<FakeEngine> {
  engine = await fakeEngine((req, res) => ping(req, res));
  return engine;
}

const client = (host: string, options: ConstructorParameters<typeof DockerClient>[0] = {}) => {
  const docker = new DockerClient({ host, apiVersion: '1.51', ...options });
  clients.push(docker);
  return docker;
};

/** Counts the requests each HTTP client starts while `fn` runs. */
async function requestsBy(fn: () => Promise<unknown>): Promise<{ http: number; undici: number }> {
  const seen = { http: 0, undici: 0 };
  const onHttp = () => seen.http++;
  const onUndici = () => seen.undici++;
  diagnostics.subscribe('http.client.request.start', onHttp);
  diagnostics.subscribe('undici:request:create', onUndici);
  try {
    await fn();
  } finally {
    diagnostics.unsubscribe('http.client.request.start', onHttp);
    diagnostics.unsubscribe('undici:request:create', onUndici);
  }
  return seen;
}

/** Waits until `auto` has loaded undici in the background (it moves only new requests there). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

describe('transport', () => {
  it('auto: the first calls go over node:http', async () => {
    const docker = client((await pingEngine()).host, { transport: 'auto' });
    expect(
      await requestsBy(async () => {
        for (let i = 0; i < 10; i++) await docker.systemPing();
      }),
    ).toEqual({ http: 10, undici: 0 });
  });

  it('auto: a program that calls one at a time stays on node:http, however many calls', async () => {
    const docker = client((await pingEngine()).host, { transport: 'auto' });
    expect(
      await requestsBy(async () => {
        for (let i = 0; i < 60; i++) await docker.systemPing();
      }),
    ).toEqual({ http: 60, undici: 0 });
    await settle();
    expect(await requestsBy(() => docker.systemPing())).toEqual({ http: 1, undici: 0 });
  });

  it('auto: moves to undici once calls run several at once', async () => {
    const docker = client((await pingEngine()).host, { transport: 'auto' });
    await Promise.all(Array.from({ length: 7 }, () => docker.systemPing()));
    await settle();
    // Seven at once are not yet enough.
    expect(await requestsBy(() => docker.systemPing())).toEqual({ http: 1, undici: 0 });
    await Promise.all(Array.from({ length: 8 }, () => docker.systemPing()));
    await settle();
    expect(await requestsBy(() => docker.systemPing())).toEqual({ http: 0, undici: 1 });
  });

  it('auto: calls that failed or were aborted no longer count as in flight', async () => {
    // Requests to /hang are never answered; /drop loses its connection.
    engine = await fakeEngine((req, res) => {
      if (req.url?.endsWith('/_ping')) return ping(req, res);
      if (req.url?.includes('drop')) return req.socket.destroy();
    });
    const docker = client(engine.host, { transport: 'auto' });
    for (let round = 0; round < 3; round++) {
      // Six at a time, short of the eight that move: the ones before must have left the count.
      const aborted = Array.from({ length: 3 }, () =>
        docker.containerInspect({ id: 'hang' }, { signal: AbortSignal.timeout(50) }).catch(() => 'stopped'),
      );
      const dropped = Array.from({ length: 3 }, () => docker.containerInspect({ id: 'drop' }).catch(() => 'failed'));
      expect(await Promise.all([...aborted, ...dropped])).toEqual([...Array(3).fill('stopped'), ...Array(3).fill('failed')]);
    }
    await settle();
    expect(await requestsBy(() => docker.systemPing())).toEqual({ http: 1, undici: 0 });
  });

  it("'http' and 'undici' keep to one client however many calls", async () => {
    const { host } = await pingEngine();
    const viaHttp = client(host, { transport: 'http' });
    const viaUndici = client(host, { transport: 'undici' });
    const calls = (docker: DockerClient) => Promise.all(Array.from({ length: 40 }, () => docker.systemPing()));
    expect(await requestsBy(() => calls(viaHttp))).toEqual({ http: 40, undici: 0 });
    expect(await requestsBy(() => calls(viaUndici))).toEqual({ http: 0, undici: 40 });
  });

  it('a kept-alive connection left idle closes after a few seconds, on either transport', async () => {
    engine = await fakeEngine((req, res) => ping(req, res));
    // The fake engine keeps idle connections open for ever, as Docker's does: the client closes them.
    (engine.server as import('node:http').Server).keepAliveTimeout = 0;
    const closed: string[] = [];
    engine.server.on('connection', (socket) => socket.on('close', () => closed.push('closed')));
    for (const transport of ['http', 'undici'] as const) await client(engine.host, { transport }).systemPing();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(closed).toEqual([]);
    const deadline = Date.now() + 12_000;
    while (closed.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closed).toEqual(['closed', 'closed']);
  }, 20_000);

  it('node:http closes an idle connection about 4 s after its last use, not after the first idle check', async () => {
    engine = await fakeEngine((req, res) => ping(req, res));
    (engine.server as import('node:http').Server).keepAliveTimeout = 0;
    let closedAt = 0;
    engine.server.on('connection', (socket) => socket.on('close', () => (closedAt = Date.now())));
    const docker = client(engine.host, { transport: 'http' });
    // The first use sets the idle check for 4 s later; the second, on the same connection, comes just after.
    await docker.systemPing();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await docker.systemPing();
    const lastUse = Date.now();
    const deadline = lastUse + 12_000;
    while (!closedAt && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(engine.connections).toBe(1);
    // Wide margins: a check that waited a whole further 4 s would close it near 7.7 s.
    expect(closedAt - lastUse).toBeGreaterThan(3_000);
    expect(closedAt - lastUse).toBeLessThan(6_000);
  }, 20_000);

  it('refuses an unknown transport, naming it', () => {
    expect(() => new DockerClient({ host: 'unix:///x', transport: 'fetch' as 'http' })).toThrow(
      `the transport option must be 'auto', 'http' or 'undici', got "fetch"`,
    );
  });
});

/** Runs a script on the runtime's source in a fresh process; it prints what it found as JSON. */
async function inFreshProcess(script: string): Promise<Record<string, boolean>> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repo });
  return JSON.parse(stdout);
}

const LOADED = `
  const { createRequire } = await import('node:module');
  const cache = createRequire(import.meta.url).cache;
  const loaded = (name) => Object.keys(cache).some((file) => file.includes('/node_modules/' + name + '/'));
  const report = () => ({ undici: loaded('undici'), tarFs: loaded('tar-fs'), dockerignore: loaded('@balena/dockerignore') });
  const undiciFetch = () => Object.keys(cache).some((file) => file.includes('/node_modules/undici/lib/web/fetch/'));
`;

const ONE_PING = `
  const http = await import('node:http');
  const server = http.createServer((req, res) => { res.writeHead(200, { 'Api-Version': '1.51' }); res.end(req.method === 'HEAD' ? undefined : 'OK'); });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { ClientCore } = await import('./runtime/src/index.ts');
  const op = { id: 'SystemPing', method: 'GET', path: '/_ping', response: 'text' };
  const docker = new ClientCore({ host: 'tcp://127.0.0.1:' + server.address().port }, '1.51', { op });
  if ((await docker.call(op)) !== 'OK') throw new Error('no ping answer');
`;

describe('modules loaded on first use', () => {
  it('a script that makes one call loads neither undici nor the build-context packages', async () => {
    const found = await inFreshProcess(`${LOADED}${ONE_PING} console.log(JSON.stringify(report())); process.exit(0);`);
    expect(found).toEqual({ undici: false, tarFs: false, dockerignore: false });
  });

  it('building a context loads tar-fs and @balena/dockerignore; the undici transport loads undici', async () => {
    const found = await inFreshProcess(`${LOADED}
      const { buildContext, ClientCore } = await import('./runtime/src/index.ts');
      buildContext('test').destroy();
      const op = { id: 'SystemPing', method: 'GET', path: '/_ping', response: 'text' };
      await new ClientCore({ host: 'tcp://127.0.0.1:1', transport: 'undici', apiVersion: '1.51' }, '1.51', { op }).call(op).catch(() => undefined);
      console.log(JSON.stringify(report())); process.exit(0);`);
    expect(found).toEqual({ undici: true, tarFs: true, dockerignore: true });
  });

  it("the undici transport loads undici's pool, not the rest of undici (fetch, WebSocket)", async () => {
    const found = await inFreshProcess(`${LOADED}
      const { ClientCore } = await import('./runtime/src/index.ts');
      const op = { id: 'SystemPing', method: 'GET', path: '/_ping', response: 'text' };
      await new ClientCore({ host: 'tcp://127.0.0.1:1', transport: 'undici', apiVersion: '1.51' }, '1.51', { op }).call(op).catch(() => undefined);
      console.log(JSON.stringify({ undici: loaded('undici'), fetch: undiciFetch() })); process.exit(0);`);
    expect(found).toEqual({ undici: true, fetch: false });
  });
});
