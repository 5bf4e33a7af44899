// 5. Footprint: what a consumer installs; for a one-ping script, a program calling one at a time and a service
// under load, run as plain node on the built packages: time from process start to the last answer and peak RSS; and a soak
// (RSS, heap and open fds before and after long runs of calls, streams and exec sessions: flat means nothing leaks).
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { interleaved } from '../stats.ts';
import type { Section } from '../stats.ts';

const run = promisify(execFile);

async function installed(packages: string[]): Promise<{ kb: number; count: number }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dockerapi-bench-install-'));
  try {
    await writeFile(path.join(dir, 'package.json'), '{"name":"consumer","private":true}');
    await run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', ...packages], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
    const { stdout } = await run('du', ['-sk', path.join(dir, 'node_modules')]);
    return { kb: Number(stdout.split('\t')[0]), count: await countPackages(path.join(dir, 'node_modules')) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function countPackages(dir: string): Promise<number> {
  let count = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.name.startsWith('@')) count += await countPackages(full);
    else if (
      await stat(path.join(full, 'package.json')).then(
        () => true,
        () => false,
      )
    ) {
      count++;
      count += await stat(path.join(full, 'node_modules')).then(
        () => countPackages(path.join(full, 'node_modules')),
        () => 0,
      );
    }
  }
  return count;
}

/** The clients each program is run with: ours, dockerode, and the two HTTP clients ours is built on. */
const CLIENTS = ['dockerapi', 'dockerode', 'node:http', 'undici'];

/** One run of bench/footprint-probe.js: the time from spawn to exit and the process's peak RSS. */
async function probe(repo: string, client: string, program: string, socketPath: string): Promise<{ ms: number; peakRssMiB: number }> {
  const started = performance.now();
  const { stdout } = await run(process.execPath, [path.join(repo, 'bench/footprint-probe.js'), client, program, socketPath], { cwd: repo });
  return { ms: performance.now() - started, peakRssMiB: (JSON.parse(stdout) as { peakRssMiB: number }).peakRssMiB };
}

interface Snapshot {
  rssMiB: number;
  heapMiB: number;
  fds: number;
}
interface SoakPhase {
  count: number;
  done: number;
  before: Snapshot;
  after: Snapshot;
}
interface Soak {
  pings: SoakPhase & { listeners: number };
  logStreams: SoakPhase;
  execs: SoakPhase;
}

/** The soak probe, once, in its own plain node process on the built packages: its figures as rows. */
async function soakRows(repo: string, socketPath: string, image: string): Promise<Section['rows']> {
  const probe = path.join(repo, 'bench/soak-probe.js');
  const { stdout } = await run(process.execPath, ['--expose-gc', probe, socketPath, image], { cwd: repo, timeout: 10 * 60_000 });
  const soak = JSON.parse(stdout) as Soak;
  const n = (phase: SoakPhase) =>
    `${phase.done.toLocaleString('en-US')}${phase.done < phase.count ? ` of ${phase.count.toLocaleString('en-US')}` : ''}`;
  const phases: [string, SoakPhase][] = [
    [`${n(soak.pings)} pings on one shared signal`, soak.pings],
    [`${n(soak.logStreams)} followed log streams aborted`, soak.logStreams],
    [`${n(soak.execs)} exec sessions`, soak.execs],
  ];
  const rows: Section['rows'] = [];
  for (const [what, phase] of phases) {
    for (const [measure, key] of [
      ['RSS (MiB)', 'rssMiB'],
      ['heap used (MiB)', 'heapMiB'],
      ['open fds', 'fds'],
    ] as const) {
      rows.push({ measure: `soak: ${measure} before ${what}`, cells: { dockerapi: [phase.before[key]] } });
      rows.push({ measure: `soak: ${measure} after ${what}`, cells: { dockerapi: [phase.after[key]] } });
    }
  }
  rows.push({ measure: `soak: abort listeners left on the shared signal`, cells: { dockerapi: [soak.pings.listeners] } });
  return rows;
}

export async function footprint(repo: string, rounds: number, socketPath: string, image: string, sequential: number[]): Promise<Section> {
  const packs = await mkdtemp(path.join(os.tmpdir(), 'dockerapi-bench-pack-'));
  let ours: { kb: number; count: number };
  let theirs: { kb: number; count: number };
  try {
    const pack = async (dir: string) =>
      path.join(packs, (await run('npm', ['pack', '--pack-destination', packs, dir], { cwd: repo })).stdout.trim().split('\n').pop()!);
    ours = await installed([await pack(path.join(repo, 'runtime')), await pack(path.join(repo, 'generated/v1.51'))]);
    theirs = await installed(['dockerode']);
  } finally {
    await rm(packs, { recursive: true, force: true });
  }
  // Every program runs as plain node on the built packages, the way a consumer runs it.
  const rows: Section['rows'] = [
    { measure: 'install size of a consumer (KB)', cells: { dockerapi: [ours.kb], dockerode: [theirs.kb] } },
    { measure: 'packages installed', cells: { dockerapi: [ours.count], dockerode: [theirs.count] } },
  ];
  const programs: [string, string, string][] = [
    ['one-ping', 'one-ping script: process start to first ping answer (ms)', 'one-ping script: peak RSS (MiB)'],
    ...sequential.map((count): [string, string, string] => [
      `sequential:${count}`,
      `${count.toLocaleString('en-US')} sequential pings: process start to last answer (ms)`,
      `${count.toLocaleString('en-US')} sequential pings: peak RSS (MiB)`,
    ]),
    [
      'service:20000',
      'service, 20,000 pings 16 in flight: process start to last answer (ms)',
      'service, 20,000 pings 16 in flight: peak RSS (MiB)',
    ],
  ];
  for (const [program, timeRow, memoryRow] of programs) {
    const time: Record<string, number[]> = {};
    const memory: Record<string, number[]> = {};
    // The long programs once per client: they measure memory, which does not vary between runs.
    await interleaved(program === 'one-ping' ? rounds : 1, CLIENTS, async (client) => {
      const { ms, peakRssMiB } = await probe(repo, client, program, socketPath);
      (time[client] ??= []).push(ms);
      (memory[client] ??= []).push(peakRssMiB);
    });
    rows.push({ measure: timeRow, cells: time }, { measure: memoryRow, cells: memory });
  }
  rows.push(...(await soakRows(repo, socketPath, image)));
  return { name: 'footprint', title: 'Footprint', unit: 'see each row', rows };
}
