// Faults a real engine cannot be made to produce, from a small fake server on a unix socket:
// a connection closed in the middle of a stream, an engine that refuses HEAD /_ping.
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DockerClient } from '@dockerapi/v1.51';

let server: http.Server | undefined;
let dir: string;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function fakeEngine(handler: http.RequestListener): Promise<string> {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dockerapi-fake-'));
  const socket = path.join(dir, 'docker.sock');
  server = http.createServer(handler);
  await new Promise<void>((resolve) => server!.listen(socket, resolve));
  return `unix://${socket}`;
}

const ping = (req: http.IncomingMessage, res: http.ServerResponse) => {
  res.writeHead(200, { 'API-Version': '1.51', 'Content-Type': 'text/plain' });
  res.end(req.method === 'HEAD' ? undefined : 'OK');
};

describe('against a fake engine', () => {
  it('rejects a JSON-lines stream cut off mid-stream instead of ending quietly', async () => {
    const host = await fakeEngine((req, res) => {
      if (req.url === '/_ping') return ping(req, res);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"status":"Pulling fs layer","id":"a"}\n{"status":"Downl');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const docker = new DockerClient({ host });
    const seen: unknown[] = [];
    const reading = (async () => { for await (const item of await docker.imageCreate({ fromImage: 'x' })) seen.push(item); })();
    await expect(reading).rejects.toThrow();
    expect(seen).toEqual([{ status: 'Pulling fs layer', id: 'a' }]);
    await docker.close();
  });

  it('rejects logs cut off inside a frame', async () => {
    const host = await fakeEngine((req, res) => {
      if (req.url === '/_ping') return ping(req, res);
      res.writeHead(200, { 'Content-Type': 'application/vnd.docker.multiplexed-stream' });
      res.write(Buffer.from([1, 0, 0, 0, 0, 0, 0, 10, 0x68, 0x69]));
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const docker = new DockerClient({ host });
    const logs = await docker.containerLogs({ id: 'x', stdout: true });
    await expect(logs.text()).rejects.toThrow();
    await docker.close();
  });

  it('falls back to GET /_ping when the engine refuses HEAD', async () => {
    const methods: string[] = [];
    const host = await fakeEngine((req, res) => {
      if (req.url === '/_ping') {
        methods.push(req.method!);
        if (req.method === 'HEAD') return res.writeHead(405).end();
        res.writeHead(200, { 'API-Version': '1.44' });
        return res.end('OK');
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ path: req.url }));
    });
    const docker = new DockerClient({ host });
    expect(await docker.apiVersion()).toBe('1.44');
    expect(methods).toEqual(['HEAD', 'GET']);
    expect(await docker.systemInfo()).toEqual({ path: '/v1.44/info' });
    expect(methods).toHaveLength(2);
    await docker.close();
  });
});
