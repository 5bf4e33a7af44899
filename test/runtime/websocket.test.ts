// Attach over a websocket against a fake engine, for what a real engine never sends: frames the
// protocol forbids, a connection cut mid-frame, a peer that never answers the close frame.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DockerClient, type WebSocketStream } from '@dockerapi/v1.51';
import { InvalidAnswerError, ClosedError, StreamInterruptedError } from '@dockerapi/runtime';
import { fakeEngine, ping, type FakeEngine } from '../support/fake-engine.js';

let engine: FakeEngine | undefined;
let docker: DockerClient | undefined;
afterEach(async () => {
  await docker?.close();
  await engine?.stop();
  engine = docker = undefined;
});

/** Accepts the websocket handshake, then hands the connection to `then`. */
function accept(then: (socket: net.Socket) => void) {
  return (req: http.IncomingMessage, socket: net.Socket) => {
    const key = createHash('sha1').update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${key}\r\n\r\n`);
    socket.on('error', () => undefined);
    then(socket);
  };
}

/** A binary message "A", unmasked as a server sends it. */
const MESSAGE = Buffer.from([0x82, 0x01, 0x41]);
/** A close frame, code 1000. */
const CLOSE = Buffer.from([0x88, 0x02, 0x03, 0xe8]);

async function attach(then: (socket: net.Socket) => void): Promise<WebSocketStream> {
  engine = await fakeEngine((req, res) => ping(req, res), accept(then));
  docker = new DockerClient({ host: engine.host });
  return (await docker.containerAttachWebsocket({ id: 'c1', stream: true, stdout: true })) as unknown as WebSocketStream;
}

describe('a websocket answer the protocol forbids', () => {
  it.each([
    { fault: 'an unknown opcode', frames: [MESSAGE, Buffer.from([0x83, 0x01, 0x41])] },
    { fault: 'a masked server frame', frames: [MESSAGE, Buffer.from([0x82, 0x81, 1, 2, 3, 4, 0x41 ^ 1])] },
    { fault: 'a length of 2^63', frames: [MESSAGE, Buffer.from([0x82, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 0])] },
  ])('fails the output with InvalidAnswerError: $fault', async ({ frames }) => {
    const attached = await attach((socket) => socket.write(Buffer.concat(frames)));
    const output = attached.output.text();
    await expect(output).rejects.toBeInstanceOf(InvalidAnswerError);
    await expect(output).rejects.toThrow(/^GET \/v1\.51\/containers\/c1\/attach\/ws\?stream=1&stdout=1: the websocket broke off/);
  });
});

describe('a websocket cut by the engine', () => {
  it.each([
    { fault: 'FIN mid-frame', cut: (socket: net.Socket) => socket.end(Buffer.from([0x82, 0x05, 0x41])) },
    { fault: 'FIN between frames, no close frame', cut: (socket: net.Socket) => socket.end(MESSAGE) },
  ])('fails the output with StreamInterruptedError: $fault', async ({ cut }) => {
    const attached = await attach(cut);
    await expect(attached.output.text()).rejects.toBeInstanceOf(StreamInterruptedError);
  });

  it('fails the output with StreamInterruptedError: RST mid-frame (over TCP, where a reset exists)', async () => {
    const server = http.createServer((req, res) => ping(req, res));
    server.on(
      'upgrade',
      accept((socket) => socket.write(Buffer.from([0x82, 0x05, 0x41]), () => socket.resetAndDestroy())),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const tcp = new DockerClient({ host: `tcp://127.0.0.1:${port}` });
    try {
      const attached = (await tcp.containerAttachWebsocket({ id: 'c1', stream: true, stdout: true })) as unknown as WebSocketStream;
      const output = attached.output.text();
      await expect(output).rejects.toBeInstanceOf(StreamInterruptedError);
      await expect(output).rejects.toThrow('the answer was cut off');
    } finally {
      await tcp.close();
      server.closeAllConnections();
      server.close();
    }
  });

  it('ends the output cleanly after the closing handshake', async () => {
    const attached = await attach((socket) => {
      socket.write(Buffer.concat([MESSAGE, CLOSE]));
      // The client's answer to the close frame, then the engine closes the connection as RFC 6455 asks.
      socket.once('data', () => socket.end());
    });
    expect(await attached.output.text()).toEqual({ stdout: 'A', stderr: '' });
  });
});

describe('closing a websocket', () => {
  it('ends the output when the engine never answers the close frame', async () => {
    const attached = await attach((socket) => socket.write(MESSAGE)); // reads, never answers
    const seen: string[] = [];
    // Closed once the message is in: the loop ends only if the output does.
    for await (const { data } of attached.output) {
      seen.push(data.toString());
      attached.close();
    }
    expect(seen).toEqual(['A']);
  });

  it('refuses a write after close() with ClosedError, not a silent drop', async () => {
    const received: Buffer[] = [];
    const attached = await attach((socket) => socket.on('data', (chunk) => received.push(chunk)));
    attached.close();
    const write = attached.write('late\n');
    await expect(write).rejects.toBeInstanceOf(ClosedError);
    await expect(write).rejects.toThrow('GET /v1.51/containers/c1/attach/ws?stream=1&stdout=1: cannot write: the websocket is closed');
  });
});
