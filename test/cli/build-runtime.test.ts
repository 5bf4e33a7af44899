// scripts/build-runtime.js: the runtime is compiled again exactly when an input or the output changed.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const script = path.resolve(import.meta.dirname, '../../scripts/build-runtime.js');
const run = promisify(execFile);

let root: string;
afterEach(() => rm(root, { recursive: true, force: true }));

/** A repo folder with a one-file runtime, shaped as the real one. */
async function fixture(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dockerapi-runtime-build-'));
  await mkdir(path.join(dir, 'runtime/src'), { recursive: true });
  await writeFile(
    path.join(dir, 'tsconfig.base.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', strict: true } }),
  );
  await writeFile(
    path.join(dir, 'runtime/tsconfig.json'),
    JSON.stringify({
      extends: '../tsconfig.base.json',
      compilerOptions: { rootDir: 'src', outDir: 'dist', declaration: true },
      include: ['src'],
    }),
  );
  await writeFile(path.join(dir, 'runtime/package.json'), JSON.stringify({ name: 'fixture-runtime', type: 'module' }));
  await writeFile(path.join(dir, 'runtime/src/index.ts'), 'export const answer: number = 1;\n');
  return dir;
}

const build = async () => (await run(process.execPath, [script, '--root', root])).stderr.trim();
const builtJs = () => readFile(path.join(root, 'runtime/dist/index.js'), 'utf8');

describe('build-runtime', () => {
  it('compiles on the first run and skips a run with nothing changed', async () => {
    root = await fixture();
    expect(await build()).toBe('runtime built');
    expect(await builtJs()).toContain('answer = 1');
    expect(await build()).toBe('runtime build up to date');
  });

  it('bundles the compiled modules into one index.js, declarations kept per module', async () => {
    root = await fixture();
    await writeFile(path.join(root, 'runtime/src/answer.ts'), 'export const answer: number = 1;\n');
    await writeFile(path.join(root, 'runtime/src/index.ts'), "export { answer } from './answer.js';\n");
    await build();
    const dist = await readdir(path.join(root, 'runtime/dist'));
    expect(dist.filter((name) => name.endsWith('.js')).sort()).toEqual(['index.js']);
    expect(dist).toContain('answer.d.ts');
    const { answer } = await import(pathToFileURL(path.join(root, 'runtime/dist/index.js')).href);
    expect(answer).toBe(1);
  });

  it('compiles again when a source, a tsconfig or the output changed', async () => {
    root = await fixture();
    await build();
    await writeFile(path.join(root, 'runtime/src/index.ts'), 'export const answer: number = 2;\n');
    expect(await build()).toBe('runtime built');
    expect(await builtJs()).toContain('answer = 2');

    await writeFile(path.join(root, 'tsconfig.base.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'CommonJS' } }));
    expect(await build()).toBe('runtime built');
    expect(await builtJs()).toContain('exports.answer');

    await rm(path.join(root, 'runtime/dist/index.d.ts'));
    expect(await build()).toBe('runtime built');
    expect(await readFile(path.join(root, 'runtime/dist/index.d.ts'), 'utf8')).toContain('answer: number');
    expect(await build()).toBe('runtime build up to date');
  });

  it('fails with the compiler exit code and records nothing when the sources do not compile', async () => {
    root = await fixture();
    await writeFile(path.join(root, 'runtime/src/index.ts'), 'export const answer: number = "one";\n');
    await expect(run(process.execPath, [script, '--root', root])).rejects.toMatchObject({ code: 1 });
    await expect(run(process.execPath, [script, '--root', root])).rejects.toMatchObject({ code: 1 });
  });
});
