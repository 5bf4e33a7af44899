// One request trial in its own process (so CPU time and memory are the client's alone):
// node --import tsx bench/request-worker.ts <client> <op> <inFlight> <requests> <socket>
import http from 'node:http';
import { Pool } from 'undici';
import Docker from 'dockerode';
import { DockerClient } from '@dockerapi/v1.51';

const [client, op, inFlightText, requestsText, socketPath] = process.argv.slice(2);
const inFlight = Number(inFlightText);
const requests = Number(requestsText);
const paths: Record<string, string> = { ping: '/_ping', version: '/v1.51/version', containers: '/v1.51/containers/json?all=1' };

function callerFor(): () => Promise<unknown> {
  switch (client) {
    case 'dockerapi': {
      const docker = new DockerClient({ host: `unix://${socketPath}`, apiVersion: '1.51' });
      return op === 'ping'
        ? () => docker.systemPing()
        : op === 'version'
          ? () => docker.systemVersion()
          : () => docker.containerList({ all: true });
    }
    case 'dockerode': {
      const docker = new Docker({ socketPath });
      return op === 'ping' ? () => docker.ping() : op === 'version' ? () => docker.version() : () => docker.listContainers({ all: true });
    }
    case 'node:http': {
      const agent = new http.Agent({ keepAlive: true, maxSockets: inFlight });
      return () =>
        new Promise((resolve, reject) => {
          http
            .get({ socketPath, path: paths[op], agent }, (res) => {
              const chunks: Buffer[] = [];
              res.on('data', (c) => chunks.push(c));
              res.on('end', () => resolve(op === 'ping' ? Buffer.concat(chunks).toString() : JSON.parse(Buffer.concat(chunks).toString())));
            })
            .on('error', reject);
        });
    }
    case 'undici': {
      const pool = new Pool('http://localhost', { socketPath, connections: inFlight });
      return async () => {
        const { body } = await pool.request({ method: 'GET', path: paths[op] });
        return op === 'ping' ? body.text() : body.json();
      };
    }
  }
  throw new Error(`unknown client ${client}`);
}

const call = callerFor();
/** Runs `count` calls, `inFlight` at a time. */
async function calls(count: number, onDone?: (ms: number) => void) {
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next++ < count) {
        const t = performance.now();
        await call();
        onDone?.(performance.now() - t);
      }
    }),
  );
}
// Warm-up at the trial's concurrency, for at least a quarter second: every connection it needs is open,
// the code is compiled, and a client that settles into a transport (ours, under load) has settled.
const warmUntil = performance.now() + 250;
while (performance.now() < warmUntil) await calls(Math.max(50, 2 * inFlight));
const latencies: number[] = [];
const cpu = process.cpuUsage();
const started = performance.now();
await calls(requests, (ms) => latencies.push(ms));
const wall = performance.now() - started;
const used = process.cpuUsage(cpu);
latencies.sort((a, b) => a - b);
process.stdout.write(
  JSON.stringify({
    perSecond: (requests / wall) * 1000,
    p50: latencies[Math.floor(latencies.length * 0.5)],
    p99: latencies[Math.floor(latencies.length * 0.99)],
    cpuPerRequestUs: (used.user + used.system) / requests,
    rssMb: process.memoryUsage().rss / 1e6,
  }),
);
process.exit(0);
