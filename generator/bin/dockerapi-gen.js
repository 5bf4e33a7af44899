#!/usr/bin/env node
// Runs the TypeScript sources directly; the generator is a development tool, never published. A
// `generate` that would change nothing ends first, from the stamp its last run left
// (../src/output/stamp.js), before the TypeScript loader and the pipeline cost their seconds.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stampKey, upToDate } from '../src/output/stamp.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);

/**
 * The lines a `generate` with nothing to do prints, if this is one (`--no-cache` asks to rebuild all
 * the same). Its folders as generate.ts and sources.ts take them.
 */
function noChange() {
  if (args[0] !== 'generate' || args.includes('--no-cache')) return undefined;
  const at = args.findLastIndex((arg) => arg === '--out' || arg.startsWith('--out='));
  const out = path.resolve(at === -1 ? path.join(root, 'generated') : args[at] === '--out' ? (args[at + 1] ?? '') : args[at].slice(6));
  const specs = process.env.DOCKERAPI_SPECS ? path.resolve(process.env.DOCKERAPI_SPECS) : path.join(root, 'specs');
  return upToDate(out, stampKey({ root, specs, out, args, cwd: process.cwd() }));
}

const lines = noChange();
if (lines) {
  const done = `done in ${(performance.now() / 1000).toFixed(1)} s`;
  process.stderr.write([...lines, 'no input and no output file changed since the last generate', done, ''].join('\n'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/program.ts');
}
