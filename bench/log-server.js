// Log server for the streams section: answers every `GET .../containers/<id>/logs` with the same
// multiplexed body (65-byte lines, stdout and stderr alternating, written in 64 KB chunks), the
// way the engine sends a container's logs, so every client parses the same bytes off a real socket.
// Plain JavaScript in its own process, so that sending costs the measured process nothing:
//   node bench/log-server.js <socket> <megabytes>
// Prints "ready <body bytes>" on stdout once it listens.
import http from 'node:http';
import { rmSync } from 'node:fs';

const [socketPath, megabytes] = process.argv.slice(2);
const total = Number(megabytes);
if (!socketPath || !Number.isInteger(total) || total < 1) {
  process.stderr.write('usage: node bench/log-server.js <socket> <megabytes (a whole number from 1)>\n');
  process.exit(2);
}

const MB = 1024 * 1024;
const CHUNK = 64 * 1024;

/** The multiplexed body, cut into the chunks it is written in. */
function logBody(megabytes) {
  const line = Buffer.from(`${'x'.repeat(64)}\n`);
  const frame = (stream) => Buffer.concat([Buffer.from([stream, 0, 0, 0, 0, 0, 0, line.length]), line]);
  const pair = Buffer.concat([frame(1), frame(2)]);
  const block = Buffer.concat(Array.from({ length: Math.ceil(MB / pair.length) }, () => pair));
  const whole = Buffer.concat(Array.from({ length: megabytes }, () => block));
  const chunks = [];
  for (let at = 0; at < whole.length; at += CHUNK) chunks.push(whole.subarray(at, at + CHUNK));
  return chunks;
}

/** Waits for 'drain' or 'close', whichever comes first, and leaves no listener behind. */
function drainedOrClosed(response) {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}

const chunks = logBody(total);
const server = http.createServer(async (request, response) => {
  if (request.method !== 'GET' || !/^(\/v[\d.]+)?\/containers\/[^/]+\/logs(\?|$)/.test(request.url ?? '')) {
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"only container logs here"}\n');
    return;
  }
  response.writeHead(200, { 'content-type': 'application/vnd.docker.multiplexed-stream' });
  for (const chunk of chunks) {
    if (response.destroyed) return;
    if (!response.write(chunk)) await drainedOrClosed(response);
  }
  response.end();
});
rmSync(socketPath, { force: true });
const bytes = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
server.listen(socketPath, () => process.stdout.write(`ready ${bytes}\n`));
process.on('SIGTERM', () => {
  rmSync(socketPath, { force: true });
  process.exit(0);
});
