#!/usr/bin/env node
// Builds the runtime (tsc -p runtime, then its modules bundled into one) unless neither its inputs nor its output changed since the
// last build: `npm run generate` starts with it, and the compiler alone costs more than a second.
// The stamp in .cache/ records a hash of the inputs and of the output they gave.
//
//   node scripts/build-runtime.js [--root <repo folder>]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const rootArg = process.argv.indexOf('--root');
const root = rootArg === -1 ? path.resolve(here, '..') : path.resolve(process.argv[rootArg + 1] ?? '');
const runtime = path.join(root, 'runtime');
const stampFile = path.join(root, '.cache', 'runtime-build.json');

/** Every file under `dir` (relative, sorted); none if it does not exist. */
function listFiles(dir, prefix = '') {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory() ? listFiles(path.join(dir, entry.name), path.join(prefix, entry.name)) : [path.join(prefix, entry.name)],
    )
    .sort();
}

/** Names and contents of `files` (absolute; a missing one counts as absent). */
function hashOf(files) {
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${path.relative(root, file)}\0${existsSync(file) ? readFileSync(file) : '(absent)'}\0`);
  return hash.digest('hex');
}

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc', { paths: [root, here] });
const typescriptVersion = JSON.parse(readFileSync(path.join(path.dirname(tsc), '../package.json'), 'utf8')).version;
const esbuild = require(require.resolve('esbuild', { paths: [root, here] }));

/**
 * The compiled modules as one: Node resolves, reads and compiles each module of a graph on its own,
 * which made importing a version package cost about 35 ms of CPU more than importing node:http. The
 * declarations stay one per module; dependencies (undici, tar-fs) stay outside, loaded when wanted.
 */
function bundle() {
  const dist = path.join(runtime, 'dist');
  const index = path.join(dist, 'index.js');
  esbuild.buildSync({
    entryPoints: [index],
    outfile: index,
    allowOverwrite: true,
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    sourcemap: true,
    logLevel: 'error',
  });
  for (const name of listFiles(dist)) {
    if (/\.js(\.map)?$/.test(name) && !name.startsWith('index.js')) rmSync(path.join(dist, name));
  }
}

// What shapes the build: the sources, both tsconfigs, the package (its type), the installed
// dependencies (through the lock file) and the compiler.
const inputs = () =>
  `${typescriptVersion} ${hashOf([
    ...listFiles(path.join(runtime, 'src')).map((name) => path.join(runtime, 'src', name)),
    path.join(runtime, 'tsconfig.json'),
    path.join(runtime, 'package.json'),
    path.join(root, 'tsconfig.base.json'),
    path.join(root, 'package-lock.json'),
  ])}`;
const output = () => hashOf(listFiles(path.join(runtime, 'dist')).map((name) => path.join(runtime, 'dist', name)));

const readStamp = () => {
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return undefined;
  }
};

const before = inputs();
const stamp = readStamp();
if (stamp?.inputs === before && stamp.output === output() && existsSync(path.join(runtime, 'dist', 'index.js'))) {
  console.error('runtime build up to date');
} else {
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(runtime, 'tsconfig.json')], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`runtime build failed (tsc exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
  bundle();
  // An input edited while tsc ran leaves no stamp, so the next run builds again.
  if (inputs() === before) {
    mkdirSync(path.dirname(stampFile), { recursive: true });
    writeFileSync(stampFile, `${JSON.stringify({ inputs: before, output: output() })}\n`);
  }
  console.error('runtime built');
}
