// The stamp lets a `generate` with nothing to do end at once: it must stop matching when any input
// changes, and when any file the last run left is edited, replaced, deleted or joined by another.
import { mkdir, mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeStamp, stampKey, upToDate, writeStamp } from '../../../generator/src/output/stamp.js';

let root: string;
let out: string;
let report: string;
const files: Record<string, string> = {
  'specs/sources.json': '{"files":[]}',
  'specs/patches/a-patch.json': '{"reason":"x"}',
  'specs/engine-answers/engine-28.5/v1.51.json': '{}',
  'specs/.upstream/v1.51.yaml': 'swagger: "2.0"',
  'generator/src/stages/emit.ts': 'export const x = 1;',
  'generator/bin/dockerapi-gen.js': '// bin',
  'generator/package.json': '{"version":"0.1.0"}',
  'templates/readme.md.hbs': '# {{name}}',
  'runtime/package.json': '{"version":"0.1.0"}',
  'node_modules/.package-lock.json': '{"packages":{}}',
};
const args = ['generate', '--versions', '1.51'];
const keyOf = (changed: Partial<{ args: string[]; cwd: string; out: string }> = {}) =>
  stampKey({ root, specs: path.join(root, 'specs'), out, args, cwd: root, ...changed });
const write = async (file: string, text: string) => {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
};
const stamp = () => writeStamp(out, keyOf(), { files: [report, path.join(root, 'specs/.upstream/v1.51.yaml')], log: ['all 1 packages'] });

const cacheBefore = process.env.DOCKERAPI_GEN_CACHE;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'dockerapi-stamp-'));
  // The stamp goes beside the cached models: here, this test's own.
  process.env.DOCKERAPI_GEN_CACHE = path.join(root, '.cache');
  for (const [name, text] of Object.entries(files)) await write(path.join(root, name), text);
  out = path.join(root, 'generated');
  report = path.join(root, 'api/v1.51.md');
  await write(path.join(out, 'v1.51/index.js'), 'export {};');
  await write(path.join(out, 'manifest.json'), '{}');
  await write(report, '# v1.51');
});
afterEach(async () => {
  if (cacheBefore === undefined) delete process.env.DOCKERAPI_GEN_CACHE;
  else process.env.DOCKERAPI_GEN_CACHE = cacheBefore;
  await rm(root, { recursive: true, force: true });
});

describe('upToDate', () => {
  it('gives the lines of the last run while its key and every file it left are unchanged', () => {
    stamp();
    expect(upToDate(out, keyOf())).toEqual(['all 1 packages']);
  });

  it('leaves the output folder as the run left it: the stamp is kept beside the cached models', async () => {
    const { readdir } = await import('node:fs/promises');
    const before = await readdir(out, { recursive: true });
    stamp();
    expect(await readdir(out, { recursive: true })).toEqual(before);
    expect(await readdir(path.join(root, '.cache', 'stamps'))).toHaveLength(1);
  });

  it('is undefined without a stamp, and once removed', () => {
    expect(upToDate(out, keyOf())).toBeUndefined();
    stamp();
    removeStamp(out);
    expect(upToDate(out, keyOf())).toBeUndefined();
  });

  it.each([
    { input: 'a spec input', file: 'specs/patches/a-patch.json' },
    { input: 'a new spec input', file: 'specs/patches/b-patch.json' },
    { input: 'a recorded engine answer', file: 'specs/engine-answers/engine-28.5/v1.51.json' },
    { input: 'the pinned sources', file: 'specs/sources.json' },
    { input: 'a template', file: 'templates/readme.md.hbs' },
    { input: 'a generator module', file: 'generator/src/stages/emit.ts' },
    { input: 'the bin', file: 'generator/bin/dockerapi-gen.js' },
    { input: "the generator's package.json", file: 'generator/package.json' },
    { input: "the runtime's package.json", file: 'runtime/package.json' },
    { input: 'the installed dependencies', file: 'node_modules/.package-lock.json' },
  ])('misses once $input changes', async ({ file }) => {
    stamp();
    await write(path.join(root, file), '{"changed":true}');
    expect(upToDate(out, keyOf())).toBeUndefined();
  });

  it.each([
    { given: 'other options', changed: { args: ['generate', '--versions', '1.50'] } },
    { given: 'another working folder', changed: { cwd: os.tmpdir() } },
  ])('misses with $given', ({ changed }) => {
    stamp();
    expect(upToDate(out, keyOf(changed))).toBeUndefined();
  });

  it('keys a --no-cache run as the same run: it rebuilds, but leaves what a run with the cache would', () => {
    expect(keyOf({ args: [...args, '--no-cache'] })).toBe(keyOf());
  });

  it('keys the synced upstream copies by what they are, not by their text: sources.json pins that', async () => {
    const before = keyOf();
    await write(path.join(root, 'specs/.upstream/v1.51.yaml'), 'other');
    expect(keyOf()).toBe(before);
  });

  it.each([
    { change: 'an output file edited in place, keeping its size', act: (f: string) => writeFile(f, 'export {}!') },
    {
      change: 'an output file replaced',
      act: async (f: string) => {
        await writeFile(`${f}.new`, 'export {};');
        await rename(`${f}.new`, f);
      },
    },
    { change: 'an output file deleted', act: (f: string) => unlink(f) },
    { change: 'a file added to the output', act: (f: string) => writeFile(path.join(path.dirname(f), 'extra.js'), '') },
    { change: 'an API report edited', act: () => writeFile(report, '# v1.5x') },
    { change: 'an API report deleted', act: () => unlink(report) },
    { change: 'a synced upstream copy edited', act: () => writeFile(path.join(root, 'specs/.upstream/v1.51.yaml'), 'swagger: "2.1"') },
  ])('misses after $change', async ({ act }) => {
    stamp();
    // a hand edit comes later than the clock tick of the write it follows
    await sleep(20);
    await act(path.join(out, 'v1.51/index.js'));
    expect(upToDate(out, keyOf())).toBeUndefined();
  });
});
