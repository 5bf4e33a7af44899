// Footprint probe: one kind of program, as a consumer runs it: plain node on the built packages (no
// TypeScript loader, which would add its own start time and memory to every client).
//   node bench/footprint-probe.js <client> <program> <socket>
// client: dockerapi | dockerode | node:http | undici. program:
//   one-ping       import the client, one ping, exit: a short script;
//   sequential:N   N pings one after another: a program that calls one at a time;
//   service:N      N pings, 16 in flight: a service under load (dockerapi moves to undici here).
// Prints {"ms": time from process start to the last answer, "peakRssMiB": the process's peak RSS}.
import { existsSync, readFileSync } from 'node:fs';

const [client, program, socketPath] = process.argv.slice(2);
const [kind, countText] = (program ?? '').split(':');
const count = kind === 'one-ping' ? 1 : Number(countText);
if (!socketPath || !['one-ping', 'sequential', 'service'].includes(kind) || !(count > 0)) {
  process.stderr.write('usage: node bench/footprint-probe.js <client> one-ping|sequential:N|service:N <socket>\n');
  process.exit(2);
}

/** A function that pings once, with only the modules the client needs loaded. */
async function pinger() {
  switch (client) {
    case 'dockerapi': {
      const { DockerClient } = await import('@dockerapi/v1.51');
      const docker = new DockerClient({ host: `unix://${socketPath}` });
      return () => docker.systemPing();
    }
    case 'dockerode': {
      const { default: Docker } = await import('dockerode');
      const docker = new Docker({ socketPath });
      return () => docker.ping();
    }
    case 'node:http': {
      const http = await import('node:http');
      const agent = new http.Agent({ keepAlive: true });
      return () =>
        new Promise((resolve, reject) => {
          http
            .get({ socketPath, path: '/_ping', agent }, (res) => {
              let text = '';
              res.on('data', (chunk) => (text += chunk));
              res.on('end', () => resolve(text));
            })
            .on('error', reject);
        });
    }
    case 'undici': {
      const { Pool } = await import('undici');
      const pool = new Pool('http://localhost', { socketPath });
      return async () => (await pool.request({ method: 'GET', path: '/_ping' })).body.text();
    }
  }
  throw new Error(`unknown client ${client}`);
}

const ping = await pinger();
const inFlight = kind === 'service' ? 16 : 1;
let next = 0;
await Promise.all(
  Array.from({ length: inFlight }, async () => {
    while (next++ < count) if (String(await ping()) !== 'OK') throw new Error('the ping was not answered OK');
  }),
);
/**
 * This process's peak RSS. On Linux from VmHWM, the high-water mark of this program's own memory:
 * getrusage's maxRSS also counts the pages this process held before its exec, the forked copy of
 * the (large) bench process that spawned it.
 */
function peakRssMiB() {
  const status = existsSync('/proc/self/status') ? readFileSync('/proc/self/status', 'utf8') : '';
  const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(status);
  return (hwm ? Number(hwm[1]) : process.resourceUsage().maxRSS) / 1024;
}

// performance.now() counts from the process's start.
const ms = performance.now();
process.stdout.write(JSON.stringify({ ms, peakRssMiB: peakRssMiB() }));
process.exit(0);
