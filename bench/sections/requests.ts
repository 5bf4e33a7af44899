// 3. The request path against the real engine, same socket, interleaved: this client, dockerode,
// node:http with a keep-alive agent, and undici (the floor). Each trial runs in its own process.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { interleaved } from '../stats.ts';
import type { Section } from '../stats.ts';

const run = promisify(execFile);
const CLIENTS = ['dockerapi', 'dockerode', 'node:http', 'undici'];

export async function requests(repo: string, rounds: number, socketPath: string, image: string): Promise<Section> {
  const worker = path.join(repo, 'bench/request-worker.ts');
  const trial = async (client: string, op: string, inFlight: number, count: number) =>
    JSON.parse(
      (await run(process.execPath, ['--import', 'tsx', worker, client, op, String(inFlight), String(count), socketPath], { cwd: repo }))
        .stdout,
    ) as Record<string, number>;
  const rows: Section['rows'] = [];
  const record = (measure: string, client: string, value: number) => {
    let row = rows.find((r) => r.measure === measure);
    if (!row) rows.push((row = { measure, cells: {} }));
    (row.cells[client] ??= []).push(value);
  };
  for (const [op, inFlight, count] of [
    ['ping', 1, 3000],
    ['ping', 16, 10000],
    ['ping', 64, 20000],
    ['version', 1, 1000],
    ['version', 64, 4000],
  ] as const) {
    await interleaved(rounds, CLIENTS, async (client) => {
      const r = await trial(client, op, inFlight, count);
      record(`${op} x${inFlight} in flight, req/s`, client, r.perSecond);
      record(`${op} x${inFlight} in flight, p50 ms`, client, r.p50);
      record(`${op} x${inFlight} in flight, p99 ms`, client, r.p99);
      record(`${op} x${inFlight} in flight, client CPU us/req`, client, r.cpuPerRequestUs);
    });
  }
  await withContainers(socketPath, image, 100, async () => {
    await interleaved(rounds, CLIENTS, async (client) => {
      const r = await trial(client, 'containers', 1, 300);
      record('containers/json?all=1 (100 containers), req/s', client, r.perSecond);
      record('containers/json?all=1 (100 containers), client CPU us/req', client, r.cpuPerRequestUs);
    });
  });
  return { name: 'requests', title: 'Request path against Engine 28.5 over its unix socket', unit: 'see each row', rows };
}

async function withContainers(socketPath: string, image: string, count: number, fn: () => Promise<void>) {
  const { DockerClient } = await import('@dockerapi/v1.51');
  const docker = new DockerClient({ host: `unix://${socketPath}` });
  const ids: string[] = [];
  try {
    for (let i = 0; i < count; i++)
      ids.push((await docker.containerCreate({ body: { Image: image, Cmd: ['true'], Labels: { 'dockerapi.bench': '1' } } })).Id);
    await fn();
  } finally {
    for (const id of ids) await docker.containerDelete({ id, force: true });
    await docker.close();
  }
}
