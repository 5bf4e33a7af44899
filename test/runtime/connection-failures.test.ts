// "is it running?" only when nothing answered: on both transports, a connection that something
// answered (a ping cut mid-answer, a plain HTTP listener met with TLS) says what it was.
import http from 'node:http';
import type net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DockerClient } from '@dockerapi/v1.51';
import { ConnectionError, StreamInterruptedError, type TransportKind } from '@dockerapi/runtime';
import { rawEngine, type FakeEngine } from '../support/fake-engine.js';

let engine: FakeEngine | undefined;
const clients: DockerClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await engine?.stop();
  engine = undefined;
});
const client = (host: string, transport: TransportKind, options: ConstructorParameters<typeof DockerClient>[0] = {}) => {
  const docker = new DockerClient({ host, transport, ...options });
  clients.push(docker);
  return docker;
};

const TRANSPORTS: TransportKind[] = ['http', 'undici'];

describe.each(TRANSPORTS)('over %s', (transport) => {
  it('asks "is it running?" when the connection closes before a byte of the ping answer', async () => {
    engine = await rawEngine((socket) => socket.once('data', () => socket.destroy()));
    const ping = client(engine.host, transport).systemPing();
    await expect(ping).rejects.toThrow(ConnectionError);
    await expect(ping).rejects.toThrow(': is it running?');
  });

  it('reports a ping cut mid-answer as an interrupted answer, not as an engine that is not running', async () => {
    engine = await rawEngine((socket) => socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nApi-Version: 1.5')));
    const ping = client(engine.host, transport).systemPing();
    await expect(ping).rejects.not.toThrow('is it running?');
    await expect(ping).rejects.toThrow(StreamInterruptedError);
    await expect(ping).rejects.toThrow(/^HEAD \/_ping: the answer was cut off/);
  });

  it("says a plain HTTP listener answered TLS, in the CLI's words, as a ConnectionError", async () => {
    const server = http.createServer((_req, res) => res.end('OK'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as net.AddressInfo;
      const docker = client(`tcp://127.0.0.1:${port}`, transport, { tls: { verify: false } });
      const ping = docker.systemPing();
      await expect(ping).rejects.toThrow(ConnectionError);
      await expect(ping).rejects.toThrow(
        `cannot connect to the Docker engine at tcp://127.0.0.1:${port} (server gave HTTP response to HTTPS client)`,
      );
      await expect(ping).rejects.not.toThrow('is it running?');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
