// npm run bench: this project and its peers, measured side by side in one run on this machine.
// Writes bench/results/latest.md, latest.json and one SVG chart per section.
//   TSX_TSCONFIG_PATH=bench/tsconfig.json node --import tsx bench/run.ts [--rounds N] [--quick] [--only generation,typecheck,requests,streams,footprint] [--out DIR]
// --out writes the results elsewhere (a trial run that should leave the committed ones alone).
// TSX_TSCONFIG_PATH=bench/tsconfig.json (as `npm run bench` sets it): the packages are measured as
// built, the runtime as consumers get it; the root tsconfig would map @dockerapi/runtime to its source.
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify, parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { barChart, table, type Section } from './stats.ts';
import { generation } from './sections/generation.ts';
import { typecheck } from './sections/typecheck.ts';
import { requests } from './sections/requests.ts';
import { streams } from './sections/streams.ts';
import { footprint } from './sections/footprint.ts';

const run = promisify(execFile);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string', default: 'bench/results' },
  },
});
const rounds = Math.max(1, Number(values.rounds));
const only = new Set((values.only ?? 'generation,typecheck,requests,streams,footprint').split(','));
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

/** The engine DOCKER_HOST names, or Engine 28.5 started (and later stopped) by the project's script. */
async function engine(): Promise<{ socketPath: string; image: string; stop: () => Promise<unknown> }> {
  if (process.env.DOCKER_HOST?.startsWith('unix://')) {
    return {
      socketPath: process.env.DOCKER_HOST.slice(7),
      image: process.env.DOCKERAPI_TEST_IMAGE ?? 'dockerapi-test/busybox:latest',
      stop: async () => undefined,
    };
  }
  const script = path.join(repo, 'scripts/engine.sh');
  const wasRunning = await run(script, ['env', '28']).then(
    () => true,
    () => false,
  );
  const env = Object.fromEntries(
    (await run(script, ['start', '28'])).stdout
      .trim()
      .split('\n')
      .map((l) => l.split(/=(.*)/s).slice(0, 2)),
  );
  return {
    socketPath: env.DOCKER_HOST.slice(7),
    image: env.DOCKERAPI_TEST_IMAGE,
    stop: () => (wasRunning ? Promise.resolve() : run(script, ['stop', '28'])),
  };
}

const sections: Section[] = [];
const needsEngine = only.has('requests') || only.has('footprint');
const docker = needsEngine ? await engine() : undefined;
try {
  if (only.has('generation')) {
    log('generation');
    sections.push(await generation(repo, values.quick ? 1 : rounds));
  }
  if (only.has('typecheck')) {
    log('type-checking');
    sections.push(await typecheck(repo, rounds));
  }
  if (only.has('requests')) {
    log('request path');
    sections.push(await requests(repo, rounds, docker!.socketPath, docker!.image));
  }
  if (only.has('streams')) {
    log('streams');
    sections.push(await streams(rounds, values.quick ? 20 : 200));
  }
  if (only.has('footprint')) {
    log('footprint');
    sections.push(await footprint(repo, rounds, docker!.socketPath, docker!.image, values.quick ? [10_000] : [10_000, 100_000]));
  }
} finally {
  await docker?.stop();
}

const results = path.resolve(repo, values.out);
// A partial run (--only) replaces its sections in the last results and keeps the others.
if (values.only) {
  const previous = await readFile(path.join(results, 'latest.json'), 'utf8').then(
    (t) => JSON.parse(t).sections as Section[],
    () => [],
  );
  for (const old of previous.reverse()) if (!sections.some((s) => s.name === old.name)) sections.unshift(old);
  const order = ['generation', 'typecheck', 'requests', 'streams', 'footprint'];
  sections.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
}

const header = `# Benchmarks\n\n${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}, ${rounds} interleaved rounds; median [min-max].\n`;
await mkdir(results, { recursive: true });
const markdown = [header, ...sections.map((s) => `${table(s.title, s.unit, s.rows)}\n![${s.name}](${s.name}.svg)\n`)].join('\n');
await writeFile(path.join(results, 'latest.md'), markdown);
await writeFile(
  path.join(results, 'latest.json'),
  `${JSON.stringify({ cores: os.cpus().length, node: process.version, rounds, sections }, null, 1)}\n`,
);
for (const s of sections) await writeFile(path.join(results, `${s.name}.svg`), barChart(s.title, s.unit, s.rows));
process.stdout.write(markdown);
